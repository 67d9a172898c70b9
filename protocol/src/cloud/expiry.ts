/*
 * Every cloud → edge command carries `expiresAt`. Commands wait in the QMS_CMD stream while a hall
 * is offline; one that arrives after its expiry is dropped by the hall and counted, never acted
 * on (a guidance "go to hall X, 25 minutes shorter" from this morning is wrong this afternoon).
 * The cloud and the edge use these same checks, so they cannot disagree on what is stale.
 */

/** Longest time a command may live: the QMS_CMD stream keeps messages at least this long. */
export const MAX_COMMAND_TTL_MS = 24 * 60 * 60 * 1000 // 1 day

/** Shortest sensible time to live: below this a command would expire on its way. */
export const MIN_COMMAND_TTL_MS = 1000 // 1 second

/**
 * The `expiresAt` of a command sent at `sentAtMs` that lives `ttlMs`. Throws a RangeError when
 * the time to live is outside [MIN_COMMAND_TTL_MS, MAX_COMMAND_TTL_MS] or not a finite number.
 */
export function commandExpiresAt(sentAtMs: number, ttlMs: number): string {
  if (!Number.isFinite(ttlMs) || ttlMs < MIN_COMMAND_TTL_MS || ttlMs > MAX_COMMAND_TTL_MS) {
    throw new RangeError(
      `a command lives between ${MIN_COMMAND_TTL_MS} and ${MAX_COMMAND_TTL_MS} ms, not ${ttlMs}`,
    )
  }
  return new Date(sentAtMs + ttlMs).toISOString()
}

/**
 * Whether a command is stale at `nowMs`: its expiry is now or past. An `expiresAt` that cannot be
 * read counts as expired, so a damaged command is dropped rather than acted on.
 */
export function isExpired(command: { expiresAt: string }, nowMs: number): boolean {
  const at = Date.parse(command.expiresAt)
  return Number.isNaN(at) || at <= nowMs
}

/** Milliseconds a command still has to live at `nowMs` (0 when expired). */
export function remainingTtlMs(command: { expiresAt: string }, nowMs: number): number {
  const at = Date.parse(command.expiresAt)
  return Number.isNaN(at) ? 0 : Math.max(0, at - nowMs)
}
