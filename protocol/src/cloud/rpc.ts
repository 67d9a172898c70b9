import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { ErrorBodySchema, TakeResult } from '../device/responses.js'
import { HallSnapshot } from '../display/snapshot.js'
import { Priority, TicketView, WaitPrediction } from '../domain.js'
import { ItemCode, ReqId, SiteId, TicketNo } from '../ids.js'

/*
 * Request/reply on `qms.rpc.<site>.<op>`: the cloud asks an edge to act now. An edge that does
 * not answer within the caller's timeout is reported as UNAVAILABLE, never waited on forever.
 */

const closed = { additionalProperties: false } as const

export const RpcTakeRequest = Type.Object(
  {
    reqId: ReqId,
    item: ItemCode,
    priority: Type.Optional(Priority),
    channel: Type.Union([
      Type.Literal('mobile'),
      Type.Literal('handoff'),
      Type.Literal('appointment'),
    ]),
    personId: Type.Optional(
      Type.String({ minLength: 4, maxLength: 32, pattern: '^[0-9A-Za-z]+$' }),
    ),
    handoff: Type.Optional(Type.Object({ fromSite: SiteId, fromTicket: TicketNo }, closed)),
  },
  {
    ...closed,
    $id: 'RpcTakeRequest',
    description: 'Issue a ticket for a person who is not at the kiosk',
  },
)

export const RpcReplayRequest = Type.Object(
  {
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  {
    ...closed,
    $id: 'RpcReplayRequest',
    description: 'Publish the journal’s events again from `fromSeq`',
  },
)
export const RpcReplayResult = Type.Object(
  {
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Integer({ minimum: 0 }),
    count: Type.Integer({ minimum: 0 }),
  },
  closed,
)

export const RpcTicketRequest = Type.Object(
  { ticket: TicketNo },
  { ...closed, $id: 'RpcTicketRequest' },
)

/** Where a ticket stands now: for the phone page's live view. */
export const TicketStatus = Type.Object(
  {
    ...TicketView.properties,
    ahead: Type.Integer({ minimum: 0 }),
    wait: Type.Optional(WaitPrediction),
  },
  { ...closed, $id: 'TicketStatus' },
)
export type TicketStatus = Static<typeof TicketStatus>

export const RpcCancelRequest = Type.Object(
  { reqId: ReqId, ticket: TicketNo },
  { ...closed, $id: 'RpcCancelRequest' },
)

export const RpcStateRequest = Type.Object({}, { ...closed, $id: 'RpcStateRequest' })

/** `{ok:true,result}` or `{ok:false,error}`, as on the device topics. */
export function RpcReply<R extends TSchema>(result: R) {
  return Type.Union([
    Type.Object({ ok: Type.Literal(true), result }, closed),
    Type.Object({ ok: Type.Literal(false), error: ErrorBodySchema }, closed),
  ])
}

/** Each RPC op with its request and result schema. */
export const RPC = {
  take: { request: RpcTakeRequest, result: TakeResult },
  replay: { request: RpcReplayRequest, result: RpcReplayResult },
  ticket: { request: RpcTicketRequest, result: TicketStatus },
  cancel: { request: RpcCancelRequest, result: TicketView },
  state: { request: RpcStateRequest, result: HallSnapshot },
} as const
export type RpcOp = keyof typeof RPC
export const RPC_OPS = Object.keys(RPC) as RpcOp[]
export type RpcRequestOf<Op extends RpcOp> = Static<(typeof RPC)[Op]['request']>
export type RpcResultOf<Op extends RpcOp> = Static<(typeof RPC)[Op]['result']>
export type RpcReplyOf<Op extends RpcOp> =
  | { ok: true; result: RpcResultOf<Op> }
  | { ok: false; error: Static<typeof ErrorBodySchema> }
