import { type Clock, QmsError } from '@qms/protocol'
import type { FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import type { Redis } from 'ioredis'
import type { RedisKeys } from '../projections/keys.js'

/*
 * A rate limit per caller (IP address) for the public API, counted in Redis so that every
 * instance behind the load balancer counts the same caller together: a fixed window per bucket
 * (reads, takes, live feeds). Past the limit: 429 RATE_LIMITED with Retry-After. If Redis cannot
 * count, the request goes through: the limit protects the halls, it must not close the API.
 */

export interface RateLimits {
  /** A preHandler allowing `limit` requests per window in `bucket`. */
  hook(bucket: string, limit: number): preHandlerHookHandler
  /** Counts one request of the caller; throws RATE_LIMITED past `limit` (and sets Retry-After). */
  check(request: FastifyRequest, bucket: string, limit: number, reply?: FastifyReply): Promise<void>
}

export function createRateLimits(opts: {
  redis: Redis
  keys: RedisKeys
  clock: Clock
  windowMs: number
  onLimited?(bucket: string): void
}): RateLimits {
  const { redis, keys, clock, windowMs } = opts
  const check = async (
    request: FastifyRequest,
    bucket: string,
    limit: number,
    reply?: FastifyReply,
  ) => {
    const now = clock.now()
    const window = Math.floor(now / windowMs)
    const key = keys.live.rate(bucket, request.ip.replace(/[^0-9A-Fa-f.:]/g, '_'), window)
    let count: number
    try {
      const r = await redis
        .multi()
        .incr(key)
        .pexpire(key, windowMs * 2)
        .exec()
      count = Number(r?.[0]?.[1] ?? 0)
    } catch {
      return
    }
    if (count <= limit) return
    opts.onLimited?.(bucket)
    const retry = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000))
    reply?.header('retry-after', String(retry))
    throw new QmsError(
      'RATE_LIMITED',
      `at most ${limit} requests a window here; retry in ${retry} s`,
    )
  }
  return {
    check,
    hook(bucket, limit) {
      return async (request, reply) => {
        await check(request, bucket, limit, reply)
      }
    },
  }
}
