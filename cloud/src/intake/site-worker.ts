import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream'
import type { Clock, EventEnvelope, NatsNames, RpcResultOf } from '@qms/protocol'
import { resetEventConsumer } from '../nats/consumers.js'
import { Changes } from '../projections/changes.js'
import type { Checkpoint } from '../projections/codec.js'
import { applyEvent } from '../projections/dispatch.js'
import type { RedisKeys } from '../projections/keys.js'
import type { ApplyContext, SiteState } from '../projections/state.js'
import type { ProjectionStore, SiteWrite, WriteResult } from '../projections/store.js'
import { newWriteMemo, planWrite } from '../projections/write-plan.js'
import { checkEventMessage, type Rejection } from './check-message.js'
import { GapTracker } from './gap.js'
import type { IntakeSettings } from './settings.js'

/*
 * One hall's intake while this instance holds its lease: loads the hall's state from Redis,
 * reads the hall's subject from the checkpoint's stream position, and turns what arrived into
 * one write per round of the batcher (intake.ts). Order and exactly-once come from the seq:
 * an event is applied only as the successor of the last applied one, and the write that records
 * it is conditional on the stored seq (apply-script.ts).
 */

export interface WorkerDeps {
  site: string
  names: NatsNames
  js: JetStreamClient
  jsm: JetStreamManager
  store: ProjectionStore
  keys: RedisKeys
  ctx: ApplyContext
  timezone: string
  settings: IntakeSettings
  clock: Clock
  replay(site: string, fromSeq: number, toSeq: number): Promise<RpcResultOf<'replay'>>
  /** There is work for the batcher. */
  kick(): void
  /** The worker cannot go on from where it is: restart it from the checkpoint. */
  restart(site: string, reason: string): void
  onReplay(site: string, result: string, from: number, to: number): void
}

/** What one round of the batcher takes from a worker. */
export interface Prepared {
  worker: SiteWorker
  write: SiteWrite | undefined
  /** Acknowledges everything the round read from the hall's consumer (AckAll). */
  ack: JsMsg | undefined
  /** Type and timestamp (ms) of every event applied, for metrics and lag. */
  applied: { type: EventEnvelope['type']; tsMs: number; storedMs: number }[]
  rejected: (Rejection & { seq?: number })[]
  duplicates: number
  skipped: number
  /** Read the stream again from the checkpoint after this round (events were dropped). */
  rewind: boolean
}

/** When JetStream stored a message (ms). */
const storedMs = (msg: JsMsg) => Math.floor(msg.info.timestampNanos / 1e6)

export class SiteWorker {
  readonly site: string
  phase: 'starting' | 'running' | 'stopping' | 'stopped' = 'starting'
  /** Messages read and not yet prepared. */
  readonly buffer: JsMsg[] = []
  /** When the hall was last heard from (an event arrived). */
  lastArrivalAt = 0
  state: SiteState | undefined
  private checkpoint: Checkpoint | undefined
  private messages: ConsumerMessages | undefined
  private readonly gap: GapTracker
  private arrivals = 0
  /** Highest stream seq prepared (applied, duplicate or refused), while nothing is held. */
  private settledStream = 0
  private drained: (() => void) | undefined
  private readonly memo = newWriteMemo()
  /** Rounds with this worker's reads still on their way to Redis. */
  pendingWrites = 0

  constructor(private readonly deps: WorkerDeps) {
    this.site = deps.site
    this.gap = new GapTracker({
      site: deps.site,
      clock: deps.clock,
      settings: deps.settings,
      replay: (from, to) => deps.replay(deps.site, from, to),
      kick: () => deps.kick(),
      onRequest: (result, from, to) => deps.onReplay(deps.site, result, from, to),
    })
  }

  get gapFrom(): number | undefined {
    return this.gap.openFrom
  }

  get heldCount(): number {
    return this.gap.held.size
  }

  /** Work for the batcher: buffered messages, or an answer from the hall to act on. */
  get ready(): boolean {
    return (
      this.phase !== 'starting' &&
      this.phase !== 'stopped' &&
      (this.buffer.length > 0 ||
        this.gap.skipTo !== undefined ||
        this.gap.futureAbove !== undefined)
    )
  }

  /** Loads the hall and starts reading its subject from the checkpoint. */
  async start(): Promise<void> {
    const { state, checkpoint } = await this.deps.store.load(this.site, this.deps.timezone)
    this.state = state
    this.checkpoint = checkpoint
    // A checkpoint beyond the stream's end means the stream was made anew (its sequence starts
    // again at 1): read it from the start; the seq check skips what was applied.
    const { state: stream } = await this.deps.jsm.streams.info(this.deps.names.eventStream)
    const from = checkpoint.stream > stream.last_seq + 1 ? 0 : checkpoint.stream
    this.settledStream = Math.max(0, from - 1)
    const name = await resetEventConsumer(this.deps.jsm, this.deps.names, this.site, from)
    if (this.phase !== 'starting') return
    const consumer = await this.deps.js.consumers.get(this.deps.names.eventStream, name)
    const messages = await consumer.consume({ max_messages: this.deps.settings.pullBatch })
    if (this.phase !== 'starting') {
      await messages.close()
      return
    }
    this.messages = messages
    this.phase = 'running'
    void this.read(messages)
    void this.watch(messages)
  }

  private async read(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const msg of messages) {
        if (this.messages !== messages) break
        this.buffer.push(msg)
        this.lastArrivalAt = this.deps.clock.now()
        this.deps.kick()
        if (this.buffer.length >= this.deps.settings.maxBuffer) {
          await new Promise<void>((resolve) => {
            this.drained = resolve
          })
        }
      }
      // The messages ended without being stopped (the connection closed): start over.
      if (this.messages === messages && this.phase === 'running') {
        this.deps.restart(this.site, 'read: consumer messages ended')
      }
    } catch (err) {
      if (this.phase === 'running') this.deps.restart(this.site, `read: ${(err as Error).message}`)
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    for await (const status of messages.status()) {
      if (this.messages !== messages || this.phase !== 'running') return
      // Another instance recreated the consumer (it took the hall) or it was deleted: our
      // lease check will refuse our writes anyway; stop reading from a consumer that moved.
      if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found') {
        this.deps.restart(this.site, status.type)
        return
      }
    }
  }

  /** Takes what arrived and computes the hall's next write. Mutates the state. */
  prepare(limit: number): Prepared | undefined {
    const state = this.state
    if (state === undefined || !this.ready) return undefined
    const { settings, names } = this.deps
    const msgs = this.buffer.splice(0, Math.min(limit, settings.maxBatchPerSite))
    if (this.drained !== undefined && this.buffer.length < settings.maxBuffer / 2) {
      this.drained()
      this.drained = undefined
    }
    const expectedSeq = state.seq
    const changes = new Changes()
    const prepared: Prepared = {
      worker: this,
      write: undefined,
      ack: msgs[msgs.length - 1],
      applied: [],
      rejected: [],
      duplicates: 0,
      skipped: 0,
      rewind: false,
    }
    const apply = (event: EventEnvelope, storedMs: number) => {
      applyEvent(state, event, changes, this.deps.ctx)
      prepared.applied.push({ type: event.type, tsMs: Date.parse(event.ts), storedMs })
    }
    const drainHeld = () => {
      for (
        let next = this.gap.take(state.seq + 1);
        next !== undefined;
        next = this.gap.take(state.seq + 1)
      ) {
        apply(next.event, next.storedMs)
      }
    }
    // The hall's answer to a replay request: pass over what it can no longer replay, refuse
    // what it never journaled.
    const future = this.gap.futureAbove
    if (future !== undefined) {
      this.gap.futureAbove = undefined
      for (const [seq, h] of this.gap.held) {
        if (seq > future.seq && h.arrival <= future.arrival) {
          this.gap.held.delete(seq)
          prepared.rejected.push({
            reason: 'seq_from_future',
            code: 'SEQ_FROM_FUTURE',
            message: `seq ${seq} is beyond the hall's journal (${future.seq})`,
            seq,
          })
        }
      }
    }
    const skipTo = this.gap.skipTo
    if (skipTo !== undefined) {
      this.gap.skipTo = undefined
      if (skipTo > state.seq) {
        prepared.skipped = skipTo - state.seq
        state.seq = skipTo
        drainHeld()
      }
    }
    for (const msg of msgs) {
      const checked = checkEventMessage(
        names,
        msg.subject,
        msg.headers?.get('Nats-Msg-Id') || undefined,
        msg.data,
      )
      const arrival = ++this.arrivals
      if (!checked.ok) {
        prepared.rejected.push(checked.rejection)
        this.settle(msg.seq)
        continue
      }
      const event = checked.event
      if (event.seq <= state.seq) {
        prepared.duplicates++
        this.settle(msg.seq)
      } else if (state.seq > 0 && event.seq > state.seq + settings.maxSeqJump) {
        prepared.rejected.push({
          reason: 'seq_from_future',
          code: 'SEQ_FROM_FUTURE',
          message: `seq ${event.seq} is more than ${settings.maxSeqJump} ahead of ${state.seq}`,
          seq: event.seq,
        })
        this.settle(msg.seq)
      } else if (event.seq === state.seq + 1) {
        apply(event, storedMs(msg))
        this.settle(msg.seq)
        drainHeld()
      } else {
        const held = this.gap.hold({ event, streamSeq: msg.seq, arrival, storedMs: storedMs(msg) })
        if (held === 'duplicate') {
          prepared.duplicates++
          this.settle(msg.seq)
        }
      }
    }
    this.gap.update(state.seq)
    if (this.gap.droppedFrom !== undefined && this.gap.held.size === 0 && state.seq > expectedSeq) {
      // The gap filled but events after it were dropped for lack of room: read them again.
      prepared.rewind = true
    }
    if (prepared.applied.length === 0 && prepared.skipped === 0) return prepared
    const resume = this.gap.minStream() ?? this.settledStream + 1
    prepared.write = {
      site: this.site,
      expectedSeq,
      newSeq: state.seq,
      applied: prepared.applied.length,
      skipped: prepared.skipped,
      resume,
      lastTs: state.ts ?? '',
      ops: planWrite(
        this.deps.keys,
        state,
        changes,
        {
          historyMaxLen: settings.historyMaxLen,
          dayTtlSec: settings.dayTtlDays * 86_400,
        },
        this.memo,
      ),
    }
    return prepared
  }

  private settle(streamSeq: number): void {
    if (streamSeq > this.settledStream) this.settledStream = streamSeq
  }

  /** After the round's write: acknowledge, or start over from the checkpoint. */
  committed(prepared: Prepared, result: WriteResult | undefined): void {
    if (result === undefined || result.status === 'applied') {
      prepared.ack?.ack()
      if (prepared.write !== undefined && this.checkpoint !== undefined) {
        this.checkpoint.seq = prepared.write.newSeq
        this.checkpoint.stream = prepared.write.resume
      }
      if (prepared.rewind) this.deps.restart(this.site, 'rewind')
      return
    }
    // The stored state is not the one this worker computed from: never build on it.
    this.state = undefined
    const reason =
      result.status === 'fenced'
        ? 'fenced'
        : result.status === 'conflict'
          ? `conflict: stored seq ${result.storedSeq}`
          : `write: ${result.error.message}`
    this.deps.restart(this.site, reason)
  }

  /** Stops reading. Messages already buffered stay for a last round (see Intake.stopSite). */
  async stopReading(): Promise<void> {
    const messages = this.messages
    this.messages = undefined
    this.drained?.()
    this.drained = undefined
    if (messages !== undefined) await messages.close().catch(() => undefined)
  }

  /** Stops for good: drops what was not written (it is read again by the next owner). */
  async stop(): Promise<void> {
    this.phase = 'stopped'
    this.gap.close()
    this.buffer.length = 0
    await this.stopReading()
  }
}
