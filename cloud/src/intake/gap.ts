import type { Clock, ClockTimer, EventEnvelope, RpcResultOf } from '@qms/protocol'
import { isQmsError } from '@qms/protocol'
import type { IntakeSettings } from './settings.js'

/*
 * A hall's events must be applied in seq order with none missing. When an event arrives ahead of
 * the next expected seq, the events in between are missing from the stream (the edge's publish
 * was lost, or the stream no longer holds them): the arrivals are held, and the hall is asked
 * to replay the missing range (`qms.rpc.<site>.replay`), again with backoff until the gap fills.
 *
 * The hall's answer also settles two cases the cloud cannot decide alone:
 * - it replays from a later seq than asked (its journal no longer goes back that far): the
 *   missing events are passed over and counted as skipped;
 * - it replays only up to a seq below some held events that were received before the request:
 *   those were never journaled by the hall — forged or broken — and are refused.
 */

export interface HeldEvent {
  event: EventEnvelope
  streamSeq: number
  /** Arrival order of the message at the worker. */
  arrival: number
  /** When JetStream stored it (ms). */
  storedMs: number
}

export interface GapDeps {
  site: string
  clock: Clock
  settings: IntakeSettings
  replay(fromSeq: number, toSeq: number): Promise<RpcResultOf<'replay'>>
  /** Something changed that the next prepare should act on. */
  kick(): void
  onRequest(result: 'ok' | string, from: number, to: number): void
}

export class GapTracker {
  readonly held = new Map<number, HeldEvent>()
  /** Stream seq of the first message dropped because the held set was full. */
  droppedFrom: number | undefined
  /** Set by the hall's answer: pass over the events up to this seq. */
  skipTo: number | undefined
  /** Set by the hall's answer: held events that arrived by `arrival` above `seq` are forged. */
  futureAbove: { seq: number; arrival: number } | undefined
  private gap: { from: number; attempts: number; timer?: ClockTimer; inFlight: boolean } | undefined
  private closed = false

  constructor(private readonly deps: GapDeps) {}

  /** The first missing seq while a gap is open. */
  get openFrom(): number | undefined {
    return this.gap?.from
  }

  /** Holds an event that arrived ahead of the sequence. */
  hold(entry: HeldEvent): 'held' | 'duplicate' | 'dropped' {
    if (this.held.has(entry.event.seq)) return 'duplicate'
    if (this.held.size >= this.deps.settings.maxHeld) {
      this.droppedFrom ??= entry.streamSeq
      return 'dropped'
    }
    this.held.set(entry.event.seq, entry)
    return 'held'
  }

  take(seq: number): HeldEvent | undefined {
    const entry = this.held.get(seq)
    if (entry !== undefined) this.held.delete(seq)
    return entry
  }

  /** Lowest stream seq among held events: reading must resume there at the latest. */
  minStream(): number | undefined {
    let min: number | undefined
    for (const h of this.held.values())
      if (min === undefined || h.streamSeq < min) min = h.streamSeq
    if (this.droppedFrom !== undefined && (min === undefined || this.droppedFrom < min)) {
      min = this.droppedFrom
    }
    return min
  }

  /** Opens, moves or closes the gap after the events up to `lastSeq` are applied. */
  update(lastSeq: number): void {
    if (this.held.size === 0 && this.droppedFrom === undefined) {
      this.clear()
      return
    }
    if (this.held.size === 0) return // dropped events only: the worker rewinds
    const from = lastSeq + 1
    if (this.gap?.from === from) return
    this.clear()
    this.gap = { from, attempts: 0, inFlight: false }
    this.request()
  }

  private request(): void {
    const gap = this.gap
    if (gap === undefined || gap.inFlight || this.closed) return
    const to = Math.max(...this.held.keys())
    const sentAt = this.lastArrival()
    gap.inFlight = true
    gap.attempts++
    this.deps
      .replay(gap.from, to)
      .then(
        (result) => {
          this.deps.onRequest('ok', gap.from, to)
          if (this.gap !== gap) return
          if (result.fromSeq > gap.from) this.skipTo = result.fromSeq - 1
          if (result.toSeq < to) this.futureAbove = { seq: result.toSeq, arrival: sentAt }
          if (this.skipTo !== undefined || this.futureAbove !== undefined) this.deps.kick()
        },
        (err: unknown) => {
          this.deps.onRequest(isQmsError(err) ? err.code : 'error', gap.from, to)
        },
      )
      .finally(() => {
        gap.inFlight = false
        if (this.gap !== gap || this.closed) return
        // Ask again later if the replayed events do not arrive (or the hall did not answer).
        const { replayRetryMs, replayRetryMaxMs } = this.deps.settings
        const wait = Math.min(replayRetryMaxMs, replayRetryMs * 2 ** (gap.attempts - 1))
        gap.timer = this.deps.clock.setTimeout(() => {
          gap.timer = undefined
          if (this.gap === gap) this.request()
        }, wait)
        gap.timer.unref?.()
      })
  }

  private lastArrival(): number {
    let max = 0
    for (const h of this.held.values()) if (h.arrival > max) max = h.arrival
    return max
  }

  private clear(): void {
    if (this.gap?.timer !== undefined) this.deps.clock.clearTimeout(this.gap.timer)
    this.gap = undefined
  }

  close(): void {
    this.closed = true
    this.clear()
  }
}
