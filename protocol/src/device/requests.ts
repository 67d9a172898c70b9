import { type Static, type TProperties, Type } from '@sinclair/typebox'
import { Priority } from '../domain.js'
import { ItemCode, ReqId, TicketNo, WindowNo } from '../ids.js'
import { TaggedUnion, tagsOf } from '../tagged-union.js'

/*
 * Requests a device publishes on `qms/v1/<site>/dev/<id>/req` (QoS 1). Every request carries the
 * device's own `reqId`; the same `reqId` twice returns the first answer and changes nothing.
 * The answer goes to `…/dev/<id>/res`.
 */

function request<Op extends string, P extends TProperties>(op: Op, props: P, description: string) {
  return Type.Object(
    { reqId: ReqId, op: Type.Literal(op), ...props },
    { additionalProperties: false, description },
  )
}

/** An identity number as typed at the kiosk; the edge keeps only a salted hash of it. */
const PersonId = Type.String({ minLength: 4, maxLength: 32, pattern: '^[0-9A-Za-z]+$' })

export const TakeRequest = request(
  'take',
  {
    item: ItemCode,
    priority: Type.Optional(Priority),
    personId: Type.Optional(PersonId),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
  },
  'Dispenser: take a number for an item',
)

const windowOp = <Op extends string>(op: Op, description: string) =>
  request(op, { window: WindowNo }, description)

export const CallRequest = windowOp('call', 'Caller: call the next ticket this window may serve')
export const RecallRequest = windowOp('recall', 'Caller: announce the current ticket again')
export const StartRequest = windowOp('start', 'Caller: the called person arrived; service starts')
export const CompleteRequest = windowOp('complete', 'Caller: service finished')
export const NoshowRequest = windowOp('noshow', 'Caller: the called person did not come')
export const TransferRequest = request(
  'transfer',
  { window: WindowNo, toItem: ItemCode },
  'Caller: send the current ticket back to the queue for another item, keeping its time',
)
export const ParkRequest = windowOp(
  'park',
  'Caller: set the current ticket aside (挂起), e.g. to fetch a document',
)
export const CallbackRequest = request(
  'callback',
  { window: WindowNo, ticket: Type.Optional(TicketNo) },
  'Caller: call a parked ticket back (the given one, or the oldest parked at this window)',
)
export const CallTicketRequest = request(
  'callTicket',
  { window: WindowNo, ticket: TicketNo },
  'Caller: call a given waiting ticket out of order',
)
export const PauseRequest = windowOp('pause', 'Caller: pause the window')
export const ResumeRequest = windowOp('resume', 'Caller: resume a paused window')
export const OpenRequest = request(
  'open',
  {
    window: WindowNo,
    staff: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' })),
  },
  'Caller: open the window, optionally naming the staff member',
)
export const CloseRequest = windowOp('close', 'Caller: close the window')
export const PresenceRequest = request(
  'presence',
  { window: WindowNo, present: Type.Boolean() },
  'Booth sensor: someone is (or is no longer) at the window',
)
export const RateRequest = request(
  'rate',
  { window: WindowNo, ticket: TicketNo, score: Type.Integer({ minimum: 1, maximum: 5 }) },
  'Evaluator: satisfaction 1–5 for a ticket served at this window',
)
export const ReprintRequest = request(
  'reprint',
  { ticket: TicketNo },
  'Dispenser: print a ticket again',
)

export const DeviceRequest = TaggedUnion(
  'op',
  [
    TakeRequest,
    CallRequest,
    RecallRequest,
    StartRequest,
    CompleteRequest,
    NoshowRequest,
    TransferRequest,
    ParkRequest,
    CallbackRequest,
    CallTicketRequest,
    PauseRequest,
    ResumeRequest,
    OpenRequest,
    CloseRequest,
    PresenceRequest,
    RateRequest,
    ReprintRequest,
  ],
  { $id: 'DeviceRequest', description: 'A device request, told apart by `op`' },
)
export type DeviceRequest = Static<typeof DeviceRequest>
export type DeviceOp = DeviceRequest['op']
export type RequestOf<Op extends DeviceOp> = Extract<DeviceRequest, { op: Op }>

/** Every op, for dispatch tables and docs. */
export const DEVICE_OPS = tagsOf(DeviceRequest) as DeviceOp[]

export type TakeRequest = Static<typeof TakeRequest>
