import type { NatsNames } from '@qms/protocol'
import { natsUrl, redisUrl, type Teardown } from '@qms/test'
import type { Redis } from 'ioredis'
import { type Cloud, type CreateCloudOptions, createCloud } from '../../src/cloud.js'
import type { CloudConfigInput } from '../../src/config.js'
import { type District, emptyDistrict } from '../../src/district/district.js'
import type { RedisKeys } from '../../src/projections/keys.js'
import { simCategoryOf } from './hall-events.js'

/** A district with no configured halls whose catalogue knows the simulated items. */
export function testDistrict(): District {
  return { ...emptyDistrict('Asia/Shanghai'), categoryOf: simCategoryOf }
}

/** The stream prefix of a names set (QMS for QMS_EVT). */
export const streamPrefixOf = (names: NatsNames) => names.eventStream.replace(/_EVT$/, '')

/**
 * A cloud in this process on the shared NATS and Redis, with the test's private names and key
 * prefix, fast heartbeats, no HTTP listener and no jobs unless asked. Closed when the test ends.
 */
export async function startTestCloud(
  t: Teardown,
  opts: {
    names: NatsNames
    prefix: string
    instanceId?: string
    config?: CloudConfigInput
  } & Omit<CreateCloudOptions, 'config'>,
): Promise<Cloud> {
  const { names, prefix, instanceId, config = {}, ...rest } = opts
  const cloud = await createCloud({
    district: testDistrict(),
    ...rest,
    config: {
      ...config,
      ...(instanceId === undefined ? {} : { instanceId }),
      nats: {
        servers: [natsUrl()],
        root: names.root,
        streamPrefix: streamPrefixOf(names),
        ...config.nats,
      },
      redis: { url: redisUrl(), prefix, ...config.redis },
      http: { listen: false, ...config.http },
      jobs: { enabled: false, ...config.jobs },
      ownership: { leaseMs: 1500, heartbeatMs: 250, ...config.ownership },
      intake: {
        discoveryMs: 200,
        linkPollMs: 500,
        replayRetryMs: 300,
        restartMs: 100,
        ...config.intake,
      },
    },
  })
  t.teardown(() => cloud.close())
  return cloud
}

/** Deletes every key under the prefix in one atomic step, as FLUSHDB would for our keys. */
export async function flushPrefix(redis: Redis, prefix: string): Promise<number> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next
    keys.push(...found)
  } while (cursor !== '0')
  if (keys.length === 0) return 0
  const results = await redis
    .multi()
    .del(...keys)
    .exec()
  return Number(results?.[0]?.[1] ?? 0)
}

/** A hall's checkpoint hash. */
export async function checkpointOf(redis: Redis, keys: RedisKeys, site: string) {
  const h = await redis.hgetall(keys.checkpoint(site))
  return {
    seq: Number(h.seq ?? 0),
    applied: Number(h.applied ?? 0),
    skipped: Number(h.skipped ?? 0),
  }
}
