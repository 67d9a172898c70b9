import { aheadOfNewcomer, type QueueState } from '@qms/edge-agent/queue'
import type { Priority } from '@qms/protocol'
import { categoryMean, effectiveWindows } from '../predict/baselines/queue-length.js'
import { recentRate } from '../predict/learn/arrivals.js'
import type { HallStats } from '../predict/learn/hall-stats.js'
import { type DutySpan, openingSpans } from '../predict/plan.js'
import type { BalanceHall } from './types.js'

/*
 * A BalanceHall from a hall's queue state (the engine's, as projected) and its learned
 * statistics, with the waits from whatever predictor the caller trusts.
 */

export interface BalanceHallOptions {
  /** Predicted minutes for a newcomer (the forward predictor's, usually cached per refresh). */
  waitFor(item: string, priority: Priority): number | undefined
  /** Issuing spans of today (default: the hall's opening hours on the day of `now`). */
  open?: readonly DutySpan[]
  now: number
}

export function balanceHallOf(
  state: QueueState,
  stats: HallStats,
  options: BalanceHallOptions,
): BalanceHall {
  const model = state.model
  const category = (item: string) => model.items.get(item)?.category ?? ''
  return {
    site: model.site,
    name: model.hall.name,
    location: model.hall.location,
    open: options.open ?? openingSpans(model, options.now),
    offers: (item) => model.offered.has(item),
    waitFor: options.waitFor,
    queueFor: (item, priority) => aheadOfNewcomer(state, category(item), priority),
    serviceRate(item) {
      const c = category(item)
      const s = effectiveWindows(stats, state, c)
      return s <= 0 ? 0 : s / categoryMean(stats, state, c)
    },
    related: (item) => model.coServed.get(category(item)) ?? new Set(),
    pressure(item) {
      const c = category(item)
      const s = effectiveWindows(stats, state, c)
      const lambda = recentRate(stats, c, 'n', options.now) + recentRate(stats, c, 'p', options.now)
      if (s <= 0) return lambda > 0 ? 1 : 0
      return (lambda * categoryMean(stats, state, c)) / s
    },
  }
}
