import { createHash, randomBytes } from 'node:crypto'
import type { Clock } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { AuthKeys } from './keys.js'

/*
 * Console sessions in Redis, so that every cloud instance knows every session and a restart
 * signs nobody out. The browser holds a random 256-bit token; Redis holds only its SHA-256, so a
 * copy of Redis does not hand out live sessions. A session ends after `idleMs` without a request
 * and `maxMs` after sign-in whatever happens (OWASP session management: idle and absolute
 * timeouts). Both are checked against the injected clock; Redis' own expiry only clears the
 * abandoned ones.
 */

export interface SessionTimes {
  /** Ends after this long without a request (default 30 minutes). */
  idleMs: number
  /** Ends this long after sign-in (default 12 hours: a working day). */
  maxMs: number
}

export interface Session {
  /** The account name. */
  readonly user: string
  readonly csrf: string
  readonly createdAt: number
  readonly seenAt: number
  /** When the session ends at the latest. */
  readonly expiresAt: number
}

export interface SessionStore {
  /** Opens a session for `user`: its token (for the cookie) and the session. */
  create(user: string): Promise<{ token: string; session: Session }>
  /** The session of `token` if it is live, marking it used now; ended sessions are removed. */
  get(token: string): Promise<Session | undefined>
  destroy(token: string): Promise<void>
}

/** A used session's `seenAt` is written at most this often: not a Redis write per request. */
const TOUCH_EVERY_MS = 30_000

export function createSessionStore(opts: {
  redis: Redis
  keys: AuthKeys
  clock: Clock
  times: SessionTimes
}): SessionStore {
  const { redis, keys, clock, times } = opts
  const keyOf = (token: string) =>
    keys.session(createHash('sha256').update(token, 'utf8').digest('hex'))
  const expiresAt = (createdAt: number) => createdAt + times.maxMs
  return {
    async create(user) {
      const token = randomBytes(32).toString('base64url')
      const now = clock.now()
      const session: Session = {
        user,
        csrf: randomBytes(32).toString('base64url'),
        createdAt: now,
        seenAt: now,
        expiresAt: expiresAt(now),
      }
      const key = keyOf(token)
      await redis
        .multi()
        .hset(key, {
          user,
          csrf: session.csrf,
          createdAt: String(now),
          seenAt: String(now),
        })
        .pexpire(key, Math.min(times.idleMs, times.maxMs))
        .exec()
      return { token, session }
    },
    async get(token) {
      // A cookie value that our tokens cannot be is refused without asking Redis.
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined
      const key = keyOf(token)
      const h = await redis.hgetall(key)
      const createdAt = Number(h.createdAt)
      const seenAt = Number(h.seenAt)
      if (h.user === undefined || h.csrf === undefined || !Number.isFinite(createdAt))
        return undefined
      const now = clock.now()
      if (now - seenAt >= times.idleMs || now >= expiresAt(createdAt)) {
        await redis.del(key)
        return undefined
      }
      let seen = seenAt
      if (now - seenAt >= TOUCH_EVERY_MS) {
        seen = now
        const ttl = Math.max(1, Math.min(times.idleMs, expiresAt(createdAt) - now))
        await redis.multi().hset(key, 'seenAt', String(now)).pexpire(key, ttl).exec()
      }
      return {
        user: h.user,
        csrf: h.csrf,
        createdAt,
        seenAt: seen,
        expiresAt: expiresAt(createdAt),
      }
    },
    async destroy(token) {
      await redis.del(keyOf(token))
    },
  }
}
