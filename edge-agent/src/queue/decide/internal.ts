import type { TicketView } from '@qms/protocol'
import type { EventDraft, RolloverResult } from '../requests.js'
import type { QueueState } from '../state.js'
import { ticketView, windowEntries } from '../views.js'
import { type Decided, refuse, ticketOf } from './common.js'

/* Requests that come from the cloud or the edge itself rather than from a device. */

/** Cancels a waiting or parked ticket. */
export function decideCancel(
  state: QueueState,
  ticket: string,
  reason: 'person' | 'staff' | 'abandoned',
  now: number,
): Decided<TicketView> {
  const t = ticketOf(state, ticket)
  if (t.state !== 'waiting' && t.state !== 'parked')
    refuse('BAD_STATE', `${t.ticket} is ${t.state}; only a waiting or parked ticket is cancelled`)
  return {
    events: [{ type: 'ticket.cancelled', data: { ticket, reason } }],
    result: ticketView({ ...t, state: 'cancelled', endedAt: now }),
  }
}

/** The person took a ticket at another hall: close this one as transferred there. */
export function decideHandoffDone(
  state: QueueState,
  ticket: string,
  toSite: string,
  toTicket: string,
  now: number,
): Decided<TicketView> {
  const t = ticketOf(state, ticket)
  if (t.state !== 'waiting' && t.state !== 'parked')
    refuse('BAD_STATE', `${t.ticket} is ${t.state}; only a waiting or parked ticket is handed off`)
  return {
    events: [{ type: 'ticket.transferred', data: { ticket, fromItem: t.item, toSite, toTicket } }],
    result: ticketView({ ...t, state: 'transferred', endedAt: now }),
  }
}

/**
 * The start of a new hall-local day: every ticket still open from the day before is cancelled
 * (reason dayEnd), then a `site.snapshot` of the empty day restarts the numbering. Windows keep
 * whether they are open; nobody is at them any more.
 */
export function decideRollover(state: QueueState, day: string): Decided<RolloverResult> {
  const events: EventDraft[] = []
  for (const t of state.open.values())
    events.push({ type: 'ticket.cancelled', data: { ticket: t.ticket, reason: 'dayEnd' } })
  const windows = windowEntries(state).map((w) => {
    const { ticket: _ticket, ...rest } = w
    return w.state === 'calling' || w.state === 'serving'
      ? { ...rest, state: 'idle' as const }
      : rest
  })
  events.push({ type: 'site.snapshot', data: { day, tickets: [], windows, lastNumbers: {} } })
  return { events, result: { day, cancelled: events.length - 1 } }
}
