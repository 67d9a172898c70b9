import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Guidance, Priority, TicketState, WaitPrediction, WindowState } from '../domain.js'
import { ERROR_CODE_LIST } from '../errors.js'
import { CategoryCode, ItemCode, ReqId, Text, TicketNo, Timestamp, Url, WindowNo } from '../ids.js'
import { TaggedUnion } from '../tagged-union.js'

/** The error in every failed reply (device, RPC, HTTP). `code` is one of protocol/README.md's list. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.Union(ERROR_CODE_LIST.map((c) => Type.Literal(c))),
    message: Type.String({ maxLength: 500 }),
    messageZh: Type.Optional(Type.String({ maxLength: 200 })),
    path: Type.Optional(Type.String({ maxLength: 200 })),
  },
  {
    $id: 'ErrorBody',
    description: 'Error reply: a stable code, a message, and the failing field if any',
  },
)

/**
 * What became of the paper ticket: printed, failed (the ticket is valid anyway and shown on the
 * kiosk), queued (sent to the printer after the answer), or none (no printer for this channel).
 */
export const PrintState = Type.Union([
  Type.Literal('printed'),
  Type.Literal('failed'),
  Type.Literal('queued'),
  Type.Literal('none'),
])

/** What a person is told when a ticket is issued. */
export const TakeResult = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    itemName: Text(60),
    category: CategoryCode,
    priority: Priority,
    ahead: Type.Integer({
      minimum: 0,
      description: 'People ahead, as the windows that serve the item see it',
    }),
    wait: WaitPrediction,
    issuedAt: Timestamp,
    guidance: Type.Array(Guidance, { maxItems: 4 }),
    statusUrl: Type.Optional(Url),
    printed: Type.Union(
      [
        Type.Literal('printed'),
        Type.Literal('failed'),
        Type.Literal('none'),
        Type.Literal('queued'),
      ],
      {
        description:
          'Whether the dispenser’s printer took the ticket (queued: printing after the answer); the ticket is valid either way',
      },
    ),
  },
  { additionalProperties: false, $id: 'TakeResult' },
)
export type TakeResult = Static<typeof TakeResult>

/** A call, recall or call-back: who is called to which window. */
export const CallResult = Type.Object(
  {
    ticket: TicketNo,
    window: WindowNo,
    item: ItemCode,
    itemName: Text(60),
    recalls: Type.Integer({ minimum: 0 }),
    waitedMin: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
)

/** The ticket a window acted on and the state it is in now. */
export const TicketActionResult = Type.Object(
  { ticket: TicketNo, window: WindowNo, state: TicketState, item: ItemCode },
  { additionalProperties: false },
)

export const WindowResult = Type.Object(
  { window: WindowNo, state: WindowState },
  { additionalProperties: false },
)

export const PresenceResult = Type.Object(
  { window: WindowNo, present: Type.Boolean() },
  { additionalProperties: false },
)

export const RateResult = Type.Object(
  { window: WindowNo, ticket: TicketNo, score: Type.Integer({ minimum: 1, maximum: 5 }) },
  { additionalProperties: false },
)

export const ReprintResult = Type.Object(
  {
    ticket: TicketNo,
    printed: Type.Union([
      Type.Literal('printed'),
      Type.Literal('failed'),
      Type.Literal('none'),
      Type.Literal('queued'),
    ]),
  },
  { additionalProperties: false },
)

function ok<Op extends string, R extends TSchema>(op: Op, result: R) {
  return Type.Object(
    { reqId: ReqId, ok: Type.Literal(true), op: Type.Literal(op), result },
    { additionalProperties: false },
  )
}

/** `qms/v1/<site>/dev/<id>/res`: the answer to a request that succeeded, by op. */
export const OkResponse = TaggedUnion(
  'op',
  [
    ok('take', TakeResult),
    ok('call', CallResult),
    ok('recall', CallResult),
    ok('callback', CallResult),
    ok('callTicket', CallResult),
    ok('start', TicketActionResult),
    ok('complete', TicketActionResult),
    ok('noshow', TicketActionResult),
    ok('transfer', TicketActionResult),
    ok('park', TicketActionResult),
    ok('pause', WindowResult),
    ok('resume', WindowResult),
    ok('open', WindowResult),
    ok('close', WindowResult),
    ok('presence', PresenceResult),
    ok('rate', RateResult),
    ok('reprint', ReprintResult),
  ],
  { $id: 'OkResponse' },
)

/** The answer to a request that failed. `reqId` is absent only when the payload was unreadable. */
export const ErrorResponse = Type.Object(
  {
    reqId: Type.Optional(ReqId),
    ok: Type.Literal(false),
    op: Type.Optional(Type.String({ maxLength: 32 })),
    error: ErrorBodySchema,
  },
  { additionalProperties: false, $id: 'ErrorResponse' },
)

export const DeviceResponse = Type.Union([OkResponse, ErrorResponse], { $id: 'DeviceResponse' })
export type DeviceResponse = Static<typeof DeviceResponse>
export type OkResponse = Static<typeof OkResponse>
export type ErrorResponse = Static<typeof ErrorResponse>
export type ResultOf<Op extends OkResponse['op']> = Extract<OkResponse, { op: Op }>['result']
