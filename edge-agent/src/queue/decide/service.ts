import type { RequestOf, ResultOf } from '@qms/protocol'
import { nextForWindow } from '../rank.js'
import type { DecideContext } from '../requests.js'
import type { QueueState, TicketRecord } from '../state.js'
import {
  currentOf,
  type Decided,
  minutesBetween,
  mustBeFree,
  mustBeReady,
  mustServe,
  offeredItem,
  refuse,
  ticketOf,
  type WindowRef,
  windowOf,
} from './common.js'

/* A window's service keys: call, recall, start, complete, no-show, transfer, park, call back. */

type CallResult = ResultOf<'call'>
type ActionResult = ResultOf<'start'>

function called(
  state: QueueState,
  w: WindowRef,
  t: TicketRecord,
  mode: 'next' | 'ticket' | 'callback',
  now: number,
): Decided<CallResult> {
  return {
    events: [
      { type: 'ticket.called', data: { ticket: t.ticket, window: w.rec.no, item: t.item, mode } },
    ],
    result: {
      ticket: t.ticket,
      window: w.rec.no,
      item: t.item,
      itemName: state.model.items.get(t.item)?.name ?? t.item,
      recalls: 0,
      waitedMin: minutesBetween(t.issuedAt, now),
    },
  }
}

function action(w: WindowRef, t: TicketRecord, state: ActionResult['state']): ActionResult {
  return { ticket: t.ticket, window: w.rec.no, state, item: t.item }
}

/** Calls the next ticket the window may serve (priority first, within the cap; FIFO otherwise). */
export function decideCall(
  state: QueueState,
  req: RequestOf<'call'>,
  ctx: DecideContext,
): Decided<CallResult> {
  const w = windowOf(state, req.window)
  mustBeReady(w)
  mustBeFree(state, w)
  const t = nextForWindow(state, req.window)
  if (t === undefined) refuse('NO_TICKET', `nobody waits for what window ${req.window} serves`)
  return called(state, w, t, 'next', ctx.now)
}

/** Announces the called ticket again, at most `rules.recallLimit` times. */
export function decideRecall(
  state: QueueState,
  req: RequestOf<'recall'>,
  ctx: DecideContext,
): Decided<CallResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  if (t.state !== 'called') refuse('BAD_STATE', `${t.ticket} is already in service`)
  if (t.recalls >= state.rules.recallLimit)
    refuse('RECALL_LIMIT', `${t.ticket} was recalled ${t.recalls} times, the limit`)
  const recalls = t.recalls + 1
  return {
    events: [{ type: 'ticket.recalled', data: { ticket: t.ticket, window: w.rec.no, recalls } }],
    result: {
      ticket: t.ticket,
      window: w.rec.no,
      item: t.item,
      itemName: state.model.items.get(t.item)?.name ?? t.item,
      recalls,
      waitedMin: minutesBetween(t.issuedAt, ctx.now),
    },
  }
}

export function decideStart(state: QueueState, req: RequestOf<'start'>): Decided<ActionResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  if (t.state !== 'called') refuse('BAD_STATE', `${t.ticket} is already in service`)
  return {
    events: [{ type: 'ticket.started', data: { ticket: t.ticket, window: w.rec.no } }],
    result: action(w, t, 'serving'),
  }
}

/** Ends the service; a called ticket may be completed directly (keypads without a start key). */
export function decideComplete(
  state: QueueState,
  req: RequestOf<'complete'>,
): Decided<ActionResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  return {
    events: [{ type: 'ticket.completed', data: { ticket: t.ticket, window: w.rec.no } }],
    result: action(w, t, 'done'),
  }
}

export function decideNoshow(state: QueueState, req: RequestOf<'noshow'>): Decided<ActionResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  if (t.state !== 'called') refuse('BAD_STATE', `${t.ticket} is in service, not missing`)
  return {
    events: [{ type: 'ticket.noshow', data: { ticket: t.ticket, window: w.rec.no } }],
    result: action(w, t, 'noshow'),
  }
}

/** Sends the current ticket back to the queue for another item, keeping its place in time. */
export function decideTransfer(
  state: QueueState,
  req: RequestOf<'transfer'>,
): Decided<ActionResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  const to = offeredItem(state, req.toItem, '/toItem')
  if (to.code === t.item) refuse('BAD_STATE', `${t.ticket} is already for ${to.code}`, '/toItem')
  return {
    events: [
      {
        type: 'ticket.transferred',
        data: {
          ticket: t.ticket,
          window: w.rec.no,
          fromItem: t.item,
          toItem: to.code,
          toCategory: to.category,
        },
      },
    ],
    result: { ticket: t.ticket, window: w.rec.no, state: 'waiting', item: to.code },
  }
}

/** Sets the current ticket aside (挂起); the window is free for the next one. */
export function decidePark(state: QueueState, req: RequestOf<'park'>): Decided<ActionResult> {
  const w = windowOf(state, req.window)
  const t = currentOf(state, w)
  return {
    events: [{ type: 'ticket.parked', data: { ticket: t.ticket, window: w.rec.no } }],
    result: action(w, t, 'parked'),
  }
}

/** Calls a parked ticket back: the one named, or the one this window parked first. */
export function decideCallback(
  state: QueueState,
  req: RequestOf<'callback'>,
  ctx: DecideContext,
): Decided<CallResult> {
  const w = windowOf(state, req.window)
  mustBeReady(w)
  mustBeFree(state, w)
  let t: TicketRecord | undefined
  if (req.ticket !== undefined) {
    t = ticketOf(state, req.ticket)
    if (t.state !== 'parked') refuse('TICKET_NOT_PARKED', `${t.ticket} is ${t.state}`, '/ticket')
  } else {
    for (const c of state.open.values()) {
      if (c.state !== 'parked' || c.parkedBy !== req.window) continue
      if (t === undefined || (c.parkedAt ?? 0) < (t.parkedAt ?? 0)) t = c
    }
    if (t === undefined) refuse('NO_TICKET', `window ${req.window} has no parked ticket`)
  }
  mustServe(w, t)
  return called(state, w, t, 'callback', ctx.now)
}

/** Calls a given waiting ticket out of order. */
export function decideCallTicket(
  state: QueueState,
  req: RequestOf<'callTicket'>,
  ctx: DecideContext,
): Decided<CallResult> {
  const w = windowOf(state, req.window)
  mustBeReady(w)
  mustBeFree(state, w)
  const t = ticketOf(state, req.ticket)
  if (t.state !== 'waiting') refuse('TICKET_NOT_WAITING', `${t.ticket} is ${t.state}`, '/ticket')
  mustServe(w, t)
  return called(state, w, t, 'ticket', ctx.now)
}
