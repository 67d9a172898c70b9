import { createManualClock } from '@qms/protocol'
import { connectRedis, redisUrl, uniqueRedisPrefix } from '@qms/test'
import { Redis } from 'ioredis'
import t from 'tap'
import { ownerOf } from '../src/ownership/assign.js'
import { Ownership } from '../src/ownership/ownership.js'
import { redisKeys } from '../src/projections/keys.js'

/*
 * The lease machinery on its own, on a real Redis, its heartbeats driven by hand with a manual
 * clock: taking halls, shedding to a newcomer, and letting go of everything when Redis cannot be
 * reached for a lease's lifetime.
 */

const SITES = ['hub', 'st-01', 'st-02', 'st-03', 'st-04', 'st-05', 'pt-01', 'pt-02']

function record(o: Ownership) {
  const events: string[] = []
  o.on('acquired', (s) => events.push(`acquired ${s}`))
  o.on('shed', (s) => events.push(`shed ${s}`))
  o.on('lost', (s) => events.push(`lost ${s}`))
  return events
}

t.test('a lone instance takes every hall and sheds a newcomer’s share', async (t) => {
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const redis = connectRedis(t)
  const clock = createManualClock()
  const o = new Ownership({
    redis,
    keys,
    instanceId: 'me',
    sites: () => SITES,
    clock,
    leaseMs: 4000,
    heartbeatMs: 1000,
  })
  t.teardown(() => o.close())
  const events = record(o)
  await o.start()
  t.same(o.owned().sort(), [...SITES].sort())
  t.same(events.sort(), SITES.map((s) => `acquired ${s}`).sort())
  t.same(o.members(), ['me'])
  // A newcomer registers (its heartbeat, written by hand here).
  await redis.zadd(keys.members, Date.now() + 60_000, 'newcomer')
  events.length = 0
  await o.heartbeat()
  const theirs = SITES.filter((s) => ownerOf(s, ['me', 'newcomer']) === 'newcomer')
  t.ok(theirs.length > 0)
  t.same(
    events.sort(),
    theirs.map((s) => `shed ${s}`).sort(),
    'asked to hand over exactly their share',
  )
  t.same(o.owned().sort(), [...SITES].sort(), 'still held until released')
  for (const s of theirs) await o.release(s)
  for (const s of theirs)
    t.equal(await redis.get(keys.lease(s)), null, `${s} free for the newcomer`)
})

t.test(
  'an instance that cannot reach Redis for a lease’s lifetime lets go of its halls',
  async (t) => {
    const prefix = uniqueRedisPrefix(t)
    const keys = redisKeys(prefix)
    const redis = new Redis(redisUrl(), {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
    })
    t.teardown(() => redis.disconnect())
    await redis.connect()
    const clock = createManualClock()
    const o = new Ownership({
      redis,
      keys,
      instanceId: 'me',
      sites: () => SITES,
      clock,
      leaseMs: 4000,
      heartbeatMs: 1000,
    })
    t.teardown(() => o.close())
    const events = record(o)
    await o.start()
    t.equal(o.owned().length, SITES.length)
    redis.disconnect()
    events.length = 0
    clock.advance(1000)
    await o.heartbeat()
    t.equal(o.owned().length, SITES.length, 'one failed heartbeat is not yet a lost lease')
    clock.advance(3000)
    await o.heartbeat()
    t.same(o.owned(), [], 'after the lease’s lifetime every hall is given up')
    t.same(events.sort(), SITES.map((s) => `lost ${s}`).sort())
  },
)
