/**
 * Wait before the `attempt`-th retry (1, 2, …): `minMs` doubling up to `maxMs`, the upper half
 * of it random so that many halls coming back at once do not retry in step.
 */
export function backoffMs(attempt: number, minMs: number, maxMs: number, random = Math.random) {
  const full = Math.min(maxMs, minMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)))
  return Math.round(full / 2 + (full / 2) * random())
}
