import type { NatsConnection } from '@nats-io/transport-node'
import {
  type Clock,
  type ClockTimer,
  expectValid,
  type NatsNames,
  QmsError,
  RPC,
  type RpcOp,
  RpcReply,
  type RpcRequestOf,
  type RpcResultOf,
  systemClock,
  validate,
} from '@qms/protocol'
import type { TSchema } from '@sinclair/typebox'
import type { CloudMetrics } from '../metrics.js'

/*
 * Request/reply to a hall on `qms.rpc.<site>.<op>`, for what needs an answer now (a phone user
 * takes a number). A hall that does not answer in time — unreachable, no responder, NATS down —
 * is reported as UNAVAILABLE (HTTP 503) within the timeout, never waited on.
 */

export interface RpcClient {
  /**
   * Sends `request` to the hall and resolves with its result. Rejects with a QmsError: the
   * request's own code when it is invalid (BAD_REQUEST…), UNAVAILABLE when the hall does not
   * answer within the timeout, the hall's code when it refuses (ITEM_NOT_OFFERED…), INTERNAL
   * when the answer does not match the protocol.
   */
  request<Op extends RpcOp>(
    site: string,
    op: Op,
    request: RpcRequestOf<Op>,
    options?: { timeoutMs?: number },
  ): Promise<RpcResultOf<Op>>
}

const encoder = new TextEncoder()
const replies = new Map<RpcOp, TSchema>()
const replyOf = (op: RpcOp): TSchema => {
  let schema = replies.get(op)
  if (schema === undefined) {
    schema = RpcReply(RPC[op].result)
    replies.set(op, schema)
  }
  return schema
}

export function createRpcClient(opts: {
  nc: NatsConnection
  names: NatsNames
  /** Default 2 s: a phone user waits this long at most before being told the hall is unreachable. */
  timeoutMs?: number
  clock?: Clock
  metrics?: CloudMetrics
}): RpcClient {
  const { nc, names } = opts
  const clock = opts.clock ?? systemClock
  const defaultTimeout = opts.timeoutMs ?? 2000
  return {
    async request(site, op, request, options = {}) {
      const timeoutMs = options.timeoutMs ?? defaultTimeout
      const count = (result: string) => opts.metrics?.rpcRequests.inc({ op, result })
      const subject = names.rpc(site, op)
      expectValid(RPC[op].request, request)
      let timer: ClockTimer | undefined
      // nats.js times the request out itself; the guard also covers a connection that is
      // reconnecting or closing, where a request could otherwise sit in a buffer.
      const guard = new Promise<never>((_, reject) => {
        timer = clock.setTimeout(
          () =>
            reject(
              new QmsError('UNAVAILABLE', `hall ${site} did not answer within ${timeoutMs} ms`),
            ),
          timeoutMs + 100,
        )
      })
      let data: Uint8Array
      try {
        const msg = await Promise.race([
          nc.request(subject, encoder.encode(JSON.stringify(request)), { timeout: timeoutMs }),
          guard,
        ])
        data = msg.data
      } catch (err) {
        count('UNAVAILABLE')
        if (err instanceof QmsError) throw err
        throw new QmsError(
          'UNAVAILABLE',
          `hall ${site} is unreachable: ${(err as Error).message}`,
          {
            cause: err,
          },
        )
      } finally {
        if (timer !== undefined) clock.clearTimeout(timer)
      }
      let json: unknown
      try {
        json = JSON.parse(new TextDecoder().decode(data))
      } catch {
        count('INTERNAL')
        throw new QmsError(
          'INTERNAL',
          `hall ${site} answered ${op} with something that is not JSON`,
        )
      }
      const reply = validate(replyOf(op), json)
      if (!reply.ok) {
        count('INTERNAL')
        throw new QmsError(
          'INTERNAL',
          `hall ${site} answered ${op} off protocol: ${reply.error.message}`,
        )
      }
      const body = reply.value as
        | { ok: true; result: RpcResultOf<typeof op> }
        | { ok: false; error: { code: QmsError['code']; message: string } }
      if (!body.ok) {
        count(body.error.code)
        throw new QmsError(body.error.code, body.error.message)
      }
      count('ok')
      return body.result
    },
  }
}
