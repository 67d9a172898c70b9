import type { HallModel } from '@qms/edge-agent/queue'
import { fromMeanCv, type LogNormal, lognormalMean } from '../math/lognormal.js'
import type { HallStats } from './hall-stats.js'
import { type Moments, momentMean, shrunkMean, shrunkVariance } from './moments.js'

/*
 * Handling times: ln(minutes) = catalogue level + item effect + window effect + hour effect +
 * noise. Each effect is estimated from the deviations d = ln(minutes) − catalogue level: the
 * item's is the mean d of its services; a window's (its staff's speed) and an hour's (the time
 * of day) are their mean d less the mean d of all services, so that a catalogue that is off for
 * the whole hall moves the items, not every window and hour as well. Every effect is shrunk
 * toward none until enough services back it (partial pooling).
 */

/** Weight of the catalogue's figures against observed services, per item. */
export const ITEM_PRIOR_WEIGHT = 5
export const WINDOW_PRIOR_WEIGHT = 10
export const HOUR_PRIOR_WEIGHT = 20
const DEFAULT_CV = 0.6
const DEFAULT_MEAN = 10

/** The catalogue's prior for an item, as a lognormal in minutes. */
export function itemPrior(model: HallModel, item: string): LogNormal {
  const it = model.items.get(item)
  return fromMeanCv(it?.meanMinutes ?? DEFAULT_MEAN, it?.cv ?? DEFAULT_CV)
}

/** Level and spread of ln(minutes) of an item, before window and hour effects. */
export function itemLevel(stats: HallStats, model: HallModel, item: string): LogNormal {
  const prior = itemPrior(model, item)
  const m = stats.items[item]
  if (m === undefined) return prior
  return {
    mu: prior.mu + shrunkMean(m, 0, ITEM_PRIOR_WEIGHT),
    sigma: Math.sqrt(shrunkVariance(m, prior.sigma * prior.sigma, ITEM_PRIOR_WEIGHT)),
  }
}

/** An effect: the group's mean deviation less the overall one, shrunk toward none. */
function effect(stats: HallStats, m: Moments | undefined, priorWeight: number): number {
  if (m === undefined || m[0] <= 0) return 0
  const overall = momentMean(stats.deviation, 0)
  return (m[0] * (m[1] / m[0] - overall)) / (priorWeight + m[0])
}

export function windowFactor(stats: HallStats, window: string | undefined): number {
  return effect(
    stats,
    window === undefined ? undefined : stats.windows[window],
    WINDOW_PRIOR_WEIGHT,
  )
}

export function hourFactor(stats: HallStats, hour: number | undefined): number {
  return effect(
    stats,
    hour === undefined ? undefined : stats.hours[String(hour)],
    HOUR_PRIOR_WEIGHT,
  )
}

/** The handling-time distribution (minutes) of an item at a window and local hour. */
export function serviceDistribution(
  stats: HallStats,
  model: HallModel,
  item: string,
  window?: string,
  hour?: number,
): LogNormal {
  const level = itemLevel(stats, model, item)
  return {
    mu: level.mu + windowFactor(stats, window) + hourFactor(stats, hour),
    sigma: level.sigma,
  }
}

/** Mean handling minutes of an item (at any window, any hour). */
export function meanService(stats: HallStats, model: HallModel, item: string): number {
  return lognormalMean(itemLevel(stats, model, item))
}

/** Mean handling minutes over everything the hall served (the catalogue's average before any). */
export function meanServiceAll(stats: HallStats, model: HallModel): number {
  if (stats.all[0] >= 1) return stats.all[1] / stats.all[0]
  let w = 0
  let sum = 0
  for (const item of model.offered.values()) {
    const d = item.demand ?? 1
    w += d
    sum += d * item.meanMinutes
  }
  return w > 0 ? sum / w : DEFAULT_MEAN
}
