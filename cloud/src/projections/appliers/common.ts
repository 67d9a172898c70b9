import type { EventEnvelope, EventType, TicketHistoryEntry, WindowLive } from '@qms/protocol'
import type { Changes } from '../changes.js'
import type { LocalTime } from '../local-time.js'
import { localTime } from '../local-time.js'
import type { ApplyContext, HistoryOutcome, SiteState, TicketRecord } from '../state.js'
import { MAX_CALLS } from '../state.js'

/** When an event happened: its instant and its local time in the hall. */
export interface EventAt {
  ms: number
  ts: string
  local: LocalTime
}

/** One applier per event type: changes the state, records what changed. Pure but for its arguments. */
export type Applier<T extends EventType> = (
  state: SiteState,
  event: Extract<EventEnvelope, { type: T }>,
  at: EventAt,
  changes: Changes,
  ctx: ApplyContext,
) => void

export const UNKNOWN_CATEGORY = 'UNKNOWN'

const OPEN_STATES = new Set<WindowLive['state']>(['idle', 'calling', 'serving'])

/** Whether a window is open and serves `category` (a window with no known categories serves all). */
export function windowServes(window: WindowLive, category: string): boolean {
  if (!OPEN_STATES.has(window.state)) return false
  if (window.oneStop === true) return true
  const cats = window.categories
  return cats === undefined || cats.length === 0 || cats.includes(category)
}

/**
 * A ticket the projection has not seen issued (the stream began after it, or a snapshot did not
 * list it): enough to track it, without the features of its issue.
 */
export function unseenTicket(
  state: SiteState,
  ticket: string,
  item: string,
  at: EventAt,
  ctx: ApplyContext,
): TicketRecord {
  const record: TicketRecord = {
    ticket,
    item,
    category: ctx.categoryOf(item) ?? UNKNOWN_CATEGORY,
    priority: 'normal',
    channel: 'kiosk',
    state: 'waiting',
    issuedAt: at.ts,
    recalls: 0,
    day: at.local.day,
    hour: at.local.hour,
    weekday: at.local.weekday,
    waitingAtIssue: 0,
    waitingItemAtIssue: 0,
    openWindowsAtIssue: 0,
    partial: true,
  }
  state.tickets.set(ticket, record)
  return record
}

/** The window a ticket was at lets go of it: back to idle (or stays paused or closed). */
export function releaseWindow(
  state: SiteState,
  changes: Changes,
  windowNo: string | undefined,
  ticket: string,
): void {
  if (windowNo === undefined) return
  const window = state.windows.get(windowNo)
  if (window === undefined || window.ticket !== ticket) return
  delete window.ticket
  if (window.state === 'calling' || window.state === 'serving') window.state = 'idle'
  changes.windows.add(windowNo)
}

/** The window at `windowNo`, created in state `state` if the projection has not seen it. */
export function windowAt(
  state: SiteState,
  windowNo: string,
  initial: WindowLive['state'],
): WindowLive {
  let window = state.windows.get(windowNo)
  if (window === undefined) {
    window = { no: windowNo, state: initial }
    state.windows.set(windowNo, window)
  }
  return window
}

/** Puts a call at the top of the recent calls, replacing an older call of the same ticket. */
export function pushCall(
  state: SiteState,
  changes: Changes,
  call: SiteState['calls'][number],
): void {
  state.calls = [call, ...state.calls.filter((c) => c.ticket !== call.ticket)].slice(0, MAX_CALLS)
  changes.info.add('calls')
}

const seconds = (fromIso: string | undefined, toMs: number): number | undefined => {
  if (fromIso === undefined) return undefined
  return Math.max(0, Math.round((toMs - Date.parse(fromIso)) / 100) / 10)
}

/** The history entry of a ticket's leg that ends now. */
export function historyEntry(
  state: SiteState,
  record: TicketRecord,
  seq: number,
  at: EventAt,
  outcome: HistoryOutcome,
  reason?: string,
): TicketHistoryEntry {
  const entry: TicketHistoryEntry = {
    site: state.site,
    seq,
    day: record.day,
    ticket: record.ticket,
    item: record.item,
    category: record.category,
    priority: record.priority,
    channel: record.channel,
    outcome,
    issuedAt: record.issuedAt,
    endedAt: at.ts,
    recalls: record.recalls,
    waitingAtIssue: record.waitingAtIssue,
    waitingItemAtIssue: record.waitingItemAtIssue,
    openWindowsAtIssue: record.openWindowsAtIssue,
    hour: record.hour,
    weekday: record.weekday,
  }
  if (reason !== undefined) entry.reason = reason
  if (record.window !== undefined) entry.window = record.window
  if (record.queuedAt !== undefined) entry.queuedAt = record.queuedAt
  if (record.calledAt !== undefined) entry.calledAt = record.calledAt
  if (record.startedAt !== undefined) entry.startedAt = record.startedAt
  if (record.ahead !== undefined) entry.ahead = record.ahead
  if (record.calledAt !== undefined) {
    const wait = seconds(record.queuedAt ?? record.issuedAt, Date.parse(record.calledAt))
    if (wait !== undefined) entry.waitSec = wait
    if (outcome === 'done' || outcome === 'transferred') {
      const handle = seconds(record.startedAt ?? record.calledAt, at.ms)
      if (handle !== undefined) entry.handleSec = handle
    }
  }
  return entry
}

/** Convenience for appliers: localTime of an ISO instant in the hall's zone. */
export function eventAt(ts: string, timezone: string): EventAt {
  const ms = Date.parse(ts)
  return { ms, ts, local: localTime(ms, timezone) }
}
