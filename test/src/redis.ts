import { Redis } from 'ioredis'
import type { Teardown } from './teardown.js'
import { uniqueId } from './teardown.js'

/** The shared Redis that tests use, default redis://127.0.0.1:6379. */
export function redisUrl(): string {
  return process.env.QMS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/**
 * A unique key prefix for one test (`t1a2b3c…:`); every key under it is deleted when the test
 * ends, so tests sharing the server never see each other's keys.
 */
export function uniqueRedisPrefix(t: Teardown, url = redisUrl()): string {
  const prefix = `${uniqueId('t')}:`
  t.teardown(async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
    try {
      await redis.connect()
      await deleteByPrefix(redis, prefix)
    } catch {
      // Redis gone at teardown: nothing of ours can be left to delete.
    } finally {
      redis.disconnect()
    }
  })
  return prefix
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    cursor = next
    if (keys.length > 0) deleted += await redis.unlink(...keys)
  } while (cursor !== '0')
  return deleted
}

/** A Redis connection closed when the test ends. */
export function connectRedis(t: Teardown, url = redisUrl()): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 })
  t.teardown(() => redis.quit().catch(() => redis.disconnect()))
  return redis
}
