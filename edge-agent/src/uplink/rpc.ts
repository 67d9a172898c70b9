import type { Msg, NatsConnection } from '@nats-io/transport-node'
import {
  type Clock,
  type ErrorBody,
  type NatsNames,
  QmsError,
  RpcReplayRequest,
  type RpcRequestOf,
  type RpcResultOf,
  validate,
} from '@qms/protocol'
import type { EdgeRpcOp } from '../cloud/hooks.js'
import { settleWithin } from './bounded.js'
import type { UplinkMetrics } from './metrics.js'

/*
 * Requests from the cloud on `qms.rpc.<site>.<op>` (DESIGN.md, NATS contract): what needs an
 * answer now, e.g. a phone user taking a number. Every request with a reply subject gets exactly
 * one answer, `{ok:true,result}` or `{ok:false,error}` with a code: the hall's NATS user may
 * answer a request once (allow_responses), and a second answer would be a permissions violation.
 */

export type RpcAnswer = { ok: true; result: unknown } | { ok: false; error: ErrorBody }

export interface RpcHandlers {
  /** take, ticket, cancel, state: validated and answered by the agent. */
  rpc(op: EdgeRpcOp, request: unknown): Promise<RpcAnswer>
  /** replay: the uplink's own. */
  replay(request: RpcRequestOf<'replay'>): RpcResultOf<'replay'>
}

export interface RpcResponderOptions {
  nc: NatsConnection
  names: NatsNames
  site: string
  handlers: RpcHandlers
  clock: Clock
  metrics?: UplinkMetrics
  /** Largest request accepted, bytes (default 64 KiB). */
  maxBytes?: number
  onError?(error: unknown): void
}

export interface RpcResponder {
  /** Stops taking requests and waits up to `timeoutMs` for those in hand to be answered. */
  close(timeoutMs: number): Promise<void>
}

const EDGE_OPS: ReadonlySet<string> = new Set<EdgeRpcOp>(['take', 'ticket', 'cancel', 'state'])
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** An error body that fits the protocol's reply schema, whatever produced it. */
function errorBody(error: ErrorBody): ErrorBody {
  const body: ErrorBody = { code: error.code, message: String(error.message).slice(0, 500) }
  if (error.messageZh !== undefined) body.messageZh = String(error.messageZh).slice(0, 200)
  if (error.path !== undefined) body.path = String(error.path).slice(0, 200)
  return body
}
const failure = (error: QmsError | ErrorBody): RpcAnswer => ({
  ok: false,
  error: errorBody(error instanceof QmsError ? error.toBody() : error),
})

export function startRpcResponder(options: RpcResponderOptions): RpcResponder {
  const { names, site, handlers, metrics } = options
  const maxBytes = options.maxBytes ?? 64 * 1024
  const inHand = new Set<Promise<void>>()
  let closing: Promise<void> | undefined

  const decide = async (op: string, msg: Msg): Promise<RpcAnswer> => {
    if (msg.data.byteLength > maxBytes)
      return failure(
        new QmsError(
          'PAYLOAD_TOO_LARGE',
          `request is ${msg.data.byteLength} bytes, the limit is ${maxBytes}`,
        ),
      )
    let request: unknown
    try {
      request = JSON.parse(decoder.decode(msg.data))
    } catch (err) {
      return failure(new QmsError('BAD_JSON', `request is not JSON: ${(err as Error).message}`))
    }
    if (op === 'replay') {
      const checked = validate(RpcReplayRequest, request)
      return checked.ok
        ? { ok: true, result: handlers.replay(checked.value) }
        : failure(checked.error)
    }
    if (EDGE_OPS.has(op)) {
      const answer = await handlers.rpc(op as EdgeRpcOp, request)
      return answer.ok ? answer : failure(answer.error)
    }
    return failure(new QmsError('UNKNOWN_OP', `the hall does not answer rpc ${op}`))
  }

  const answer = async (msg: Msg) => {
    const parsed = names.parseRpc(msg.subject)
    const op = parsed?.site === site ? parsed.op : 'unknown'
    if (msg.reply === undefined || msg.reply === '') {
      metrics?.rpc.inc({ op, result: 'no_reply' })
      return
    }
    let reply: RpcAnswer
    try {
      reply =
        op === 'unknown'
          ? failure(new QmsError('UNKNOWN_OP', `not a request of hall ${site}`))
          : await decide(op, msg)
    } catch (err) {
      options.onError?.(err)
      reply = failure(new QmsError('INTERNAL', 'the hall could not answer'))
    }
    metrics?.rpc.inc({
      op: EDGE_OPS.has(op) || op === 'replay' ? op : 'unknown',
      result: reply.ok ? 'ok' : reply.error.code,
    })
    msg.respond(encoder.encode(JSON.stringify(reply)))
  }

  const sub = options.nc.subscribe(names.allRpc(site), {
    callback: (err, msg) => {
      if (err !== null) {
        options.onError?.(err) // e.g. the server refused the subscription
        return
      }
      const p = answer(msg).catch((e: unknown) => options.onError?.(e))
      inHand.add(p)
      void p.finally(() => inHand.delete(p))
    },
  })

  return {
    close(timeoutMs) {
      closing ??= (async () => {
        // Requests already on their way are still delivered and answered (drain).
        await settleWithin(options.clock, sub.drain(), timeoutMs)
        if (!sub.isClosed()) sub.unsubscribe()
        await settleWithin(options.clock, Promise.allSettled([...inHand]), timeoutMs)
      })()
      return closing
    },
  }
}
