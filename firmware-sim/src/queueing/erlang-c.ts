/*
 * M/M/c in steady state (Erlang C): c servers, Poisson arrivals at rate λ, exponential service
 * at rate μ each, one FIFO queue, offered load a = λ/μ, utilisation ρ = a/c < 1. The formulas are
 * the textbook ones (e.g. Kleinrock, Queueing Systems vol. 1, §3.5); the sums run in a stable
 * recurrence so that c in the hundreds does not overflow.
 */

export interface MMc {
  /** Servers (windows). */
  c: number
  /** Arrivals per unit of time. */
  lambda: number
  /** Mean service time, same unit. */
  meanService: number
}

function check({ c, lambda, meanService }: MMc): { a: number; rho: number } {
  if (!Number.isInteger(c) || c < 1) throw new RangeError('c must be a positive integer')
  if (!(lambda > 0) || !(meanService > 0)) throw new RangeError('rates must be positive')
  const a = lambda * meanService
  const rho = a / c
  if (rho >= 1) throw new RangeError(`the queue is unstable: utilisation ${rho} ≥ 1`)
  return { a, rho }
}

/** Erlang B blocking probability by the recurrence B(0)=1, B(k)=aB/(k+aB). */
export function erlangB(c: number, a: number): number {
  let b = 1
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b)
  return b
}

/** P(wait > 0): the probability an arrival finds every server busy. */
export function probWait(q: MMc): number {
  const { a, rho } = check(q)
  const b = erlangB(q.c, a)
  return b / (1 - rho + rho * b)
}

/** Mean wait in queue over all arrivals (those who do not wait count as 0). */
export function meanWait(q: MMc): number {
  return probWait(q) * meanWaitOfWaiters(q)
}

/** Mean wait of those who wait: 1 / (cμ − λ). */
export function meanWaitOfWaiters(q: MMc): number {
  check(q)
  return 1 / (q.c / q.meanService - q.lambda)
}

/** P(wait > t) = C · exp(−(cμ − λ) t). */
export function probWaitOver(q: MMc, t: number): number {
  return probWait(q) * Math.exp(-(q.c / q.meanService - q.lambda) * t)
}

/**
 * The stationary distribution of the number in system, as a sampler: p(n) ∝ aⁿ/n! for n ≤ c,
 * then p(c)·ρⁿ⁻ᶜ beyond. `u` is a uniform number in [0, 1).
 */
export function stationaryNumberAt(q: MMc, u: number): number {
  const { a, rho } = check(q)
  // Weights relative to p(c), built downwards to stay finite for large c.
  const w = new Array<number>(q.c + 1)
  w[q.c] = 1
  for (let n = q.c; n > 0; n--) w[n - 1] = (w[n]! * n) / a
  const tail = rho / (1 - rho)
  let total = tail
  for (const x of w) total += x
  let x = u * total
  for (let n = 0; n <= q.c; n++) {
    if (x < w[n]!) return n
    x -= w[n]!
  }
  // Beyond c: n − c is geometric, P(k) = (1 − ρ) ρ^(k−1), k ≥ 1.
  const v = Math.min(x / tail, 1 - 1e-16)
  return q.c + 1 + Math.floor(Math.log(1 - v) / Math.log(rho))
}
