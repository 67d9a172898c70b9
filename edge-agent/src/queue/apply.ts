import type { EventData, EventEnvelope, EventType, TicketState, TicketView } from '@qms/protocol'
import { CowMap } from './cow-map.js'
import { isPriority, ordinaryWaiting } from './rank.js'
import type { EventDraft } from './requests.js'
import {
  type CallRecord,
  findTicket,
  personItemKey,
  type QueueState,
  RECENT_CALLS,
  TERMINAL_STATES,
  type TicketRecord,
  type WindowRecord,
} from './state.js'

/*
 * Events evolve the state; nothing else does. Replaying a day's journal through `applyEvent`
 * rebuilds the state exactly, so every handler depends only on the state, the event and its
 * time. An event naming a ticket or window the state does not know changes nothing: the journal
 * is the authority, and a reader must not crash on it.
 */

type Handler<T extends EventType> = (state: QueueState, data: EventData<T>, at: number) => void

function patchWindow(state: QueueState, no: string, patch: Partial<WindowRecord>): void {
  const w = state.windows.get(no)
  if (w !== undefined) state.windows.set(no, { ...w, ...patch })
}

/** Frees the window whose current ticket this is. */
function releaseWindow(state: QueueState, t: TicketRecord): void {
  if (t.window === undefined) return
  const w = state.windows.get(t.window)
  if (w?.current === t.ticket) state.windows.set(t.window, { ...w, current: undefined })
}

function dropPerson(state: QueueState, t: TicketRecord): void {
  if (t.personKey === undefined) return
  const key = personItemKey(t.personKey, t.item)
  if (state.persons.get(key) === t.ticket) state.persons.delete(key)
}

/** Moves an open ticket to the day's ended tickets. */
function finish(
  state: QueueState,
  ticket: string,
  end: TicketState,
  at: number,
  extra: Partial<TicketRecord> = {},
): void {
  const t = state.open.get(ticket)
  if (t === undefined) return
  releaseWindow(state, t)
  dropPerson(state, t)
  state.open.delete(ticket)
  state.finished.set(ticket, { ...t, ...extra, state: end, endedAt: at })
}

function pushCall(state: QueueState, call: CallRecord): void {
  state.calls = [call, ...state.calls].slice(0, RECENT_CALLS)
}

function setOpen(state: QueueState, t: TicketRecord, patch: Partial<TicketRecord>): void {
  state.open.set(t.ticket, { ...t, ...patch })
}

function fromView(v: TicketView, order: number): TicketRecord {
  const at = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso))
  const issuedAt = Date.parse(v.issuedAt)
  const m = /^([A-Z]{1,2})([0-9]+)$/.exec(v.ticket)
  return {
    ticket: v.ticket,
    prefix: m?.[1] ?? '',
    number: Number(m?.[2] ?? 0),
    item: v.item,
    category: v.category,
    priority: v.priority,
    channel: v.channel,
    state: v.state,
    issuedAt,
    queuedAt: issuedAt,
    order,
    window: v.window,
    calledAt: at(v.calledAt),
    startedAt: at(v.startedAt),
    endedAt: at(v.endedAt),
    recalls: v.recalls ?? 0,
    ahead: 0,
    transfers: 0,
  }
}

const handlers: { [T in EventType]: Handler<T> } = {
  'ticket.issued'(state, d, at) {
    state.issued += 1
    state.open.set(d.ticket, {
      ticket: d.ticket,
      prefix: d.prefix,
      number: d.number,
      item: d.item,
      category: d.category,
      priority: d.priority,
      channel: d.channel,
      state: 'waiting',
      issuedAt: at,
      queuedAt: at,
      order: state.issued,
      recalls: 0,
      personKey: d.personKey,
      device: d.device,
      reqId: d.reqId,
      ahead: d.ahead,
      waitMin: d.waitMin,
      handoff: d.handoff,
      transfers: 0,
    })
    state.lastNumbers.set(d.prefix, Math.max(state.lastNumbers.get(d.prefix) ?? 0, d.number))
    if (d.personKey !== undefined) state.persons.set(personItemKey(d.personKey, d.item), d.ticket)
  },
  'ticket.called'(state, d, at) {
    const t = state.open.get(d.ticket)
    const w = state.windows.get(d.window)
    if (t === undefined || w === undefined) return
    let streak = w.priorityStreak
    if (d.mode === 'next') {
      // The same test the decision made: a priority call counts toward the cap only while an
      // ordinary ticket this window may serve was left waiting.
      streak = isPriority(t.priority) && ordinaryWaiting(state, d.window, d.ticket) ? streak + 1 : 0
    }
    setOpen(state, t, {
      state: 'called',
      window: d.window,
      calledAt: at,
      startedAt: undefined,
      recalls: 0,
      parkedBy: undefined,
      parkedAt: undefined,
    })
    state.windows.set(d.window, { ...w, current: d.ticket, priorityStreak: streak })
    pushCall(state, { ticket: d.ticket, window: d.window, item: t.item, at, recalls: 0 })
  },
  'ticket.recalled'(state, d, at) {
    const t = state.open.get(d.ticket)
    if (t === undefined) return
    setOpen(state, t, { recalls: d.recalls })
    pushCall(state, { ticket: d.ticket, window: d.window, item: t.item, at, recalls: d.recalls })
  },
  'ticket.started'(state, d, at) {
    const t = state.open.get(d.ticket)
    if (t !== undefined) setOpen(state, t, { state: 'serving', startedAt: at })
  },
  'ticket.completed'(state, d, at) {
    const t = state.open.get(d.ticket)
    if (t === undefined) return
    const since = t.startedAt ?? t.calledAt
    if (since !== undefined) {
      const seen = state.served.get(t.item) ?? { n: 0, totalMs: 0 }
      state.served.set(t.item, { n: seen.n + 1, totalMs: seen.totalMs + Math.max(0, at - since) })
    }
    finish(state, d.ticket, 'done', at)
  },
  'ticket.noshow'(state, d, at) {
    finish(state, d.ticket, 'noshow', at)
  },
  'ticket.parked'(state, d, at) {
    const t = state.open.get(d.ticket)
    if (t === undefined) return
    releaseWindow(state, t)
    setOpen(state, t, { state: 'parked', parkedBy: d.window, parkedAt: at })
  },
  'ticket.transferred'(state, d, at) {
    const t = state.open.get(d.ticket)
    if (t === undefined) return
    if (d.toSite !== undefined) {
      finish(state, d.ticket, 'transferred', at, { toSite: d.toSite, toTicket: d.toTicket })
      return
    }
    const toItem = d.toItem ?? t.item
    const toCategory = d.toCategory ?? state.model.items.get(toItem)?.category ?? t.category
    releaseWindow(state, t)
    dropPerson(state, t)
    // Back in the queue for the other item, at its original place in time (queuedAt kept).
    setOpen(state, t, {
      state: 'waiting',
      item: toItem,
      category: toCategory,
      recalls: 0,
      parkedBy: undefined,
      transfers: t.transfers + 1,
    })
    if (t.personKey !== undefined) state.persons.set(personItemKey(t.personKey, toItem), d.ticket)
  },
  'ticket.cancelled'(state, d, at) {
    finish(state, d.ticket, 'cancelled', at)
  },
  'window.opened'(state, d) {
    patchWindow(state, d.window, { open: true, paused: false, staff: d.staff })
  },
  'window.paused'(state, d) {
    patchWindow(state, d.window, { paused: true })
  },
  'window.resumed'(state, d) {
    patchWindow(state, d.window, { paused: false })
  },
  'window.closed'(state, d) {
    patchWindow(state, d.window, {
      open: false,
      paused: false,
      staff: undefined,
      priorityStreak: 0,
    })
  },
  'booth.presence'(state, d) {
    patchWindow(state, d.window, { present: d.present })
  },
  'rating.given'(state, d) {
    const t = findTicket(state, d.ticket)
    if (t === undefined) return
    const rated = { ...t, rated: true }
    if (state.open.has(d.ticket)) state.open.set(d.ticket, rated)
    else state.finished.set(d.ticket, rated)
  },
  'device.online'() {},
  'device.offline'() {},
  'device.fault'() {},
  'site.config'() {},
  'site.snapshot'(state, d) {
    // The start of a day (or a projection's starting point): the state is exactly this.
    state.day = d.day
    state.open = new CowMap()
    state.finished = new CowMap()
    state.persons = new CowMap()
    state.served = new CowMap()
    state.calls = []
    state.issued = 0
    for (const v of d.tickets) {
      state.issued += 1
      const rec = fromView(v, state.issued)
      if (TERMINAL_STATES.has(rec.state)) state.finished.set(rec.ticket, rec)
      else state.open.set(rec.ticket, rec)
    }
    state.lastNumbers = new CowMap(Object.entries(d.lastNumbers))
    for (const entry of d.windows) {
      const w = state.windows.get(entry.no)
      if (w === undefined) continue
      const current =
        entry.ticket !== undefined && state.open.has(entry.ticket) ? entry.ticket : undefined
      state.windows.set(entry.no, {
        ...w,
        open: entry.state !== 'closed',
        paused: entry.state === 'paused',
        current,
        present: entry.present,
        priorityStreak: 0,
      })
    }
  },
}

/**
 * Applies one event to the state, in place, at its time `at` (epoch ms). The only way the state
 * changes.
 */
export function applyEvent(state: QueueState, event: EventDraft, at: number): void {
  ;(handlers[event.type] as Handler<EventType>)(state, event.data as never, at)
}

/** Applies a journaled event envelope (its time is its `ts`). */
export function applyEnvelope(state: QueueState, event: EventEnvelope): void {
  applyEvent(state, event, Date.parse(event.ts))
}
