import { recentRate } from '../learn/arrivals.js'
import type { PointFn } from './point.js'
import { categoryMean, effectiveWindows } from './queue-length.js'

/*
 * Erlang C (M/M/s): the steady-state mean wait with the category's arrival rate over the last
 * hour, its mean handling time and its effective windows (skill-weighted, rounded to whole
 * servers with the capacity kept). It ignores the queue there is now: it says what the wait
 * would be on average at this load, which is what many hall systems still display.
 */

/** Probability of waiting in M/M/s with offered load `a` = λ/μ (Erlang's C formula). */
export function erlangC(servers: number, a: number): number {
  if (a <= 0) return 0
  if (a >= servers) return 1
  // Stable recursion: Erlang B, then C from B.
  let b = 1
  for (let k = 1; k <= servers; k++) b = (a * b) / (k + a * b)
  const rho = a / servers
  return b / (1 - rho + rho * b)
}

/**
 * Load at which the formula is held: at a peak the last hour's arrivals often exceed the
 * capacity, where the steady state does not exist; the wait is then what ρ = 0.95 gives.
 */
export const MAX_RHO = 0.95

/** Mean wait in queue of M/M/s, minutes (λ per minute, mean handling minutes). */
export function erlangCWait(servers: number, lambda: number, meanMinutes: number): number {
  if (servers <= 0 || lambda <= 0) return 0
  const mu = 1 / meanMinutes
  const a = Math.min(lambda / mu, servers * MAX_RHO)
  return erlangC(servers, a) / (servers * mu - a * mu)
}

export const erlangCPredictor: PointFn = ({ state, stats, now }, r) => {
  const s = effectiveWindows(stats, state, r.category)
  if (s <= 0) return 0
  const servers = Math.max(1, Math.round(s))
  // Keep the capacity: s effective windows at rate μ are `servers` windows at μ·s/servers.
  const mean = (categoryMean(stats, state, r.category) * servers) / s
  const lambda = recentRate(stats, r.category, 'n', now) + recentRate(stats, r.category, 'p', now)
  return erlangCWait(servers, lambda, mean)
}
