import type { Changes } from '../changes.js'
import { FIGURE, recordDuration } from '../figures.js'
import type { HistoryOutcome, SiteState, TicketRecord } from '../state.js'
import type { Applier, EventAt } from './common.js'
import { historyEntry, releaseWindow, UNKNOWN_CATEGORY } from './common.js'

/* A ticket's leg ends: completed, no-show, cancelled, or transferred to another item or hall. */

function end(
  state: SiteState,
  changes: Changes,
  record: TicketRecord,
  seq: number,
  at: EventAt,
  outcome: HistoryOutcome,
  reason?: string,
): void {
  if (record.partial !== true) {
    changes.history.push(historyEntry(state, record, seq, at, outcome, reason))
  }
  releaseWindow(state, changes, record.window, record.ticket)
  state.tickets.delete(record.ticket)
  changes.tickets.add(record.ticket)
}

function handled(changes: Changes, record: TicketRecord, at: EventAt): void {
  const from = record.startedAt ?? record.calledAt
  if (from !== undefined) recordDuration(changes, at.local.day, 'h', at.ms - Date.parse(from))
}

export const ticketCompleted: Applier<'ticket.completed'> = (state, event, at, changes) => {
  const d = event.data
  changes.add(at.local.day, FIGURE.served)
  const record = state.tickets.get(d.ticket)
  if (record === undefined) {
    releaseWindow(state, changes, d.window, d.ticket)
    return
  }
  handled(changes, record, at)
  record.window ??= d.window
  end(state, changes, record, event.seq, at, 'done')
}

export const ticketNoShow: Applier<'ticket.noshow'> = (state, event, at, changes) => {
  const d = event.data
  changes.add(at.local.day, FIGURE.noshow)
  const record = state.tickets.get(d.ticket)
  if (record === undefined) {
    releaseWindow(state, changes, d.window, d.ticket)
    return
  }
  record.window ??= d.window
  end(state, changes, record, event.seq, at, 'noshow')
}

export const ticketCancelled: Applier<'ticket.cancelled'> = (state, event, at, changes) => {
  const d = event.data
  changes.add(at.local.day, FIGURE.cancelled)
  changes.add(at.local.day, FIGURE.cancelReason(d.reason))
  const record = state.tickets.get(d.ticket)
  if (record === undefined) return
  end(state, changes, record, event.seq, at, 'cancelled', d.reason)
}

export const ticketTransferred: Applier<'ticket.transferred'> = (
  state,
  event,
  at,
  changes,
  ctx,
) => {
  const d = event.data
  changes.add(at.local.day, FIGURE.transferred)
  const record = state.tickets.get(d.ticket)
  if (record === undefined) {
    releaseWindow(state, changes, d.window, d.ticket)
    return
  }
  record.window ??= d.window
  const toItem = d.toItem
  if (d.toSite !== undefined || toItem === undefined) {
    // Handed off to another hall (or to a category with no item named): it leaves this hall.
    handled(changes, record, at)
    end(
      state,
      changes,
      record,
      event.seq,
      at,
      'transferred',
      d.toSite === undefined ? undefined : 'handoff',
    )
    return
  }
  // Back in the queue for another item, keeping its place in time: the leg at the window ends
  // and goes to the history; the ticket waits again.
  handled(changes, record, at)
  if (record.partial !== true) {
    changes.history.push(historyEntry(state, record, event.seq, at, 'transferred'))
  }
  releaseWindow(state, changes, record.window, record.ticket)
  record.item = toItem
  record.category = d.toCategory ?? ctx.categoryOf(toItem) ?? UNKNOWN_CATEGORY
  record.state = 'waiting'
  record.queuedAt = at.ts
  record.recalls = 0
  delete record.window
  delete record.calledAt
  delete record.startedAt
  changes.tickets.add(record.ticket)
}
