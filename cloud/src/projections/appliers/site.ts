import type { OpenTicket, WindowLive } from '@qms/protocol'
import { isTimeZone } from '../local-time.js'
import type { TicketRecord } from '../state.js'
import type { Applier } from './common.js'
import { eventAt } from './common.js'

/* The hall says how it is configured, or hands over its whole open state (a snapshot). */

export const siteConfig: Applier<'site.config'> = (state, event, _at, changes) => {
  const d = event.data
  state.info.name = d.name
  state.info.kind = d.kind
  state.info.configHash = d.configHash
  state.info.items = d.items
  changes.info.add('name').add('kind').add('configHash').add('items')
  if (isTimeZone(d.timezone) && d.timezone !== state.timezone) {
    state.timezone = d.timezone
    changes.info.add('timezone')
  }
  const configured = new Set<string>()
  for (const w of d.windows) {
    configured.add(w.no)
    const current = state.windows.get(w.no)
    const window: WindowLive = current ?? { no: w.no, state: 'closed' }
    window.name = w.name
    window.oneStop = w.oneStop
    window.categories = w.categories
    state.windows.set(w.no, window)
    changes.windows.add(w.no)
  }
  for (const no of [...state.windows.keys()]) {
    if (!configured.has(no)) {
      state.windows.delete(no)
      changes.windows.add(no)
    }
  }
}

const OPEN: ReadonlySet<string> = new Set(['waiting', 'parked', 'called', 'serving'])

export const siteSnapshot: Applier<'site.snapshot'> = (state, event, _at, changes) => {
  const d = event.data
  const tickets = new Map<string, TicketRecord>()
  for (const view of d.tickets) {
    if (!OPEN.has(view.state)) continue
    const known = state.tickets.get(view.ticket)
    const issued = eventAt(view.issuedAt, state.timezone)
    const record: TicketRecord = {
      ticket: view.ticket,
      item: view.item,
      category: view.category,
      priority: view.priority,
      channel: view.channel,
      state: view.state as OpenTicket['state'],
      issuedAt: view.issuedAt,
      recalls: view.recalls ?? 0,
      day: known?.day ?? issued.local.day,
      hour: known?.hour ?? issued.local.hour,
      weekday: known?.weekday ?? issued.local.weekday,
      waitingAtIssue: known?.waitingAtIssue ?? 0,
      waitingItemAtIssue: known?.waitingItemAtIssue ?? 0,
      openWindowsAtIssue: known?.openWindowsAtIssue ?? 0,
    }
    if (known === undefined || known.partial === true) record.partial = true
    if (known?.ahead !== undefined) record.ahead = known.ahead
    if (known?.queuedAt !== undefined) record.queuedAt = known.queuedAt
    if (view.window !== undefined) record.window = view.window
    if (view.calledAt !== undefined) record.calledAt = view.calledAt
    if (view.startedAt !== undefined) record.startedAt = view.startedAt
    tickets.set(view.ticket, record)
  }
  const windows = new Map<string, WindowLive>()
  for (const entry of d.windows) {
    const window: WindowLive = {
      no: entry.no,
      name: entry.name,
      state: entry.state,
      oneStop: entry.oneStop,
      categories: entry.categories,
    }
    if (entry.ticket !== undefined) window.ticket = entry.ticket
    if (entry.present !== undefined) window.present = entry.present
    const known = state.windows.get(entry.no)
    if (known?.staff !== undefined) window.staff = known.staff
    if (known?.since !== undefined) window.since = known.since
    windows.set(entry.no, window)
  }
  state.tickets = tickets
  state.windows = windows
  state.day = d.day
  changes.reset = true
  changes.info.add('day')
}
