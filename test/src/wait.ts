import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  /** Give up after this long, default 30 s: a shared CI machine can be slow, and a wait that
   * succeeds returns as soon as it does. */
  timeoutMs?: number
  /** Check again after this long, default 20 ms. */
  intervalMs?: number
  /** Said in the error when it gives up. */
  what?: string
}

/**
 * Polls `check` until it returns a value other than undefined/false, and returns that value.
 * For conditions that have no event to wait on (a file appearing, a count reaching a number).
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined && value !== false && value !== null)
        return value as Exclude<T, false | undefined | null>
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      const suffix = lastError === undefined ? '' : `: ${(lastError as Error).message}`
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}${suffix}`)
    }
    await sleep(options.intervalMs ?? 20)
  }
}
