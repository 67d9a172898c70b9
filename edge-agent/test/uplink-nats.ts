import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream'
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node'
import type { EventEnvelope, NatsNames } from '@qms/protocol'
import type { Teardown } from '@qms/test'

/*
 * The cloud's side of the NATS contract, as much as the uplink's tests need (cloud/README.md,
 * "Streams and consumers"): the two streams with the same limits and duplicate windows, the
 * hall's command consumer, and reading back what a hall's subject holds.
 */

export async function connectTo(t: Teardown, url: string): Promise<NatsConnection> {
  const nc = await connect({ servers: url, name: 'qms-test-cloud' })
  t.teardown(() => nc.close())
  return nc
}

export async function ensureStreams(jsm: JetStreamManager, names: NatsNames): Promise<void> {
  await jsm.streams.add({
    name: names.eventStream,
    subjects: [names.allEvents()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(5 * 60_000),
    deny_delete: true,
  })
  await jsm.streams.add({
    name: names.commandStream,
    subjects: [names.allCommands()],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: 1000,
    duplicate_window: nanos(2 * 60_000),
  })
}

export async function ensureCommandConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  site: string,
): Promise<void> {
  await jsm.consumers.add(names.commandStream, {
    durable_name: names.commandConsumer(site),
    filter_subject: names.commands(site),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_deliver: 20,
    max_ack_pending: 1000,
  })
}

/** The cloud's side on a server: streams, and the hall's command consumer. */
export async function cloudSide(nc: NatsConnection, names: NatsNames, site: string) {
  const jsm = await jetstreamManager(nc)
  await ensureStreams(jsm, names)
  await ensureCommandConsumer(jsm, names, site)
  return { jsm, js: jetstream(nc) }
}

export interface StoredEvent {
  msgId: string
  streamSeq: number
  event: EventEnvelope
}

/** Every message on a hall's event subject, in stream order. */
export async function readEvents(
  nc: NatsConnection,
  names: NatsNames,
  site: string,
): Promise<StoredEvent[]> {
  const jsm = await jetstreamManager(nc)
  const subject = names.events(site)
  const info = await jsm.streams.info(names.eventStream, { subjects_filter: subject })
  const total = info.state.subjects?.[subject] ?? 0
  const out: StoredEvent[] = []
  if (total === 0) return out
  // An ephemeral consumer on the hall's subject (nats-server 2.9 has no multi-filter ordered one).
  const { name } = await jsm.consumers.add(names.eventStream, {
    filter_subject: subject,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(60_000),
  })
  const consumer = await jetstream(nc).consumers.get(names.eventStream, name)
  while (out.length < total) {
    const batch = await consumer.fetch({
      max_messages: Math.min(1000, total - out.length),
      expires: 5000,
    })
    let got = 0
    for await (const m of batch) {
      got++
      out.push({
        msgId: m.headers?.get('Nats-Msg-Id') ?? '',
        streamSeq: m.seq,
        event: m.json<EventEnvelope>(),
      })
    }
    if (got === 0) break
  }
  return out
}

/** Whether `stored` is exactly seq 1..n once each, in order, with the message ids `<site>:<seq>`. */
export function exactlyInOrder(stored: StoredEvent[], site: string, n: number): string | true {
  if (stored.length !== n) return `${stored.length} messages stored, expected ${n}`
  for (let i = 0; i < n; i++) {
    const s = stored[i] as StoredEvent
    if (s.event.seq !== i + 1) return `message ${i + 1} in the stream has seq ${s.event.seq}`
    if (s.msgId !== `${site}:${i + 1}`) return `message ${i + 1} has id ${s.msgId}`
  }
  return true
}
