import type { Clock } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { AuthKeys } from './keys.js'

/*
 * Failed sign-ins are counted per account and per address in fixed windows of the injected
 * clock (OWASP authentication guidance: throttle guessing without locking an account forever).
 * Once either count reaches its limit, sign-ins for that account or from that address are
 * refused — without checking the password, so a refusal tells nothing — until the window ends.
 */

export interface LoginLimits {
  /** Length of a counting window (default 15 minutes). */
  windowMs: number
  /** Failed sign-ins allowed per account per window (default 5). */
  perUser: number
  /** Failed sign-ins allowed per address per window (default 50). */
  perAddress: number
}

export interface LoginLimiter {
  /** Milliseconds until sign-in may be tried again, or 0 when it may be tried now. */
  blockedFor(user: string, address: string): Promise<number>
  failed(user: string, address: string): Promise<void>
  /** A successful sign-in clears the account's count (not the address's). */
  succeeded(user: string): Promise<void>
}

export function createLoginLimiter(opts: {
  redis: Redis
  keys: AuthKeys
  clock: Clock
  limits: LoginLimits
}): LoginLimiter {
  const { redis, keys, clock, limits } = opts
  const windowOf = () => Math.floor(clock.now() / limits.windowMs)
  // Names are bounded by the login schema; keep keys short and free of odd bytes anyway.
  const safe = (s: string) => encodeURIComponent(s.slice(0, 64))
  return {
    async blockedFor(user, address) {
      const w = windowOf()
      const [u, a] = await redis.mget(
        keys.failedUser(safe(user), w),
        keys.failedAddress(safe(address), w),
      )
      if (Number(u ?? 0) < limits.perUser && Number(a ?? 0) < limits.perAddress) return 0
      return (w + 1) * limits.windowMs - clock.now()
    },
    async failed(user, address) {
      const w = windowOf()
      const ku = keys.failedUser(safe(user), w)
      const ka = keys.failedAddress(safe(address), w)
      // Kept two windows of real time: the counts are read only for the current window.
      const ttl = 2 * limits.windowMs
      await redis.multi().incr(ku).pexpire(ku, ttl).incr(ka).pexpire(ka, ttl).exec()
    },
    async succeeded(user) {
      await redis.del(keys.failedUser(safe(user), windowOf()))
    },
  }
}
