import { jetstream } from '@nats-io/jetstream'
import { connectNats, connectRedis, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import type { Redis } from 'ioredis'
import t from 'tap'
import { type RedisKeys, redisKeys } from '../src/projections/keys.js'
import { checkpointOf, flushPrefix, startTestCloud } from './helpers/cloud.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim } from './helpers/hall-events.js'

/*
 * Redis holds only what the stream can rebuild. The cloud's Redis data is deleted while halls
 * keep sending; the cloud notices (its leases and checkpoints are gone), reads every hall's
 * subject again from the start and converges. A second cloud started afterwards against an
 * empty Redis builds the same projections from the stream alone.
 */

const SITES = ['st-11', 'st-12', 'st-13']
const PER_SITE = 600

/** Everything of a hall's projection that the stream determines. */
async function projection(redis: Redis, keys: RedisKeys, site: string) {
  const checkpoint = await redis.hgetall(keys.checkpoint(site))
  const dayKeys = (await redis.keys(`${keys.prefix}site:{${site}}:day:*`)).sort()
  const days: Record<string, Record<string, string>> = {}
  for (const k of dayKeys) days[k.slice(keys.prefix.length)] = await redis.hgetall(k)
  const history = (await redis.xrange(keys.history(site), '-', '+')).map(([, f]) => f[1])
  return {
    seq: checkpoint.seq,
    applied: checkpoint.applied,
    skipped: checkpoint.skipped ?? '0',
    info: await redis.hgetall(keys.info(site)),
    windows: await redis.hgetall(keys.windows(site)),
    tickets: await redis.hgetall(keys.tickets(site)),
    devices: await redis.hgetall(keys.devices(site)),
    days,
    history,
  }
}

t.test('after its Redis data is deleted mid-run the cloud rebuilds and converges', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const js = jetstream(nc)
  const cloud = await startTestCloud(t, { names, prefix, instanceId: 'flushed' })
  const halls = SITES.map((site, i) => ({
    sim: new HallSim({ site, seed: 100 + i, windows: 3 + i }),
    edge: new TestEdge(js, names, site),
  }))
  const publish = (n: number) =>
    Promise.all(halls.map(({ sim, edge }) => edge.publishAll(sim.take(n))))

  await publish(PER_SITE / 2)
  await waitFor(
    async () =>
      (await Promise.all(SITES.map((s) => checkpointOf(redis, keys, s)))).every((c) => c.seq > 100),
    { what: 'part applied', timeoutMs: 30_000 },
  )
  const lost = new Set<string>()
  cloud.ownership.on('lost', (site) => lost.add(site))
  const sending = publish(PER_SITE / 2)
  const deleted = await flushPrefix(redis, prefix)
  t.ok(deleted > 0, `deleted ${deleted} keys while events were still arriving`)
  await sending
  for (const site of SITES) {
    await waitFor(async () => (await checkpointOf(redis, keys, site)).seq === PER_SITE, {
      what: `${site} rebuilt to ${PER_SITE}`,
      timeoutMs: 60_000,
    })
    t.same(await checkpointOf(redis, keys, site), { seq: PER_SITE, applied: PER_SITE, skipped: 0 })
  }
  t.same([...lost].sort(), SITES, 'every hall’s lease was found gone, and the hall taken again')
  t.same(cloud.ownership.owned().sort(), SITES)
  const flushed = await Promise.all(SITES.map((s) => projection(redis, keys, s)))
  for (const [i, { sim }] of halls.entries()) {
    const day = await cloud.reader.day(SITES[i]!, '2026-11-30')
    t.equal(day.issued, sim.tally.issued, `${SITES[i]} issued`)
    t.equal(day.served, sim.tally.served, `${SITES[i]} served`)
  }
  await cloud.close()

  // A fresh cloud on an empty Redis, from the stream alone.
  const freshPrefix = uniqueRedisPrefix(t)
  const freshKeys = redisKeys(freshPrefix)
  await startTestCloud(t, { names, prefix: freshPrefix, instanceId: 'fresh' })
  for (const site of SITES) {
    await waitFor(async () => (await checkpointOf(redis, freshKeys, site)).seq === PER_SITE, {
      what: `${site} built from the stream`,
      timeoutMs: 60_000,
    })
  }
  const fresh = await Promise.all(SITES.map((s) => projection(redis, freshKeys, s)))
  for (const [i, site] of SITES.entries()) {
    t.same(fresh[i], flushed[i], `${site}: the same projection`)
  }
})
