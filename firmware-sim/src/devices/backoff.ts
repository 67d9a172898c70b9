/**
 * Reconnection back-off as firmware does it: exponential, capped, with jitter so that a hall's
 * devices do not all hammer a broker that just came back in the same millisecond.
 */
export interface BackoffOptions {
  /** First delay (default 500 ms). */
  initialMs?: number
  /** Largest delay (default 30 s). */
  maxMs?: number
  /** Growth per failed attempt (default 2). */
  factor?: number
  /** Share of each delay that is random, 0…1 (default 0.5: between half and all of it). */
  jitter?: number
  /** Source of randomness in [0, 1) (default Math.random); tests pass a fixed one. */
  random?: () => number
}

export const DEFAULT_BACKOFF = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
} as const

/** The delay before attempt `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? DEFAULT_BACKOFF.initialMs
  const max = options.maxMs ?? DEFAULT_BACKOFF.maxMs
  const factor = options.factor ?? DEFAULT_BACKOFF.factor
  const jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_BACKOFF.jitter))
  const random = options.random ?? Math.random
  const base = Math.min(max, initial * factor ** Math.min(attempt, 64))
  return Math.round(base * (1 - jitter) + base * jitter * random())
}
