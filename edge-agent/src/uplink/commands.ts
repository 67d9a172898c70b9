import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream'
import type { Clock, ClockTimer, ErrorBody, NatsNames } from '@qms/protocol'
import { backoffMs } from './backoff.js'
import { settleWithin } from './bounded.js'
import type { UplinkMetrics } from './metrics.js'

/*
 * Cloud → hall commands (DESIGN.md, NATS contract): pulled from the hall's durable consumer
 * `cmd-<site>` on QMS_CMD, so a hall that was offline gets what was sent meanwhile. The cloud
 * creates the consumer (the hall's NATS user may not); until it exists the hall asks again with
 * a back-off. While connected, a pull request stays waiting on the consumer: that is how the
 * cloud sees the hall as connected (cloud/README.md, "What an edge must do").
 *
 * Each command is handed to the agent, which drops and counts the expired, the invalid and
 * those for another hall, and acknowledged after it was handled. A message that is not a
 * command at all is acknowledged and counted, never redelivered; one whose handling threw, or
 * that the hall answered UNAVAILABLE (it was draining), is offered again a few times, then
 * acknowledged and counted as failed.
 */

export type CommandAnswer = { ok: true } | { ok: false; error: ErrorBody }

export interface CommandConsumerOptions {
  js: JetStreamClient
  names: NatsNames
  site: string
  clock: Clock
  /** The agent's `command`: validates against CloudCommand, applies or drops and counts. */
  handle(command: unknown): Promise<CommandAnswer>
  /** A message that is not JSON (or too large) was dropped. */
  onInvalid?(): void
  metrics?: UplinkMetrics
  /** Largest command accepted, bytes (default 4 MiB: predictions for a busy hall are large). */
  maxBytes?: number
  /** Deliveries of a command whose handling throws before it is given up (default 5). */
  maxAttempts?: number
  /** Wait before a throwing command is offered again, ms (default 2 s). */
  redeliverMs?: number
  /** Back-off while the consumer is missing or the pull fails, ms (default 500 doubling to 15 s). */
  retryMs?: number
  retryMaxMs?: number
  /** Commands pulled ahead at most (default 16). */
  batch?: number
  onError?(error: unknown, what: 'consumer' | 'handle'): void
}

export interface CommandConsumer {
  /** Stops pulling; waits up to `timeoutMs` for the command in hand. Idempotent. */
  close(timeoutMs: number): Promise<void>
}

export function startCommandConsumer(options: CommandConsumerOptions): CommandConsumer {
  const { js, names, site, clock, metrics } = options
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024
  const maxAttempts = options.maxAttempts ?? 5
  const redeliverMs = options.redeliverMs ?? 2000
  const retryMs = options.retryMs ?? 500
  const retryMaxMs = options.retryMaxMs ?? 15_000
  let stopped = false
  let messages: ConsumerMessages | undefined
  let inHand: Promise<void> | undefined
  let sleeping: { timer: ClockTimer; wake(): void } | undefined
  let closing: Promise<void> | undefined

  const count = (result: string) => metrics?.commands.inc({ result })

  const handleOne = async (m: JsMsg) => {
    let command: unknown
    if (m.data.byteLength > maxBytes) {
      options.onInvalid?.()
      count('PAYLOAD_TOO_LARGE')
      m.ack()
      return
    }
    try {
      command = m.json()
    } catch {
      options.onInvalid?.()
      count('BAD_JSON')
      m.ack()
      return
    }
    const offerAgain = () => {
      if (m.info.deliveryCount >= maxAttempts) return false
      count('retry')
      m.nak(redeliverMs)
      return true
    }
    let result: string
    try {
      const answer = await options.handle(command)
      // The hall could not take it now (it is draining): not dropped, offered again.
      if (!answer.ok && answer.error.code === 'UNAVAILABLE' && offerAgain()) return
      result = answer.ok ? 'applied' : answer.error.code
    } catch (err) {
      options.onError?.(err, 'handle')
      if (offerAgain()) return
      result = 'failed'
    }
    count(result)
    m.ack()
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        sleeping = undefined
        resolve()
      }, ms)
      timer.unref?.()
      sleeping = {
        timer,
        wake() {
          clock.clearTimeout(timer)
          sleeping = undefined
          resolve()
        },
      }
    })

  const run = async () => {
    let attempt = 0
    while (!stopped) {
      try {
        const consumer = await js.consumers.get(names.commandStream, names.commandConsumer(site))
        if (stopped) break
        messages = await consumer.consume({
          max_messages: options.batch ?? 16,
          expires: 30_000,
        })
        attempt = 0
        for await (const m of messages) {
          inHand = handleOne(m)
          await inHand
          inHand = undefined
          if (stopped) break
        }
      } catch (err) {
        if (stopped) break
        attempt++
        options.onError?.(err, 'consumer')
      }
      messages = undefined
      if (!stopped) await sleep(backoffMs(Math.max(1, attempt), retryMs, retryMaxMs))
    }
  }
  void run()

  return {
    close(timeoutMs) {
      closing ??= (async () => {
        stopped = true
        sleeping?.wake()
        if (inHand !== undefined) await settleWithin(clock, inHand, timeoutMs)
        const m = messages
        if (m !== undefined) await settleWithin(clock, m.close(), timeoutMs)
      })()
      return closing
    },
  }
}
