import {
  type EventDraft,
  findTicket,
  type QueueState,
  type TicketRecord,
} from '@qms/edge-agent/queue'
import type { EventEnvelope } from '@qms/protocol'
import { addArrival, rollDay } from './arrivals.js'
import { type HallStats, ROLLING } from './hall-stats.js'
import { hourOf } from './local-clock.js'
import { addMoment, decayMoments, momentsOf } from './moments.js'
import { addPatience } from './patience.js'
import { itemPrior } from './service.js'

/*
 * Learning from a hall's events, one at a time, right after the event was applied to the hall's
 * state (so the ticket it names is there with its times). The live cloud calls this from its
 * projection of each hall; the evaluation from the simulated halls. Only what the event and the
 * state before it tell is used: nothing about the future.
 */

const MIN_SERVICE_MIN = 0.05

/** Weight of what was learned before a new day against that day's observations. */
export const DAY_AGEING = 0.9

/**
 * Multiplies every learned weight by `factor` (means stay, confidence shrinks), so a hall that
 * changes its staff or its procedures is followed within days.
 */
export function ageStats(stats: HallStats, factor: number): void {
  for (const rec of [stats.items, stats.windows, stats.hours])
    for (const m of Object.values(rec)) decayMoments(m, factor)
  decayMoments(stats.all, factor)
  decayMoments(stats.deviation, factor)
  decayMoments(stats.walk, factor)
  decayMoments(stats.noshow.graceSec, factor)
  stats.noshow.calls *= factor
  stats.noshow.noshows *= factor
  stats.transfers.services *= factor
  stats.transfers.transfers *= factor
  for (const key of Object.keys(stats.mix)) stats.mix[key]! *= factor
  const { exposure, events } = stats.patience
  for (let i = 0; i < exposure.length; i++) {
    exposure[i]! *= factor
    events[i]! *= factor
  }
}

/**
 * Ends the day being learned: what was learned ages by a day, today's arrivals join the history,
 * and the next event starts a new day whatever its date (a simulation that replays the same date
 * twice calls this in between; the live cloud at the hall's rollover).
 */
export function endDay(stats: HallStats): void {
  if (stats.day === '' && Object.keys(stats.today).length === 0) return
  ageStats(stats, DAY_AGEING)
  rollDay(stats, '')
}

/** The key under which the waits of a category are kept beside those of items. */
export const categoryKey = (category: string) => `@${category}`

function pushWait(stats: HallStats, key: string, at: number, minutes: number): void {
  const list = stats.waits[key] ?? []
  list.push({ at, minutes })
  if (list.length > ROLLING) list.splice(0, list.length - ROLLING)
  stats.waits[key] = list
}

function learnService(stats: HallStats, state: QueueState, t: TicketRecord, at: number): void {
  const since = t.startedAt ?? t.calledAt
  if (since === undefined || t.window === undefined) return
  const minutes = Math.max(MIN_SERVICE_MIN, (at - since) / 60_000)
  const d = Math.log(minutes) - itemPrior(state.model, t.item).mu
  addMoment(momentsOf(stats.items, t.item), d)
  addMoment(momentsOf(stats.windows, t.window), d)
  addMoment(momentsOf(stats.hours, String(hourOf(state.model, since))), d)
  addMoment(stats.deviation, d)
  addMoment(stats.all, minutes)
  const mixKey = `${t.window} ${t.category}`
  stats.mix[mixKey] = (stats.mix[mixKey] ?? 0) + minutes
}

/** Updates the statistics with one event applied to `state` at `at` (epoch ms). */
export function learnEvent(
  stats: HallStats,
  state: QueueState,
  event: EventDraft | EventEnvelope,
  at: number,
): void {
  const day = state.model.dayOf(at)
  if (stats.day !== day) {
    if (stats.day !== '') endDay(stats)
    rollDay(stats, day)
  }
  switch (event.type) {
    case 'ticket.issued': {
      const d = event.data
      addArrival(stats, state.model, d.category, d.priority, at)
      return
    }
    case 'ticket.called': {
      const t = findTicket(state, event.data.ticket)
      stats.noshow.calls += 1
      // The wait that matters is the first call; a transfer or a call-back is not a new wait.
      if (t === undefined || event.data.mode === 'callback' || t.transfers > 0) return
      const minutes = Math.max(0, (at - t.issuedAt) / 60_000)
      pushWait(stats, t.item, at, minutes)
      pushWait(stats, categoryKey(t.category), at, minutes)
      addPatience(stats, minutes, false)
      return
    }
    case 'ticket.started': {
      const t = findTicket(state, event.data.ticket)
      if (t?.calledAt !== undefined) addMoment(stats.walk, (at - t.calledAt) / 1000)
      return
    }
    case 'ticket.completed': {
      stats.transfers.services += 1
      const t = findTicket(state, event.data.ticket)
      if (t !== undefined) learnService(stats, state, t, at)
      return
    }
    case 'ticket.noshow': {
      const t = findTicket(state, event.data.ticket)
      stats.noshow.noshows += 1
      if (t?.calledAt !== undefined) addMoment(stats.noshow.graceSec, (at - t.calledAt) / 1000)
      return
    }
    case 'ticket.transferred':
      if (event.data.toSite === undefined) {
        // Back in the queue for another item: a service ended that will need another.
        stats.transfers.services += 1
        stats.transfers.transfers += 1
        return
      }
      learnLeave(stats, state, event.data.ticket, at, false)
      return
    case 'ticket.cancelled':
      learnLeave(
        stats,
        state,
        event.data.ticket,
        at,
        event.data.reason === 'abandoned' || event.data.reason === 'person',
      )
      return
    default:
      return
  }
}

/** A wait that ended without a call (left, or handed off) says something about patience. */
function learnLeave(
  stats: HallStats,
  state: QueueState,
  ticket: string,
  at: number,
  left: boolean,
): void {
  const t = findTicket(state, ticket)
  if (t === undefined || t.calledAt !== undefined) return
  addPatience(stats, Math.max(0, (at - t.issuedAt) / 60_000), left)
}
