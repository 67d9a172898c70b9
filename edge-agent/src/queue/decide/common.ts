import { type ErrorCode, QmsError } from '@qms/protocol'
import type { WindowModel } from '../model.js'
import type { EventDraft } from '../requests.js'
import { findTicket, type QueueState, type TicketRecord, type WindowRecord } from '../state.js'

/* Checks shared by the decisions. Each throws a QmsError; `decide` turns it into the reply. */

export interface Decided<R> {
  events: EventDraft[]
  result: R
}

export function refuse(code: ErrorCode, message?: string, path?: string): never {
  throw new QmsError(code, message, path === undefined ? {} : { path })
}

export interface WindowRef {
  model: WindowModel
  rec: WindowRecord
}

/** The window, or UNKNOWN_WINDOW. */
export function windowOf(state: QueueState, no: string): WindowRef {
  const model = state.model.windows.get(no)
  const rec = state.windows.get(no)
  if (model === undefined || rec === undefined)
    refuse('UNKNOWN_WINDOW', `no window ${no} in this hall`, '/window')
  return { model, rec }
}

/** The window may call: open and not paused. */
export function mustBeReady(w: WindowRef): void {
  if (!w.rec.open) refuse('WINDOW_CLOSED', `window ${w.rec.no} is closed`, '/window')
  if (w.rec.paused) refuse('WINDOW_PAUSED', `window ${w.rec.no} is paused`, '/window')
}

/** The window has no ticket called or in service. */
export function mustBeFree(state: QueueState, w: WindowRef): void {
  if (w.rec.current !== undefined && state.open.has(w.rec.current))
    refuse('WINDOW_BUSY', `window ${w.rec.no} still has ${w.rec.current}`, '/window')
}

/** The ticket called or in service at the window, or NO_CURRENT_TICKET. */
export function currentOf(state: QueueState, w: WindowRef): TicketRecord {
  const t = w.rec.current === undefined ? undefined : state.open.get(w.rec.current)
  if (t === undefined) refuse('NO_CURRENT_TICKET', `window ${w.rec.no} has no current ticket`)
  return t
}

/** A ticket of today, or UNKNOWN_TICKET. */
export function ticketOf(state: QueueState, ticket: string): TicketRecord {
  const t = findTicket(state, ticket)
  if (t === undefined) refuse('UNKNOWN_TICKET', `no ticket ${ticket} today`, '/ticket')
  return t
}

/** The window serves the ticket's category, or ITEM_NOT_SERVED. */
export function mustServe(w: WindowRef, t: TicketRecord): void {
  if (!w.model.categories.has(t.category))
    refuse(
      'ITEM_NOT_SERVED',
      `window ${w.rec.no} does not serve ${t.item} (category ${t.category})`,
      '/ticket',
    )
}

/** An item this hall offers, or UNKNOWN_ITEM / ITEM_NOT_OFFERED. */
export function offeredItem(state: QueueState, code: string, path: string) {
  const item = state.model.items.get(code)
  if (item === undefined) refuse('UNKNOWN_ITEM', `no item ${code} in the catalogue`, path)
  if (!state.model.offered.has(code))
    refuse('ITEM_NOT_OFFERED', `this hall does not offer ${code}`, path)
  return item
}

export const minutesBetween = (from: number, to: number) =>
  Math.max(0, Math.round(((to - from) / 60_000) * 10) / 10)
