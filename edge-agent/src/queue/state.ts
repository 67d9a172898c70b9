import type { Channel, Priority, TicketState } from '@qms/protocol'
import { CowMap } from './cow-map.js'
import type { HallModel, QueueRules } from './model.js'

/** One ticket of the day. Records are immutable: a change replaces the record. */
export interface TicketRecord {
  readonly ticket: string
  readonly prefix: string
  /** Daily sequence within the prefix. */
  readonly number: number
  readonly item: string
  readonly category: string
  readonly priority: Priority
  readonly channel: Channel
  readonly state: TicketState
  /** Epoch ms. */
  readonly issuedAt: number
  /** The ticket's place in time in the queue: its issue time, kept through transfers. */
  readonly queuedAt: number
  /** Issue order within the day: breaks ties between tickets of the same millisecond. */
  readonly order: number
  /** The window that called it last (called, serving, or where it ended). */
  readonly window?: string
  readonly calledAt?: number
  readonly startedAt?: number
  readonly endedAt?: number
  /** Recalls of the current call. */
  readonly recalls: number
  /** The window that parked it (挂起), and when. */
  readonly parkedBy?: string
  readonly parkedAt?: number
  readonly personKey?: string
  readonly rated?: boolean
  readonly device?: string
  readonly reqId?: string
  /** People ahead and the wait the person was told at issue. */
  readonly ahead: number
  readonly waitMin?: number
  readonly handoff?: { fromSite: string; fromTicket: string }
  /** Handed off to another hall. */
  readonly toSite?: string
  readonly toTicket?: string
  readonly transfers: number
}

export interface WindowRecord {
  readonly no: string
  readonly open: boolean
  readonly paused: boolean
  readonly staff?: string
  /** The ticket called or in service at this window. */
  readonly current?: string
  /** Booth sensor: someone is at the window. */
  readonly present?: boolean
  /** Priority tickets this window called in a row while an ordinary eligible ticket waited. */
  readonly priorityStreak: number
}

/** A call or recall, for the hall screen's list of recent calls. */
export interface CallRecord {
  readonly ticket: string
  readonly window: string
  readonly item: string
  /** Epoch ms. */
  readonly at: number
  readonly recalls: number
}

/** Observed handling time of an item today. */
export interface ItemStats {
  readonly n: number
  readonly totalMs: number
}

export const RECENT_CALLS = 20

/**
 * The state of a hall's queue for one local day, rebuilt exactly by applying the day's events
 * in order. Mutated in place by `applyEvent`; `cloneState` gives an independent copy in O(1).
 */
export interface QueueState {
  readonly model: HallModel
  /** Hall-local day, `YYYY-MM-DD`; empty before the first day started. */
  day: string
  /** Current rules: the hall file's, as changed by the cloud since. Not journaled as events. */
  rules: QueueRules
  /** Tickets waiting, called, in service or parked. */
  open: CowMap<string, TicketRecord>
  /** Tickets of the day that ended: done, no-show, transferred, cancelled. */
  finished: CowMap<string, TicketRecord>
  windows: CowMap<string, WindowRecord>
  /** `<personKey> <item>` → the person's open ticket for the item. */
  persons: CowMap<string, string>
  /** Last number issued today per prefix. */
  lastNumbers: CowMap<string, number>
  /** Observed handling times per item today. */
  served: CowMap<string, ItemStats>
  /** Recent calls, newest first. */
  calls: readonly CallRecord[]
  /** Tickets issued today (issue order counter). */
  issued: number
}

/**
 * The state of a hall with no events yet: every window closed. With `now`, the day is the local
 * day of that instant; without, it is empty and the first decision starts the day with a
 * `site.snapshot` event.
 */
export function initialState(model: HallModel, now?: number): QueueState {
  const windows = new CowMap<string, WindowRecord>()
  for (const no of model.windows.keys())
    windows.set(no, { no, open: false, paused: false, priorityStreak: 0 })
  return {
    model,
    day: now === undefined ? '' : model.dayOf(now),
    rules: { ...model.rules },
    open: new CowMap(),
    finished: new CowMap(),
    windows,
    persons: new CowMap(),
    lastNumbers: new CowMap(),
    served: new CowMap(),
    calls: [],
    issued: 0,
  }
}

export interface CloneOptions {
  /**
   * Keep the day's ended tickets (default true). Forward simulation passes false: it needs only
   * the open tickets, and then never copies the day's history.
   */
  withFinished?: boolean
}

/** An independent copy of the state in O(1); storage is shared until either side changes. */
export function cloneState(state: QueueState, options: CloneOptions = {}): QueueState {
  return {
    model: state.model,
    day: state.day,
    rules: { ...state.rules },
    open: state.open.fork(),
    finished: options.withFinished === false ? new CowMap() : state.finished.fork(),
    windows: state.windows.fork(),
    persons: state.persons.fork(),
    lastNumbers: state.lastNumbers.fork(),
    served: state.served.fork(),
    calls: state.calls,
    issued: state.issued,
  }
}

/** A ticket of today, open or ended. */
export function findTicket(state: QueueState, ticket: string): TicketRecord | undefined {
  return state.open.get(ticket) ?? state.finished.get(ticket)
}

/** The key of the one-open-ticket-per-person-and-item index. */
export function personItemKey(personKey: string, item: string): string {
  return `${personKey} ${item}`
}

/** `A` + 23 → `A023`. */
export function formatTicket(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`
}

export const MAX_TICKET_NUMBER = 9999

export const TERMINAL_STATES: ReadonlySet<TicketState> = new Set([
  'done',
  'noshow',
  'transferred',
  'cancelled',
])
