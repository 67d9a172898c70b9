/** How long a page waits before connecting again: exponential, capped, with jitter. */
export interface BackoffOptions {
  /** First delay, ms (default 500). */
  initialMs?: number
  /** Largest delay, ms (default 15 s). */
  maxMs?: number
  /** Growth per failed attempt (default 2). */
  factor?: number
  /** Share of the delay drawn at random, 0…1 (default 0.3): screens of a hall do not reconnect in step. */
  jitter?: number
}

/**
 * The delay before attempt `attempt` (1 for the first retry). `random` returns a number in
 * [0, 1), as Math.random does; tests pass their own.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = Math.max(0, options.initialMs ?? 500)
  const max = Math.max(initial, options.maxMs ?? 15_000)
  const factor = Math.max(1, options.factor ?? 2)
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.3))
  const base = Math.min(max, initial * factor ** Math.max(0, attempt - 1))
  return Math.round(base * (1 - jitter) + base * jitter * random())
}
