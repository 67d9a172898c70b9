import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamManager,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import type { NatsNames } from '@qms/protocol'

/*
 * Durable consumers, one per hall on each stream:
 *
 * - `evt-<site>` on QMS_EVT: the cloud instance that owns the hall pulls its events from it. It is
 *   (re)created at the position of the hall's checkpoint in Redis each time an instance takes the
 *   hall, so the projection, not the consumer's ack state, decides where reading resumes: a new
 *   owner never waits for a dead owner's unacknowledged messages, and a Redis that lost its data
 *   is rebuilt from the start of the stream. Acks (AckAll, after each write) keep the consumer's
 *   pending count meaningful.
 * - `cmd-<site>` on QMS_CMD: the hall pulls its commands from it; created by the cloud (the
 *   hall's NATS user may not create consumers), never recreated, so a hall offline for hours
 *   finds what was sent meanwhile.
 */

export const eventConsumerName = (site: string) => `evt-${site}`

export interface EventConsumerSettings {
  /** Time for the owner to write and ack a message before the server sends it again. */
  ackWaitMs: number
  /** Messages delivered and not yet acknowledged, at most. */
  maxAckPending: number
}

export const DEFAULT_EVENT_CONSUMER: EventConsumerSettings = {
  ackWaitMs: 60_000,
  maxAckPending: 20_000,
}

const notFound = (err: unknown) => err instanceof JetStreamApiError && err.status === 404

/**
 * Recreates a hall's event consumer so that it delivers the hall's subject from stream sequence
 * `from` (0 or 1: from the start).
 */
export async function resetEventConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  site: string,
  from: number,
  settings: EventConsumerSettings = DEFAULT_EVENT_CONSUMER,
): Promise<string> {
  const name = eventConsumerName(site)
  try {
    await jsm.consumers.delete(names.eventStream, name)
  } catch (err) {
    if (!notFound(err)) throw err
  }
  const config: Partial<ConsumerConfig> = {
    durable_name: name,
    filter_subject: names.events(site),
    ack_policy: AckPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
    max_deliver: -1,
    ...(from > 1
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }
      : { deliver_policy: DeliverPolicy.All }),
  }
  await jsm.consumers.add(names.eventStream, config)
  return name
}

/** The hall's command consumer, created if missing; an existing one is left as it is. */
export async function ensureCommandConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  site: string,
): Promise<string> {
  const name = names.commandConsumer(site)
  try {
    await jsm.consumers.info(names.commandStream, name)
    return name
  } catch (err) {
    if (!notFound(err)) throw err
  }
  await jsm.consumers.add(names.commandStream, {
    durable_name: name,
    filter_subject: names.commands(site),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_deliver: 20,
    max_ack_pending: 1000,
  })
  return name
}
