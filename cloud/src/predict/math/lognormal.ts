import { normalCdf, normalQuantile } from './normal.js'
import type { Random } from './random.js'

/*
 * Handling times are lognormal: positive, skewed to the right, and what the literature on
 * service times in call centres and counters finds (Brown et al., JASA 2005). We keep them as
 * (mu, sigma) of the logarithm.
 */

export interface LogNormal {
  /** Mean of ln X. */
  mu: number
  /** Standard deviation of ln X. */
  sigma: number
}

/** The lognormal with this mean and coefficient of variation. */
export function fromMeanCv(mean: number, cv: number): LogNormal {
  const s2 = Math.log(1 + cv * cv)
  return { mu: Math.log(Math.max(mean, 1e-9)) - s2 / 2, sigma: Math.sqrt(s2) }
}

export function lognormalMean(d: LogNormal): number {
  return Math.exp(d.mu + (d.sigma * d.sigma) / 2)
}

/** A draw of X. */
export function sampleLognormal(d: LogNormal, rng: Random): number {
  return Math.exp(d.mu + d.sigma * normalQuantile(rng.next()))
}

/**
 * A draw of X − e given X > e: what is left of a service that has run `elapsed` already. The
 * inverse CDF drawn from the upper tail [F(e), 1), so a long service stays long.
 */
export function sampleRemaining(d: LogNormal, elapsed: number, rng: Random): number {
  if (elapsed <= 0) return sampleLognormal(d, rng)
  const f =
    d.sigma > 0
      ? normalCdf((Math.log(elapsed) - d.mu) / d.sigma)
      : elapsed >= Math.exp(d.mu)
        ? 1
        : 0
  // Past the far tail the distribution says nothing useful; a short extra keeps it finite.
  if (f > 0.999) return lognormalMean(d) * 0.25 * -Math.log(rng.next())
  const u = f + (1 - f) * rng.next()
  const x = Math.exp(d.mu + d.sigma * normalQuantile(Math.min(u, 1 - 1e-12)))
  return Math.max(0, x - elapsed)
}

/** Expected X − e given X > e. */
export function meanRemaining(d: LogNormal, elapsed: number): number {
  if (elapsed <= 0) return lognormalMean(d)
  if (d.sigma <= 0) return Math.max(0, Math.exp(d.mu) - elapsed)
  const z = (Math.log(elapsed) - d.mu) / d.sigma
  const tail = 1 - normalCdf(z)
  if (tail < 1e-4) return lognormalMean(d) * 0.25
  // E[X; X > e] = exp(mu + s²/2) · Φ(s − z)
  const partial = lognormalMean(d) * (1 - normalCdf(z - d.sigma))
  return Math.max(0, partial / tail - elapsed)
}
