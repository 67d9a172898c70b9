import type { HallModel } from '@qms/edge-agent/queue'
import { fromMeanCv, type LogNormal, lognormalMean } from '../math/lognormal.js'
import type { HallStats } from './hall-stats.js'
import { shrunkMean, shrunkVariance } from './moments.js'

/*
 * Handling times: ln(minutes) = item level + window factor + hour factor + noise. The item level
 * starts at the catalogue's mean and cv and moves toward what the hall's completions show; a
 * window's factor is its staff's speed; an hour's factor the time of day. Each factor is shrunk
 * toward zero until enough services back it (a partial-pooling estimate).
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

/** Level and spread of ln(minutes) of an item, before window and hour factors. */
export function itemLevel(stats: HallStats, model: HallModel, item: string): LogNormal {
  const prior = itemPrior(model, item)
  const m = stats.items[item]
  if (m === undefined) return prior
  return {
    mu: shrunkMean(m, prior.mu, ITEM_PRIOR_WEIGHT),
    sigma: Math.sqrt(shrunkVariance(m, prior.sigma * prior.sigma, ITEM_PRIOR_WEIGHT)),
  }
}

export function windowFactor(stats: HallStats, window: string | undefined): number {
  const m = window === undefined ? undefined : stats.windows[window]
  return m === undefined ? 0 : shrunkMean(m, 0, WINDOW_PRIOR_WEIGHT)
}

export function hourFactor(stats: HallStats, hour: number | undefined): number {
  const m = hour === undefined ? undefined : stats.hours[String(hour)]
  return m === undefined ? 0 : shrunkMean(m, 0, HOUR_PRIOR_WEIGHT)
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
