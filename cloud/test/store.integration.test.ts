import { connectRedis, uniqueRedisPrefix } from '@qms/test'
import t from 'tap'
import { redisKeys } from '../src/projections/keys.js'
import { createProjectionStore, type SiteWrite } from '../src/projections/store.js'

/*
 * The atomic apply step against a real Redis: a batch is written only by the lease holder and
 * only on top of the seq it was computed from; in one round some halls may be refused while the
 * others are written; a malformed batch writes nothing.
 */

const write = (site: string, expectedSeq: number, newSeq: number, ops: string[]): SiteWrite => ({
  site,
  expectedSeq,
  newSeq,
  applied: newSeq - expectedSeq,
  skipped: 0,
  resume: newSeq + 100,
  lastTs: '2026-11-30T01:00:00.000Z',
  ops,
})

t.test('each hall of a round is checked and written on its own', async (t) => {
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const redis = connectRedis(t)
  const store = createProjectionStore({ redis, keys, instanceId: 'me' })
  for (const site of ['a', 'b', 'c', 'd']) await redis.set(keys.lease(site), 'me')
  await redis.set(keys.lease('e'), 'someone-else')
  const day = (s: string) => keys.day(s, '2026-11-30')
  const first = await store.write([
    write('a', 0, 3, ['I', day('a'), 'issued', '3']),
    write('b', 0, 1, ['I', day('b'), 'issued', '1']),
  ])
  t.same(first, [{ status: 'applied' }, { status: 'applied' }])
  const second = await store.write(
    [
      write('a', 0, 5, ['I', day('a'), 'issued', '2']), // computed from an old seq
      write('b', 1, 2, ['I', day('b'), 'issued', '1']),
      write('c', 0, 1, ['I', day('c'), 'issued', '1', 'Q', 'what']), // malformed
      write('d', 0, 1, ['H', keys.windows('d'), '2', 'w1']), // truncated
      write('e', 0, 1, ['I', day('e'), 'issued', '1']), // not our lease
    ],
    [['HINCRBY', keys.rejected('a'), 'bad_json', '1']],
  )
  t.same(
    second.map((r) => r.status),
    ['conflict', 'applied', 'error', 'error', 'fenced'],
  )
  t.match(second[0], { storedSeq: 3 })
  t.same(await redis.hgetall(keys.checkpoint('a')), {
    seq: '3',
    stream: '103',
    ts: '2026-11-30T01:00:00.000Z',
    applied: '3',
  })
  t.equal(await redis.hget(day('a'), 'issued'), '3', 'the refused batch changed nothing')
  t.equal(await redis.hget(day('b'), 'issued'), '2')
  for (const s of ['c', 'd', 'e']) {
    t.same(await redis.hgetall(keys.checkpoint(s)), {}, `${s}: nothing written`)
    t.equal(await redis.exists(day(s)), 0)
  }
  t.equal(await redis.hget(keys.rejected('a'), 'bad_json'), '1', 'side commands run too')
})

t.test('a large round is split into several calls', async (t) => {
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const redis = connectRedis(t)
  const store = createProjectionStore({ redis, keys, instanceId: 'me' })
  const sites = Array.from({ length: 30 }, (_, i) => `s${i}`)
  for (const s of sites) await redis.set(keys.lease(s), 'me')
  const big = (s: string) => {
    const ops = ['H', keys.tickets(s), '6000']
    for (let i = 0; i < 6000; i++) ops.push(`T${i}`, '{}')
    return write(s, 0, 1, ops)
  }
  const results = await store.write(sites.map(big))
  t.ok(results.every((r) => r.status === 'applied'))
  t.equal(await redis.hlen(keys.tickets('s29')), 6000)
})

t.test('loading a hall gives back what was written; damaged entries are named', async (t) => {
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const redis = connectRedis(t)
  const store = createProjectionStore({ redis, keys, instanceId: 'me' })
  await redis.hset(keys.checkpoint('a'), { seq: '7', stream: '42', applied: '7' })
  await redis.hset(keys.windows('a'), { '1': '{"no":"1","state":"idle"}', '2': '{broken' })
  await redis.hset(keys.info('a'), { timezone: 'Europe/Berlin', calls: '[]' })
  const { state, checkpoint, bad } = await store.load('a', 'Asia/Shanghai')
  t.equal(state.seq, 7)
  t.equal(state.timezone, 'Europe/Berlin')
  t.same([...state.windows.keys()], ['1'])
  t.same(bad, ['2'])
  t.match(checkpoint, { seq: 7, stream: 42, applied: 7, skipped: 0 })
})
