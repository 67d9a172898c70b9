import type { Random } from '../math/random.js'
import { type HallStats, PATIENCE_BINS } from './hall-stats.js'

/*
 * Abandonment: how long people wait before leaving. Learned as a piecewise-constant hazard from
 * censored data — a person called after w minutes shows they would wait at least w; a person who
 * left after w minutes gives one departure in w's bin (the actuarial, Kaplan–Meier-like estimate
 * per bin: departures ÷ minutes exposed). A weak prior of one departure per PRIOR_MEAN minutes
 * exposed keeps a hall with no data from assuming that nobody ever leaves or that all do.
 */

const PRIOR_MEAN = 240
const PRIOR_EXPOSURE = 120

/** The departure rate per minute in each bin. */
export function hazards(stats: HallStats): number[] {
  const { exposure, events } = stats.patience
  return PATIENCE_BINS.map(
    (_, i) =>
      ((events[i] ?? 0) + PRIOR_EXPOSURE / PRIOR_MEAN) / ((exposure[i] ?? 0) + PRIOR_EXPOSURE),
  )
}

/** Records a wait of `minutes` that ended by leaving (`left`) or otherwise (called, handed off). */
export function addPatience(stats: HallStats, minutes: number, left: boolean, weight = 1): void {
  const { exposure, events } = stats.patience
  for (let i = 0; i < PATIENCE_BINS.length; i++) {
    const from = PATIENCE_BINS[i]!
    const to = PATIENCE_BINS[i + 1] ?? Number.POSITIVE_INFINITY
    if (minutes <= from) break
    exposure[i] = (exposure[i] ?? 0) + weight * (Math.min(minutes, to) - from)
    if (left && minutes <= to) events[i] = (events[i] ?? 0) + weight
  }
}

/**
 * A draw of the minutes a person who has waited `elapsed` minutes will still wait before
 * leaving: invert the cumulative hazard from `elapsed` on. Infinite when the hazard is zero.
 */
export function sampleRemainingPatience(
  h: readonly number[],
  elapsed: number,
  rng: Random,
): number {
  let budget = -Math.log(rng.next())
  let t = Math.max(0, elapsed)
  for (let i = 0; i < PATIENCE_BINS.length; i++) {
    const to = PATIENCE_BINS[i + 1] ?? Number.POSITIVE_INFINITY
    if (t >= to) continue
    const rate = h[i] ?? 0
    const span = to - t
    if (rate > 0 && budget <= rate * span) return t + budget / rate - elapsed
    budget -= rate * span
    t = to
  }
  return Number.POSITIVE_INFINITY
}

/** Probability that someone who waited `elapsed` minutes is still there after `more` minutes. */
export function stayProbability(h: readonly number[], elapsed: number, more: number): number {
  let cum = 0
  let t = Math.max(0, elapsed)
  const end = t + Math.max(0, more)
  for (let i = 0; i < PATIENCE_BINS.length && t < end; i++) {
    const to = PATIENCE_BINS[i + 1] ?? Number.POSITIVE_INFINITY
    if (t >= to) continue
    const stop = Math.min(to, end)
    cum += (h[i] ?? 0) * (stop - t)
    t = stop
  }
  return Math.exp(-cum)
}
