import type {
  Channel,
  DeviceRequest,
  EventData,
  EventType,
  Priority,
  QmsError,
  ResultOf,
  TicketView,
  WaitPrediction,
} from '@qms/protocol'

/** An event as the engine decides it: the `type` and `data` of an `EventEnvelope`, without seq, ts and site (the journal adds those). */
export type EventDraft = { [T in EventType]: { type: T; data: EventData<T> } }[EventType]

/** Issue a ticket for someone who is not at a kiosk: a phone, an appointment, a hand-off from another hall. */
export interface IssueRequest {
  op: 'issue'
  item: string
  priority?: Priority
  channel: Channel
  /** The person's id number; kept only as `model.hashPerson(personId)`. */
  personId?: string
  /** An already hashed person key (16–64 hex), instead of `personId`. */
  personKey?: string
  handoff?: { fromSite: string; fromTicket: string }
  reqId?: string
}

/** Cancel a waiting or parked ticket: the person gave up, staff removed it, or it was abandoned. */
export interface CancelRequest {
  op: 'cancel'
  ticket: string
  reason: 'person' | 'staff' | 'abandoned'
  /** The asker's request id (the edge keeps the answer by it); the engine ignores it. */
  reqId?: string
}

/** The person took a ticket at another hall: close this one as transferred there. */
export interface HandoffDoneRequest {
  op: 'handoffDone'
  ticket: string
  toSite: string
  toTicket: string
  /** The asker's request id (the edge keeps the answer by it); the engine ignores it. */
  reqId?: string
}

/** Start the hall-local day of `now` if it has not started: cancel what is left, restart numbering. */
export interface RolloverRequest {
  op: 'rollover'
}

export type InternalRequest = IssueRequest | CancelRequest | HandoffDoneRequest | RolloverRequest

/** Everything the engine decides: every device request of the protocol, and the internal ones. */
export type QueueRequest = DeviceRequest | InternalRequest
export type QueueOp = QueueRequest['op']

export interface RolloverResult {
  day: string
  /** Tickets of the previous day that were still open and got cancelled. */
  cancelled: number
}

/** The result of each op when it succeeds: the protocol's result schema for device ops. */
export type QueueResultOf<Op extends QueueOp> = Op extends DeviceRequest['op']
  ? ResultOf<Op>
  : Op extends 'issue'
    ? ResultOf<'take'>
    : Op extends 'cancel' | 'handoffDone'
      ? TicketView
      : RolloverResult

/** What a decision depends on besides the state and the request. */
export interface DecideContext {
  /** The instant of the decision, epoch ms (the engine never reads a clock itself). */
  now: number
  /** The device that asked; recorded in `ticket.issued`. */
  device?: string
  /** Channel of a `take` (default `kiosk`; the web kiosk passes `web`). */
  channel?: Channel
  /** A better predicted wait (the cloud's) for a `take`/`issue`, used instead of the local estimate. */
  wait?: WaitPrediction
  /** Refuse `take`/`issue` outside the opening hours with HALL_CLOSED (default false). */
  enforceHours?: boolean
}

/**
 * The outcome of deciding a request: the events to journal and apply, and the op's result; or
 * an error with a protocol code, in which case nothing may change.
 */
export type Decision<R = unknown> =
  | { ok: true; events: EventDraft[]; result: R }
  | { ok: false; error: QmsError }
