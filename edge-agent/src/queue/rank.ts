import type { Priority } from '@qms/protocol'
import type { QueueState, TicketRecord } from './state.js'

/*
 * Who goes first. Priority tickets (elderly, disabled, appointment check-in, enterprise zone)
 * rank before ordinary ones; within a class, first come first served by the ticket's place in
 * time (its issue time, kept through a transfer), then by issue order. The priority cap bends the
 * class rule per window: after `priorityCap` priority calls in a row while an ordinary ticket the
 * window may serve is waiting, the window calls that ordinary ticket.
 */

export function isPriority(priority: Priority): boolean {
  return priority !== 'normal'
}

/** Whether `a` is called before `b` by a window that may serve both (ignoring the cap). */
export function ranksBefore(a: TicketRecord, b: TicketRecord): boolean {
  const pa = isPriority(a.priority)
  const pb = isPriority(b.priority)
  if (pa !== pb) return pa
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt
  return a.order < b.order
}

/** Waiting tickets whose category is in `categories` (all when omitted), in calling order. */
export function waitingTickets(
  state: QueueState,
  categories?: ReadonlySet<string>,
): TicketRecord[] {
  const list: TicketRecord[] = []
  for (const t of state.open.values()) {
    if (t.state === 'waiting' && (categories === undefined || categories.has(t.category)))
      list.push(t)
  }
  return list.sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0))
}

/** The first priority and the first ordinary ticket a window serving `categories` could call. */
function heads(
  state: QueueState,
  categories: ReadonlySet<string>,
  except?: string,
): { priority?: TicketRecord; ordinary?: TicketRecord } {
  let priority: TicketRecord | undefined
  let ordinary: TicketRecord | undefined
  for (const t of state.open.values()) {
    if (t.state !== 'waiting' || t.ticket === except || !categories.has(t.category)) continue
    if (isPriority(t.priority)) {
      if (priority === undefined || ranksBefore(t, priority)) priority = t
    } else if (ordinary === undefined || ranksBefore(t, ordinary)) ordinary = t
  }
  return { priority, ordinary }
}

/** Whether an ordinary ticket the window may serve is waiting (other than `except`). */
export function ordinaryWaiting(state: QueueState, windowNo: string, except?: string): boolean {
  const w = state.model.windows.get(windowNo)
  return w !== undefined && heads(state, w.categories, except).ordinary !== undefined
}

/**
 * The ticket a `call` at this window would call now, without changing anything; undefined when
 * nobody waits for what it serves. Does not check whether the window is open.
 */
export function nextForWindow(state: QueueState, windowNo: string): TicketRecord | undefined {
  const w = state.model.windows.get(windowNo)
  const rec = state.windows.get(windowNo)
  if (w === undefined || rec === undefined) return undefined
  const { priority, ordinary } = heads(state, w.categories)
  if (priority === undefined) return ordinary
  if (ordinary === undefined) return priority
  return rec.priorityStreak < state.rules.priorityCap ? priority : ordinary
}

/**
 * People ahead of a waiting ticket as its eligible windows see it: waiting tickets that some
 * window able to serve this ticket may also serve, and that rank before it. 0 when the ticket is
 * not waiting.
 */
export function aheadOf(state: QueueState, ticket: TicketRecord): number {
  if (ticket.state !== 'waiting') return 0
  const related = state.model.coServed.get(ticket.category)
  if (related === undefined) return 0
  let n = 0
  for (const t of state.open.values()) {
    if (t.state === 'waiting' && t !== ticket && related.has(t.category) && ranksBefore(t, ticket))
      n++
  }
  return n
}

/** People ahead of a ticket that would be issued now for `category` with `priority`. */
export function aheadOfNewcomer(state: QueueState, category: string, priority: Priority): number {
  const related = state.model.coServed.get(category)
  if (related === undefined) return 0
  const onlyPriority = isPriority(priority)
  let n = 0
  for (const t of state.open.values()) {
    if (t.state !== 'waiting' || !related.has(t.category)) continue
    if (!onlyPriority || isPriority(t.priority)) n++
  }
  return n
}
