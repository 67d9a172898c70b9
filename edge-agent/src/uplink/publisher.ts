import type { JetStreamClient } from '@nats-io/jetstream'
import type { NatsNames } from '@qms/protocol'
import { type PublishEvent, PublishFailure } from './outbox.js'

const encoder = new TextEncoder()

/** A short, stable reason for a failed publish, from the nats.js error class names. */
export function publishFailureReason(err: unknown): string {
  const e = err as { name?: unknown; isNoResponders?: () => boolean }
  switch (e?.name) {
    case 'TimeoutError':
      return 'timeout'
    case 'JetStreamNotEnabled':
    case 'NoRespondersError':
      return 'no_stream' // nothing answers on the subject: the stream is missing
    case 'RequestError':
      return typeof e.isNoResponders === 'function' && e.isNoResponders()
        ? 'no_stream'
        : 'disconnected'
    case 'ClosedConnectionError':
    case 'DrainingConnectionError':
      return 'closed'
    case 'JetStreamApiError':
    case 'JetStreamError':
      return 'refused'
    case 'PermissionViolationError':
      return 'forbidden'
    default:
      return 'error'
  }
}

/**
 * Publishes a hall's events on `qms.evt.<site>` with JetStream message id `<site>:<seq>` and
 * waits for the PubAck (`duplicate` when JetStream already stored that id). Nothing else is
 * expected of the stream: the cloud orders by seq and JetStream deduplicates by id.
 */
export function jetStreamPublisher(
  js: JetStreamClient,
  names: NatsNames,
  site: string,
  ackTimeoutMs: number,
): PublishEvent {
  const subject = names.events(site)
  return async (event) => {
    try {
      const ack = await js.publish(subject, encoder.encode(JSON.stringify(event)), {
        msgID: names.eventMsgId(site, event.seq),
        timeout: ackTimeoutMs,
      })
      return { duplicate: ack.duplicate }
    } catch (err) {
      throw new PublishFailure(publishFailureReason(err), err)
    }
  }
}
