import { FIGURE, recordDuration } from '../figures.js'
import type { TicketRecord } from '../state.js'
import type { Applier } from './common.js'
import { pushCall, releaseWindow, unseenTicket, windowAt, windowServes } from './common.js'

/* A ticket on its way: issued, called, recalled, being served, parked. */

export const ticketIssued: Applier<'ticket.issued'> = (state, event, at, changes) => {
  const d = event.data
  let waiting = 0
  let waitingItem = 0
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue
    waiting++
    if (t.item === d.item) waitingItem++
  }
  let openWindows = 0
  for (const w of state.windows.values()) if (windowServes(w, d.category)) openWindows++
  const record: TicketRecord = {
    ticket: d.ticket,
    item: d.item,
    category: d.category,
    priority: d.priority,
    channel: d.channel,
    state: 'waiting',
    issuedAt: at.ts,
    recalls: 0,
    ahead: d.ahead,
    day: at.local.day,
    hour: at.local.hour,
    weekday: at.local.weekday,
    waitingAtIssue: waiting,
    waitingItemAtIssue: waitingItem,
    openWindowsAtIssue: openWindows,
  }
  state.tickets.set(d.ticket, record)
  changes.tickets.add(d.ticket)
  const day = at.local.day
  changes.add(day, FIGURE.issued)
  changes.add(day, FIGURE.channel(d.channel))
  changes.add(day, FIGURE.priority(d.priority))
  changes.add(day, FIGURE.item(d.item))
}

export const ticketCalled: Applier<'ticket.called'> = (state, event, at, changes, ctx) => {
  const d = event.data
  const record = state.tickets.get(d.ticket) ?? unseenTicket(state, d.ticket, d.item, at, ctx)
  if (record.window !== undefined && record.window !== d.window) {
    releaseWindow(state, changes, record.window, d.ticket)
  }
  if (record.calledAt === undefined) {
    record.calledAt = at.ts
    changes.add(at.local.day, FIGURE.called)
    // The day's wait is the first leg's: issue to first call. A transferred ticket's later legs
    // are in its history entries, not in the hall's wait figure.
    if (record.queuedAt === undefined && record.partial !== true) {
      recordDuration(changes, at.local.day, 'w', at.ms - Date.parse(record.issuedAt))
    }
  }
  record.state = 'called'
  record.window = d.window
  record.item = d.item
  changes.tickets.add(d.ticket)
  const window = windowAt(state, d.window, 'calling')
  window.state = 'calling'
  window.ticket = d.ticket
  changes.windows.add(d.window)
  pushCall(state, changes, {
    ticket: d.ticket,
    window: d.window,
    item: d.item,
    at: at.ts,
    recalls: record.recalls,
  })
}

export const ticketRecalled: Applier<'ticket.recalled'> = (state, event, at, changes) => {
  const d = event.data
  const record = state.tickets.get(d.ticket)
  changes.add(at.local.day, FIGURE.recalled)
  if (record === undefined) return
  record.recalls = d.recalls
  record.state = 'called'
  record.window = d.window
  changes.tickets.add(d.ticket)
  const window = windowAt(state, d.window, 'calling')
  window.state = 'calling'
  window.ticket = d.ticket
  changes.windows.add(d.window)
  pushCall(state, changes, {
    ticket: d.ticket,
    window: d.window,
    item: record.item,
    at: at.ts,
    recalls: d.recalls,
  })
}

export const ticketStarted: Applier<'ticket.started'> = (state, event, at, changes) => {
  const d = event.data
  const record = state.tickets.get(d.ticket)
  if (record !== undefined) {
    record.state = 'serving'
    record.startedAt = at.ts
    record.window = d.window
    changes.tickets.add(d.ticket)
  }
  const window = windowAt(state, d.window, 'serving')
  window.state = 'serving'
  window.ticket = d.ticket
  changes.windows.add(d.window)
}

export const ticketParked: Applier<'ticket.parked'> = (state, event, at, changes) => {
  const d = event.data
  changes.add(at.local.day, FIGURE.parked)
  releaseWindow(state, changes, d.window, d.ticket)
  const record = state.tickets.get(d.ticket)
  if (record === undefined) return
  record.state = 'parked'
  changes.tickets.add(d.ticket)
}
