import { jetstream } from '@nats-io/jetstream'
import {
  connectNats,
  connectRedis,
  natsUrl,
  redisUrl,
  spawnProcess,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '@qms/test'
import t from 'tap'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, streamPrefixOf } from './helpers/cloud.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim } from './helpers/hall-events.js'

/*
 * Two qms-cloud processes share the halls. One is killed (SIGKILL: no goodbye, its leases just
 * stop being renewed) while the halls keep sending: its halls move to the survivor within
 * seconds, and in the end every hall's events were applied exactly once — none twice (the
 * applied count equals the last seq and the figures equal what the halls did), none skipped.
 *
 * Runs the compiled bin: `npx tsc -b` first (npm ci does it).
 */

const bin = new URL('../bin/qms-cloud.js', import.meta.url).pathname
const SITES = Array.from({ length: 8 }, (_, i) => `st-2${i}`)
const PER_ROUND = 50
/** Rounds of events sent after the halls moved, so that the survivor takes them under load. */
const AFTER_MOVE = 5

t.test(
  'an instance killed under load hands its halls to the survivor; nothing applied twice or skipped',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const keys = redisKeys(prefix)
    const nc = await connectNats(t)
    const redis = connectRedis(t)
    const js = jetstream(nc)
    const env = (id: string) => ({
      QMS_NATS_URL: natsUrl(),
      QMS_REDIS_URL: redisUrl(),
      QMS_REDIS_PREFIX: prefix,
      QMS_NATS_ROOT: names.root,
      QMS_STREAM_PREFIX: streamPrefixOf(names),
      QMS_INSTANCE_ID: id,
      QMS_HTTP_PORT: '0',
      QMS_HTTP_HOST: '127.0.0.1',
      QMS_JOBS: '0',
      QMS_DISTRICT: 'none',
      QMS_LOG_LEVEL: 'info',
    })
    const a = spawnProcess(t, process.execPath, [bin], { env: env('cloud-a') })
    await a.waitForLine(/"msg":"listening"/)
    const b = spawnProcess(t, process.execPath, [bin], { env: env('cloud-b') })
    await b.waitForLine(/"msg":"listening"/)

    const halls = SITES.map((site, i) => {
      // 1.5 s between events: however many rounds a fast or slow machine sends before the halls
      // have moved (thousands of events a hall), the halls' day (2026-11-30) does not end.
      let at = Date.parse('2026-11-30T01:00:00.000Z')
      return {
        sim: new HallSim({ site, seed: 500 + i, now: () => (at += 1500) }),
        edge: new TestEdge(js, names, site),
      }
    })
    let round = 0
    let movedAtRound: number | undefined
    // The halls keep sending until a few rounds after their halls moved.
    const load = (async () => {
      for (; movedAtRound === undefined || round < movedAtRound + AFTER_MOVE; round++) {
        await Promise.all(halls.map(({ sim, edge }) => edge.publishAll(sim.take(PER_ROUND))))
      }
    })()

    const owners = async () =>
      Object.fromEntries(
        await Promise.all(SITES.map(async (s) => [s, await redis.get(keys.lease(s))] as const)),
      )
    const shared = await waitFor(
      async () => {
        const o = await owners()
        const values = Object.values(o)
        return values.includes('cloud-a') &&
          values.includes('cloud-b') &&
          values.every((v) => v !== null)
          ? o
          : undefined
      },
      { what: 'both instances owning halls', timeoutMs: 30_000 },
    )
    const ofB = SITES.filter((s) => shared[s] === 'cloud-b')
    t.ok(ofB.length > 0 && ofB.length < SITES.length, `cloud-b owns ${ofB.join(', ')}`)
    await waitFor(() => round >= 5, { what: 'load under way', timeoutMs: 30_000 })

    const killedAt = Date.now()
    t.equal(await b.stop('SIGKILL'), 'SIGKILL')
    await waitFor(
      async () => {
        const o = await owners()
        return ofB.every((s) => o[s] === 'cloud-a')
      },
      { what: 'cloud-b’s halls to move to cloud-a', timeoutMs: 30_000, intervalMs: 100 },
    )
    t.comment(`halls moved ${Date.now() - killedAt} ms after the kill (lease 4 s, heartbeat 1 s)`)
    movedAtRound = round

    await load
    const total = round * PER_ROUND
    for (const { sim } of halls) {
      await waitFor(async () => (await checkpointOf(redis, keys, sim.site)).seq === total, {
        what: `${sim.site} applied to ${total}`,
        timeoutMs: 60_000,
      })
      t.same(
        await checkpointOf(redis, keys, sim.site),
        { seq: total, applied: total, skipped: 0 },
        `${sim.site}: every event applied once`,
      )
      const day = await redis.hgetall(keys.day(sim.site, '2026-11-30'))
      t.equal(Number(day.issued), sim.tally.issued, `${sim.site}: issued as published`)
      t.equal(Number(day.served ?? 0), sim.tally.served, `${sim.site}: served as published`)
    }
    await a.stop('SIGTERM')
    t.match(a.output(), /"msg":"stopped"/, 'the survivor drained and stopped on SIGTERM')
  },
)
