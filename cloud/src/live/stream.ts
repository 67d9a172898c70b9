import { type ConsumerMessages, DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream'
import type { EventEnvelope, NatsNames } from '@qms/protocol'
import { checkEventMessage } from '../intake/check-message.js'

/*
 * Reads one hall's events for its live mirror: an ordered consumer (ephemeral, flow-controlled,
 * recreated by the client on a gap) on the hall's subject from a point in time, each message
 * checked as the intake checks it. Independent of the intake's durable consumer, so the mirror
 * never slows the projections and can start over from the day's beginning at will.
 */

export interface HallStreamHandlers {
  /** A checked event, in stream order; `caughtUp` once nothing older is pending. */
  event(event: EventEnvelope, caughtUp: boolean): void
  /** Nothing (more) was pending: the mirror has seen everything stored so far. */
  caughtUp(): void
  /** The reading stopped on its own (connection closed, stream gone). */
  ended(err?: Error): void
}

export interface HallStream {
  close(): Promise<void>
}

export async function openHallStream(opts: {
  js: JetStreamClient
  names: NatsNames
  site: string
  /** Epoch ms: the first message stored at or after this is read. */
  from: number
  handlers: HallStreamHandlers
}): Promise<HallStream> {
  const { js, names, site, handlers } = opts
  const consumer = await js.consumers.get(names.eventStream, {
    filter_subjects: names.events(site),
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(opts.from).toISOString(),
  })
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 1000 })
  let closed = false
  let caught = false
  const markCaught = () => {
    if (caught || closed) return
    caught = true
    handlers.caughtUp()
  }
  void (async () => {
    try {
      for await (const msg of messages) {
        if (closed) break
        const checked = checkEventMessage(
          names,
          msg.subject,
          msg.headers?.get('Nats-Msg-Id') || undefined,
          msg.data,
        )
        const last = msg.info.pending === 0
        if (checked.ok) handlers.event(checked.event, caught || last)
        if (last) markCaught()
      }
      if (!closed) handlers.ended()
    } catch (err) {
      if (!closed) handlers.ended(err as Error)
    }
  })()
  // An empty subject delivers nothing: ask how much is pending to know we are up to date.
  void consumer.info().then(
    (info) => {
      if (info.num_pending === 0 && info.delivered.stream_seq === 0) markCaught()
    },
    () => undefined,
  )
  return {
    async close() {
      if (closed) return
      closed = true
      await messages.close().catch(() => undefined)
    },
  }
}
