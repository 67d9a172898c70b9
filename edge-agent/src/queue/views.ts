import type {
  CallEntry,
  QueueEntry,
  TicketStatus,
  TicketView,
  WindowEntry,
  WindowState,
} from '@qms/protocol'
import { estimateCategoryWait, estimateTicketWait } from './estimate.js'
import { aheadOf } from './rank.js'
import { findTicket, type QueueState, type TicketRecord, type WindowRecord } from './state.js'

/* Read-only views of the state in the protocol's shapes, for replies, the hall screen and events. */

export const iso = (epochMs: number): string => new Date(epochMs).toISOString()
const isoOpt = (epochMs: number | undefined) => (epochMs === undefined ? undefined : iso(epochMs))

/** A ticket as devices, pages and the cloud see it. */
export function ticketView(t: TicketRecord): TicketView {
  const view: TicketView = {
    ticket: t.ticket,
    item: t.item,
    category: t.category,
    priority: t.priority,
    channel: t.channel,
    state: t.state,
    issuedAt: iso(t.issuedAt),
  }
  if (t.window !== undefined) view.window = t.window
  const calledAt = isoOpt(t.calledAt)
  if (calledAt !== undefined) view.calledAt = calledAt
  const startedAt = isoOpt(t.startedAt)
  if (startedAt !== undefined) view.startedAt = startedAt
  const endedAt = isoOpt(t.endedAt)
  if (endedAt !== undefined) view.endedAt = endedAt
  if (t.recalls > 0) view.recalls = t.recalls
  return view
}

/** Where a ticket of today stands: its view, the people ahead and (while waiting) the local wait. */
export function ticketStatus(
  state: QueueState,
  ticket: string,
  now: number,
): TicketStatus | undefined {
  const t = findTicket(state, ticket)
  if (t === undefined) return undefined
  const status: TicketStatus = { ...ticketView(t), ahead: aheadOf(state, t) }
  if (t.state === 'waiting') status.wait = estimateTicketWait(state, t, now)
  return status
}

/** closed, paused, calling (a ticket called, not yet started), serving, or idle. */
export function windowStateOf(state: QueueState, w: WindowRecord): WindowState {
  if (!w.open) return 'closed'
  if (w.paused) return 'paused'
  const t = w.current === undefined ? undefined : state.open.get(w.current)
  if (t?.state === 'called') return 'calling'
  if (t?.state === 'serving') return 'serving'
  return 'idle'
}

/** Every window of the hall as the hall screen shows it, in configuration order. */
export function windowEntries(state: QueueState): WindowEntry[] {
  const entries: WindowEntry[] = []
  for (const m of state.model.windows.values()) {
    const w = state.windows.get(m.no)
    if (w === undefined) continue
    const entry: WindowEntry = {
      no: m.no,
      name: m.name,
      state: windowStateOf(state, w),
      oneStop: m.oneStop,
      categories: [...m.categories].slice(0, 64),
    }
    if (w.current !== undefined) entry.ticket = w.current
    if (w.present !== undefined) entry.present = w.present
    entries.push(entry)
  }
  return entries
}

/** Recent calls and recalls, newest first. */
export function callEntries(state: QueueState): CallEntry[] {
  return state.calls.map((c) => {
    const entry: CallEntry = {
      ticket: c.ticket,
      window: c.window,
      item: c.item,
      at: iso(c.at),
      recalls: c.recalls,
    }
    const name = state.model.windows.get(c.window)?.name
    if (name !== undefined) entry.windowName = name
    return entry
  })
}

/** Categories the hall offers, in catalogue order. */
export function offeredCategories(state: QueueState): string[] {
  const seen = new Set<string>()
  for (const item of state.model.offered.values()) seen.add(item.category)
  return state.model.catalogue.categories.filter((c) => seen.has(c.code)).map((c) => c.code)
}

/** Waiting people and the local wait for a newcomer, per category the hall offers. */
export function queueEntries(state: QueueState, now: number): QueueEntry[] {
  const waiting = new Map<string, number>()
  for (const t of state.open.values())
    if (t.state === 'waiting') waiting.set(t.category, (waiting.get(t.category) ?? 0) + 1)
  return offeredCategories(state)
    .slice(0, 64)
    .map((code) => {
      const c = state.model.categories.get(code)!
      return {
        category: code,
        prefix: state.model.prefixes.get(code) ?? c.prefix,
        name: c.name,
        nameEn: c.nameEn,
        waiting: waiting.get(code) ?? 0,
        wait: estimateCategoryWait(state, code, 'normal', now),
      }
    })
}
