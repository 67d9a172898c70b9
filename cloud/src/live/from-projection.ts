import {
  type HallModel,
  initialState,
  type QueueState,
  type TicketRecord,
} from '@qms/edge-agent/queue'
import type { SiteState } from '../projections/state.js'

/*
 * An engine state made from a hall's projection: the open tickets and the windows as the cloud
 * projected them. Close to the hall's own, not exact (the priority streaks, the day's ended
 * tickets and the people index are not projected): used for a neighbouring hall that another
 * instance owns (the alert rules compare halls), and as a last resort when a hall's stream
 * holds no start of its day.
 */

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso))

export function stateFromProjection(model: HallModel, live: SiteState, now: number): QueueState {
  // A state needs its day: without one the engine's rules would first roll the day over.
  const state = initialState(model, now)
  if (live.day !== undefined) state.day = live.day
  const tickets = [...live.tickets.values()].sort(
    (a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt),
  )
  let order = 0
  for (const t of tickets) {
    const m = /^([A-Z]{1,2})([0-9]+)$/.exec(t.ticket)
    const issuedAt = Date.parse(t.issuedAt)
    const record: TicketRecord = {
      ticket: t.ticket,
      prefix: m?.[1] ?? '',
      number: Number(m?.[2] ?? 0),
      item: t.item,
      category: t.category,
      priority: t.priority,
      channel: t.channel,
      state: t.state,
      issuedAt,
      queuedAt: ms(t.queuedAt) ?? issuedAt,
      order: ++order,
      window: t.window,
      calledAt: ms(t.calledAt),
      startedAt: ms(t.startedAt),
      recalls: t.recalls,
      ahead: t.ahead ?? 0,
      transfers: 0,
    }
    state.open.set(t.ticket, record)
    const last = state.lastNumbers.get(record.prefix) ?? 0
    if (record.number > last) state.lastNumbers.set(record.prefix, record.number)
  }
  state.issued = order
  for (const w of live.windows.values()) {
    const known = state.windows.get(w.no)
    if (known === undefined) continue
    const current = w.ticket !== undefined && state.open.has(w.ticket) ? { current: w.ticket } : {}
    state.windows.set(w.no, {
      ...known,
      open: w.state !== 'closed',
      paused: w.state === 'paused',
      ...current,
      ...(w.present === undefined ? {} : { present: w.present }),
      ...(w.staff === undefined ? {} : { staff: w.staff }),
    })
  }
  return state
}
