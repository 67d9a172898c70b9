import { jetstream } from '@nats-io/jetstream'
import { connectNats, connectRedis, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, startTestCloud } from './helpers/cloud.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim } from './helpers/hall-events.js'

/*
 * Malformed or forged messages on the event stream are refused, counted (metrics and the hall's
 * `rejected` hash) and never applied; the hall's real events keep flowing around them.
 */

t.test('malformed and forged events are rejected, counted and never applied', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const js = jetstream(nc)
  const cloud = await startTestCloud(t, { names, prefix })
  const sim = new HallSim({ site: 'st-05', seed: 21 })
  const edge = new TestEdge(js, names, 'st-05')
  edge.answerReplays(nc)
  const events = sim.take(20)
  await edge.publishAll(events.slice(0, 10))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-05')).seq === 10, {
    what: '10 applied',
  })

  const subject = names.events('st-05')
  const next = events[10]!
  const raw = (data: unknown, msgID: string) =>
    js.publish(subject, typeof data === 'string' ? data : JSON.stringify(data), { msgID })
  // Message ids of junk must not be those of real events: JetStream would drop the real event
  // as a duplicate. Only the hall's own user can publish here, so only it can hurt itself so.
  // Bad JSON, a bad schema, an unknown type.
  await raw('{"v":1,"site":"st-05",', 'junk-1')
  await raw({ ...next, seq: 11, data: { nonsense: true } }, 'st-05:9011')
  await raw({ ...next, type: 'ticket.teleported' }, 'st-05:9012')
  // Another hall's event sent on this hall's subject (the sender does not own st-99).
  await raw({ ...next, site: 'st-99' }, 'st-99:11')
  // A message id that is not <site>:<seq> of the envelope.
  await raw(next, 'st-05:9999')
  // A seq far in the future.
  await raw({ ...next, seq: 10 + 1_000_000 }, `st-05:${10 + 1_000_000}`)

  await edge.publishAll(events.slice(10))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-05')).seq === 20, {
    what: 'the real events applied',
    timeoutMs: 20_000,
  })
  t.same(await checkpointOf(redis, keys, 'st-05'), { seq: 20, applied: 20, skipped: 0 })
  const day = await cloud.reader.day('st-05', '2026-11-30')
  t.equal(day.issued, sim.tally.issued, 'figures are those of the real events only')

  await waitFor(async () => Object.keys(await redis.hgetall(keys.rejected('st-05'))).length >= 6, {
    what: 'every rejection counted',
  })
  const counted = await redis.hgetall(keys.rejected('st-05'))
  t.same(counted, {
    bad_json: '1',
    bad_schema: '1',
    unknown_type: '1',
    site_mismatch: '1',
    msg_id: '1',
    seq_from_future: '1',
  })
  const metric = await cloud.metrics.eventsRejected.get()
  const byReason = Object.fromEntries(metric.values.map((v) => [v.labels.reason, v.value]))
  t.same(byReason, {
    bad_json: 1,
    bad_schema: 1,
    unknown_type: 1,
    site_mismatch: 1,
    msg_id: 1,
    seq_from_future: 1,
  })
  const detail = await cloud.reader.detail('st-05')
  t.same(
    detail?.rejected,
    Object.fromEntries(Object.entries(counted).map(([k, v]) => [k, Number(v)])),
  )
})

t.test(
  'an event the hall never journaled, held ahead of a gap, is refused after the hall answers',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const keys = redisKeys(prefix)
    const nc = await connectNats(t)
    const redis = connectRedis(t)
    const js = jetstream(nc)
    const cloud = await startTestCloud(t, { names, prefix })
    const sim = new HallSim({ site: 'st-06', seed: 2 })
    const edge = new TestEdge(js, names, 'st-06')
    edge.answerReplays(nc)
    const events = sim.take(12)
    await edge.publishAll(events.slice(0, 10))
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-06')).seq === 10, {
      what: '10 applied',
    })
    const rejected: number[] = []
    cloud.intake.on('rejected', (r) => {
      if (r.reason === 'seq_from_future' && r.seq !== undefined) rejected.push(r.seq)
    })
    // seq 15: plausible but never journaled (the hall's head is 10).
    const forged = { ...events[10]!, seq: 15 }
    await js.publish(names.events('st-06'), JSON.stringify(forged), { msgID: 'st-06:15' })
    await waitFor(() => rejected.includes(15), { what: 'seq 15 refused', timeoutMs: 20_000 })
    t.same(edge.replays[0], [11, 15], 'the hall was asked for the range')
    await edge.publishAll(events.slice(10))
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-06')).seq === 12, {
      what: '12 applied',
    })
    t.same(await checkpointOf(redis, keys, 'st-06'), { seq: 12, applied: 12, skipped: 0 })
    t.equal(await redis.hget(keys.rejected('st-06'), 'seq_from_future'), '1')
  },
)
