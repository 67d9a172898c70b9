import { waitingTickets } from '@qms/edge-agent/queue'
import type { HallStats } from '../learn/hall-stats.js'
import { categoryKey } from '../learn/observe.js'
import type { ResolvedTarget } from '../types.js'
import type { PointFn } from './point.js'

/*
 * Delay-history predictors (Ibrahim & Whitt 2009; Thiongane, Chan & L'Ecuyer 2016): the wait of
 * the last person of the same kind to be called (LES), how long the head of the line has waited
 * (HOL), the mean of the last ten waits. For a ticket already waiting, what it waited already is
 * taken off. With no same-item history they fall back to the category's.
 */

function recentWaits(stats: HallStats, r: ResolvedTarget) {
  const own = stats.waits[r.item]
  if (own !== undefined && own.length > 0) return own
  return stats.waits[categoryKey(r.category)] ?? []
}

/** LES: the wait of the last same-item ticket to be called. */
export const lastToEnterService: PointFn = ({ stats }, r) => {
  const list = recentWaits(stats, r)
  const last = list[list.length - 1]
  return last === undefined ? 0 : Math.max(0, last.minutes - r.waited)
}

/** Rolling mean of the last 10 same-item waits. */
export const rollingMean: PointFn = ({ stats }, r) => {
  const list = recentWaits(stats, r).slice(-10)
  if (list.length === 0) return 0
  let sum = 0
  for (const w of list) sum += w.minutes
  return Math.max(0, sum / list.length - r.waited)
}

/** HOL: how long the first ticket in the target's category queue has waited so far. */
export const headOfLine: PointFn = ({ state, now }, r) => {
  const queue = waitingTickets(state, new Set([r.category]))
  const head = queue.find(
    (t) => t !== r.ticket && (r.priority === 'normal' || t.priority !== 'normal'),
  )
  if (head === undefined) return 0
  return Math.max(0, (now - head.issuedAt) / 60_000 - r.waited)
}
