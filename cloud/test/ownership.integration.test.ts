import { jetstream } from '@nats-io/jetstream'
import { connectNats, connectRedis, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { sitesOf } from '../src/ownership/assign.js'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, startTestCloud } from './helpers/cloud.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim } from './helpers/hall-events.js'

/*
 * Sharing the halls: a joining instance takes its share from the running one while events keep
 * arriving, and an instance that lost its lease cannot write (fencing), even if it does not know
 * yet that it lost it.
 */

t.test(
  'an instance that joins takes its share of the halls, under load, with nothing applied twice',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const keys = redisKeys(prefix)
    const nc = await connectNats(t)
    const redis = connectRedis(t)
    const js = jetstream(nc)
    const sites = ['hub', 'st-31', 'st-32', 'st-33', 'st-34', 'pt-31']
    const halls = sites.map((site, i) => ({
      sim: new HallSim({ site, seed: 40 + i }),
      edge: new TestEdge(js, names, site),
    }))
    const first = await startTestCloud(t, { names, prefix, instanceId: 'one' })
    let rounds = 0
    let joinedAt: number | undefined
    const load = (async () => {
      for (; joinedAt === undefined || rounds < joinedAt + 5; rounds++) {
        await Promise.all(halls.map(({ sim, edge }) => edge.publishAll(sim.take(40))))
      }
    })()
    await waitFor(() => first.ownership.owned().length === sites.length, {
      what: 'the first instance owning every hall',
      timeoutMs: 20_000,
    })
    const second = await startTestCloud(t, { names, prefix, instanceId: 'two' })
    const share = sitesOf('two', sites, ['one', 'two'])
    t.ok(share.length > 0, `two's share: ${share.join(', ')}`)
    await waitFor(
      () =>
        second.ownership.owned().sort().join() === share.sort().join() &&
        first.ownership.owned().length === sites.length - share.length,
      { what: 'the halls shared out', timeoutMs: 20_000 },
    )
    joinedAt = rounds
    await load
    for (const site of sites) {
      await waitFor(async () => (await checkpointOf(redis, keys, site)).seq === rounds * 40, {
        what: `${site} applied`,
        timeoutMs: 30_000,
      })
      t.same(await checkpointOf(redis, keys, site), {
        seq: rounds * 40,
        applied: rounds * 40,
        skipped: 0,
      })
      t.equal(await redis.get(keys.lease(site)), share.includes(site) ? 'two' : 'one')
    }
  },
)

t.test(
  'an instance whose lease was taken cannot write, and writes again once it holds it',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const keys = redisKeys(prefix)
    const nc = await connectNats(t)
    const redis = connectRedis(t)
    const js = jetstream(nc)
    // A long lease and a slow heartbeat: the instance learns of the loss only by its write failing.
    const cloud = await startTestCloud(t, {
      names,
      prefix,
      instanceId: 'owner',
      config: { ownership: { leaseMs: 60_000, heartbeatMs: 30_000 } },
    })
    const sim = new HallSim({ site: 'st-40', seed: 1 })
    const edge = new TestEdge(js, names, 'st-40')
    await edge.publishAll(sim.take(10))
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-40')).seq === 10, {
      what: '10 applied',
    })
    const fenced: string[] = []
    cloud.intake.on('fenced', (site) => fenced.push(site))
    // Another instance holds the hall now (as after a pause longer than the lease).
    await redis.set(keys.lease('st-40'), 'intruder', 'PX', 60_000)
    await edge.publishAll(sim.take(5))
    await waitFor(() => fenced.includes('st-40'), { what: 'the write fenced' })
    t.same(
      await checkpointOf(redis, keys, 'st-40'),
      { seq: 10, applied: 10, skipped: 0 },
      'nothing written',
    )
    t.notOk(cloud.ownership.isOwner('st-40'), 'the instance knows it lost the hall')
    // The intruder goes away; the next heartbeat takes the hall back and applies from the checkpoint.
    await redis.del(keys.lease('st-40'))
    await cloud.ownership.heartbeat()
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-40')).seq === 15, {
      what: '15 applied',
    })
    t.same(await checkpointOf(redis, keys, 'st-40'), { seq: 15, applied: 15, skipped: 0 })
  },
)
