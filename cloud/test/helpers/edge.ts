import type { JetStreamClient } from '@nats-io/jetstream'
import type { NatsConnection, Subscription } from '@nats-io/transport-node'
import type { EventEnvelope, NatsNames, RpcReplyOf } from '@qms/protocol'

/*
 * What an edge does on NATS, for the cloud's tests until the edge's uplink exists: it publishes
 * its journal's events to JetStream exactly as the contract says (subject qms.evt.<site>,
 * message id <site>:<seq>) and answers replay requests from its journal. Real NATS, real
 * JetStream; only the journal is in memory.
 */
export class TestEdge {
  /** Every event the hall journaled, by seq. */
  readonly journal = new Map<number, EventEnvelope>()
  /** Replay requests received: [fromSeq, toSeq]. */
  readonly replays: [number, number | undefined][] = []
  private sub: Subscription | undefined

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
    readonly site: string,
  ) {}

  /** Journals an event without sending it (as if its publish was lost). */
  record(event: EventEnvelope): void {
    this.journal.set(event.seq, event)
  }

  /** Journals and publishes an event, resolving on JetStream's PubAck. */
  async publish(event: EventEnvelope): Promise<void> {
    this.record(event)
    await this.send(event)
  }

  /** Publishes many events in order, with a bounded window of unacknowledged publishes. */
  async publishAll(events: EventEnvelope[], window = 256): Promise<void> {
    const inflight = new Set<Promise<void>>()
    for (const event of events) {
      this.record(event)
      const p = this.send(event).finally(() => inflight.delete(p))
      inflight.add(p)
      if (inflight.size >= window) await Promise.race(inflight)
    }
    await Promise.all(inflight)
  }

  async send(event: EventEnvelope): Promise<void> {
    await this.js.publish(this.names.events(this.site), JSON.stringify(event), {
      msgID: this.names.eventMsgId(this.site, event.seq),
    })
  }

  /**
   * Answers `qms.rpc.<site>.replay` from the journal: publishes the requested range again and
   * answers with what it will send. `firstSeq` pretends the journal starts later.
   */
  answerReplays(nc: NatsConnection, opts: { firstSeq?: number } = {}): void {
    this.sub = nc.subscribe(this.names.rpc(this.site, 'replay'), {
      callback: (err, msg) => {
        if (err) return
        const req = JSON.parse(new TextDecoder().decode(msg.data)) as {
          fromSeq: number
          toSeq?: number
        }
        this.replays.push([req.fromSeq, req.toSeq])
        const head = Math.max(0, ...this.journal.keys())
        const from = Math.max(req.fromSeq, opts.firstSeq ?? 1)
        const to = Math.min(req.toSeq ?? head, head)
        const reply: RpcReplyOf<'replay'> = {
          ok: true,
          result: { fromSeq: from, toSeq: to, count: Math.max(0, to - from + 1) },
        }
        msg.respond(JSON.stringify(reply))
        void (async () => {
          for (let seq = from; seq <= to; seq++) {
            const event = this.journal.get(seq)
            if (event !== undefined) await this.send(event)
          }
        })().catch(() => undefined) // the test may end while a replay is still being sent
      },
    })
  }

  stop(): void {
    this.sub?.unsubscribe()
  }
}
