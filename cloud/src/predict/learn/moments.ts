/*
 * Weighted running sums (count, sum, sum of squares) that can be decayed and serialised as they
 * are. Everything the predictor learns is built from these, so a statistics object is plain JSON.
 */

/** `[weight, sum, sum of squares]`. */
export type Moments = [number, number, number]

export const emptyMoments = (): Moments => [0, 0, 0]

export function addMoment(m: Moments, x: number, weight = 1): void {
  m[0] += weight
  m[1] += weight * x
  m[2] += weight * x * x
}

export function momentMean(m: Moments, fallback: number): number {
  return m[0] > 0 ? m[1] / m[0] : fallback
}

export function momentVariance(m: Moments, fallback: number): number {
  if (m[0] < 2) return fallback
  const mean = m[1] / m[0]
  return Math.max(0, m[2] / m[0] - mean * mean)
}

/**
 * A mean shrunk toward a prior: the prior counts as `priorWeight` observations. With no data it
 * is the prior; with many, the data.
 */
export function shrunkMean(m: Moments, prior: number, priorWeight: number): number {
  return (prior * priorWeight + m[1]) / (priorWeight + m[0])
}

export function shrunkVariance(m: Moments, prior: number, priorWeight: number): number {
  if (m[0] <= 0) return prior
  return (prior * priorWeight + momentVariance(m, prior) * m[0]) / (priorWeight + m[0])
}

export function decayMoments(m: Moments, factor: number): void {
  m[0] *= factor
  m[1] *= factor
  m[2] *= factor
}

/** The Moments of a record, created on first use. */
export function momentsOf(record: Record<string, Moments>, key: string): Moments {
  let m = record[key]
  if (m === undefined) {
    m = emptyMoments()
    record[key] = m
  }
  return m
}
