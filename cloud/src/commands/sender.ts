import { randomBytes } from 'node:crypto'
import type { JetStreamClient } from '@nats-io/jetstream'
import {
  type Clock,
  CloudCommand,
  type CloudCommandOf,
  type CloudCommandType,
  commandExpiresAt,
  expectValid,
  type NatsNames,
  PROTOCOL_VERSION,
  QmsError,
  systemClock,
} from '@qms/protocol'
import type { CloudMetrics } from '../metrics.js'

/*
 * Cloud → edge commands on `qms.cmd.<site>` (stream QMS_CMD). Each command has a unique id, which
 * is also its JetStream message id (a resend within the duplicate window is stored once), and an
 * expiry: the hall drops a command that reaches it late (protocol's `isExpired`).
 */

export interface CommandSender {
  /**
   * Publishes a command to a hall and resolves with it once JetStream has stored it. Rejects
   * with BAD_REQUEST when the data does not fit the command's schema, a RangeError when the time
   * to live is out of range, UNAVAILABLE when JetStream does not confirm.
   */
  send<T extends CloudCommandType>(
    site: string,
    type: T,
    data: CloudCommandOf<T>['data'],
    ttlMs: number,
  ): Promise<CloudCommandOf<T>>
}

/** A command id: time-ordered, unique across instances, safe as a JetStream message id. */
export function newCommandId(nowMs: number): string {
  return `c${nowMs.toString(36)}-${randomBytes(6).toString('hex')}`
}

export function createCommandSender(opts: {
  js: JetStreamClient
  names: NatsNames
  /** Makes sure the hall's command consumer exists before its first command. */
  ensureConsumer(site: string): Promise<unknown>
  clock?: Clock
  metrics?: CloudMetrics
  publishTimeoutMs?: number
}): CommandSender {
  const { js, names } = opts
  const clock = opts.clock ?? systemClock
  const ensured = new Map<string, Promise<unknown>>()
  return {
    async send(site, type, data, ttlMs) {
      const now = clock.now()
      const command = expectValid(CloudCommand, {
        v: PROTOCOL_VERSION,
        id: newCommandId(now),
        site,
        ts: new Date(now).toISOString(),
        expiresAt: commandExpiresAt(now, ttlMs),
        type,
        data,
      }) as CloudCommandOf<typeof type>
      let consumer = ensured.get(site)
      if (consumer === undefined) {
        consumer = opts.ensureConsumer(site)
        ensured.set(site, consumer)
        consumer.catch(() => ensured.delete(site))
      }
      try {
        await consumer
        await js.publish(names.commands(site), JSON.stringify(command), {
          msgID: command.id,
          expect: { streamName: names.commandStream },
          timeout: opts.publishTimeoutMs ?? 5000,
        })
      } catch (err) {
        throw new QmsError(
          'UNAVAILABLE',
          `command ${type} to ${site} not stored: ${(err as Error).message}`,
          {
            cause: err,
          },
        )
      }
      opts.metrics?.commandsSent.inc({ type })
      return command
    },
  }
}
