import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import {
  connectNats,
  connectRedis,
  natsUrl,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '@qms/test'
import t, { type Test } from 'tap'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, startTestCloud, testDistrict } from './helpers/cloud.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim } from './helpers/hall-events.js'

/*
 * The intake against real NATS JetStream and Redis: events published as an edge publishes them
 * are applied once, in order; gaps are filled by replay; a hall that can no longer replay is
 * passed over and counted.
 */

async function setup(t: Test, config = {}) {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const cloud = await startTestCloud(t, { names, prefix, config })
  const js = jetstream(nc)
  return { names, prefix, keys, nc, redis, cloud, js }
}

t.test(
  'events are applied once each, in order, and the figures match what the hall did',
  async (t) => {
    const { keys, redis, cloud, js, names } = await setup(t)
    const sim = new HallSim({ site: 'st-01', seed: 7 })
    const edge = new TestEdge(js, names, 'st-01')
    const batches: { count: number; lags: number; intakeLags: number }[] = []
    cloud.intake.on('applied', (b) =>
      batches.push({ count: b.count, lags: b.lagsMs.length, intakeLags: b.intakeLagsMs.length }),
    )
    await edge.publishAll(sim.take(400))
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-01')).seq === 400, {
      what: 'all 400 applied',
      timeoutMs: 30_000,
    })
    t.same(await checkpointOf(redis, keys, 'st-01'), { seq: 400, applied: 400, skipped: 0 })
    t.equal(
      batches.reduce((n, b) => n + b.count, 0),
      400,
      'the applied batches add up to the events',
    )
    t.ok(
      batches.every((b) => b.lags === b.count && b.intakeLags === b.count),
      'one lag per event',
    )
    const today = await cloud.reader.day('st-01', '2026-11-30')
    t.equal(today.issued, sim.tally.issued, 'issued')
    t.equal(today.served, sim.tally.served, 'served')
    t.equal(today.noShow, sim.tally.noshow, 'no-shows')
    t.equal(today.cancelled, sim.tally.cancelled, 'cancelled')
    t.equal(today.transferred, sim.tally.transferred, 'transferred')
    t.equal(today.recalled, sim.tally.recalled, 'recalls')
    t.equal(today.ratings.count, sim.tally.ratings, 'ratings')
    t.same(today.byChannel, sim.tally.byChannel, 'channels')
    const history = await cloud.reader.history('st-01', { count: 10_000 })
    t.equal(
      history.length,
      sim.tally.served + sim.tally.noshow + sim.tally.cancelled + sim.tally.transferred,
      'one history entry per ended leg',
    )
    t.ok(
      history.every((h, i) => i === 0 || h.seq < history[i - 1]!.seq),
      'newest first, in seq order',
    )
  },
)

t.test('an event sent again after the duplicate window is applied once', async (t) => {
  const { keys, redis, js, names, cloud } = await setup(t, { nats: { duplicateWindowMs: 100 } })
  const sim = new HallSim({ site: 'st-02', seed: 3 })
  const edge = new TestEdge(js, names, 'st-02')
  const events = sim.take(20)
  await edge.publishAll(events)
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-02')).seq === 20, {
    what: '20 applied',
  })
  // The edge was not sure its publishes arrived and sends two tickets' issue again, later: once
  // the stream's duplicate window has passed they are stored a second time.
  const again = events.filter((e) => e.type === 'ticket.issued').slice(0, 2)
  t.equal(again.length, 2)
  for (const e of again) {
    await waitFor(
      async () =>
        !(
          await js.publish(names.events('st-02'), JSON.stringify(e), {
            msgID: names.eventMsgId('st-02', e.seq),
          })
        ).duplicate,
      { what: `event ${e.seq} stored again`, intervalMs: 50 },
    )
  }
  await edge.publishAll(sim.take(1))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-02')).seq === 21, {
    what: '21 applied',
  })
  t.same(await checkpointOf(redis, keys, 'st-02'), { seq: 21, applied: 21, skipped: 0 })
  const day = await cloud.reader.day('st-02', '2026-11-30')
  t.equal(day.issued, sim.tally.issued, 'each issue counted once')
  t.ok(
    ((await cloud.metrics.eventsDuplicate.get()).values[0]?.value ?? 0) >= 2,
    'the resent events were seen as duplicates',
  )
})

t.test(
  'a gap makes the cloud ask the hall to replay from the missing seq, then apply in order',
  async (t) => {
    const { keys, redis, cloud, js, names, nc } = await setup(t)
    const sim = new HallSim({ site: 'st-03', seed: 11 })
    const edge = new TestEdge(js, names, 'st-03')
    edge.answerReplays(nc)
    const events = sim.take(40)
    await edge.publishAll(events.slice(0, 10))
    for (const e of events.slice(10, 15)) edge.record(e) // journaled, publish lost
    const applied: [number, number][] = []
    cloud.intake.on('applied', (b) => {
      if (b.site === 'st-03') applied.push([b.fromSeq, b.toSeq])
    })
    await edge.publishAll(events.slice(15))
    await waitFor(async () => (await checkpointOf(redis, keys, 'st-03')).seq === 40, {
      what: 'the gap filled and all 40 applied',
      timeoutMs: 20_000,
    })
    t.equal(edge.replays[0]?.[0], 11, 'replay asked from the first missing seq')
    t.ok((edge.replays[0]?.[1] ?? 0) >= 16, 'up to the last event held')
    t.same(await checkpointOf(redis, keys, 'st-03'), { seq: 40, applied: 40, skipped: 0 })
    for (let i = 1; i < applied.length; i++) {
      t.equal(applied[i]![0], applied[i - 1]![1] + 1, `batch ${i} follows batch ${i - 1}`)
    }
    const day = await cloud.reader.day('st-03', '2026-11-30')
    t.equal(day.issued, sim.tally.issued)
  },
)

t.test('a gap the hall can no longer replay is passed over and counted as skipped', async (t) => {
  const { keys, redis, cloud, js, names, nc } = await setup(t)
  const sim = new HallSim({ site: 'st-04', seed: 5 })
  const edge = new TestEdge(js, names, 'st-04')
  edge.answerReplays(nc, { firstSeq: 14 }) // its journal begins at 14
  const events = sim.take(30)
  await edge.publishAll(events.slice(0, 10))
  await edge.publishAll(events.slice(13))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-04')).seq === 30, {
    what: 'applied past the gap',
    timeoutMs: 20_000,
  })
  t.same(await checkpointOf(redis, keys, 'st-04'), { seq: 30, applied: 27, skipped: 3 })
  t.equal(await cloud.metrics.eventsSkipped.get().then((m) => m.values[0]?.value), 3)
})

t.test('an instance that stops hands over and a new one resumes where it stopped', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const js = jetstream(nc)
  const sim = new HallSim({ site: 'pt-01', seed: 9 })
  const edge = new TestEdge(js, names, 'pt-01')
  const first = await startTestCloud(t, { names, prefix, instanceId: 'first' })
  await edge.publishAll(sim.take(50))
  await waitFor(async () => (await checkpointOf(redis, keys, 'pt-01')).seq === 50, {
    what: '50 applied',
  })
  await first.close()
  await edge.publishAll(sim.take(50))
  const second = await startTestCloud(t, { names, prefix, instanceId: 'second' })
  await waitFor(async () => (await checkpointOf(redis, keys, 'pt-01')).seq === 100, {
    what: '100 applied',
  })
  t.same(await checkpointOf(redis, keys, 'pt-01'), { seq: 100, applied: 100, skipped: 0 })
  t.equal(await redis.get(keys.lease('pt-01')), 'second')
  t.same(second.ownership.owned(), ['pt-01'])
})

t.test('more events ahead of a gap than can be held are read again once it fills', async (t) => {
  const { keys, redis, cloud, js, names, nc } = await setup(t, { intake: { maxHeld: 3 } })
  const sim = new HallSim({ site: 'st-07', seed: 17 })
  const edge = new TestEdge(js, names, 'st-07')
  edge.answerReplays(nc)
  const events = sim.take(40)
  await edge.publishAll(events.slice(0, 10))
  for (const e of events.slice(10, 15)) edge.record(e)
  await edge.publishAll(events.slice(15))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-07')).seq === 40, {
    what: 'all 40 applied',
    timeoutMs: 20_000,
  })
  t.same(await checkpointOf(redis, keys, 'st-07'), { seq: 40, applied: 40, skipped: 0 })
  const restarts = await cloud.metrics.siteRestarts.get()
  t.ok(
    restarts.values.some((v) => v.labels.reason === 'rewind' && v.value >= 1),
    'the hall was read again from its checkpoint',
  )
  t.equal((await cloud.reader.day('st-07', '2026-11-30')).issued, sim.tally.issued)
})

t.test('a hall shows as connected while it waits for its commands', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const district = testDistrict()
  const configured = new Map(district.sites)
  configured.set('st-08', {
    id: 'st-08',
    name: '测试服务厅',
    kind: 'station',
    location: { lat: 30.7, lng: 120.7 },
    timezone: 'Asia/Shanghai',
  })
  const cloud = await startTestCloud(t, {
    names,
    prefix,
    district: { ...district, sites: configured },
  })
  await waitFor(() => cloud.ownership.isOwner('st-08'), { what: 'the hall owned' })
  const link = async () => (await cloud.reader.summary('st-08'))?.link
  await waitFor(async () => (await link())?.connected === false, { what: 'not connected at first' })
  const edge = await connect({ servers: natsUrl() })
  t.teardown(() => edge.close())
  const consumer = await jetstream(edge).consumers.get(
    names.commandStream,
    names.commandConsumer('st-08'),
  )
  const messages = await consumer.consume({ max_messages: 10 })
  void (async () => {
    for await (const m of messages) m.ack()
  })()
  await waitFor(async () => (await link())?.connected === true, {
    what: 'connected while its pull waits',
    timeoutMs: 10_000,
  })
  t.match(await link(), { connected: true, seenAt: String, pendingEvents: 0 })
  await messages.close()
  await edge.close()
  await waitFor(async () => (await link())?.connected === false, {
    what: 'not connected once it left',
    timeoutMs: 15_000,
  })
  t.pass('the link follows the hall')
})

t.test('a stream made anew is read from its start, not from the old checkpoint', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const js = jetstream(nc)
  const sim = new HallSim({ site: 'st-09', seed: 4 })
  const edge = new TestEdge(js, names, 'st-09')
  const first = await startTestCloud(t, { names, prefix, instanceId: 'before' })
  await edge.publishAll(sim.take(30))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-09')).seq === 30, {
    what: '30 applied',
  })
  await first.close()
  // The event stream is lost and made again: its sequence starts at 1 while the checkpoint
  // says to resume after stream seq 30.
  const jsm = await jetstreamManager(nc)
  await jsm.streams.delete(names.eventStream)
  await startTestCloud(t, { names, prefix, instanceId: 'after' })
  await edge.publishAll(sim.take(10))
  await waitFor(async () => (await checkpointOf(redis, keys, 'st-09')).seq === 40, {
    what: 'the new events applied',
    timeoutMs: 20_000,
  })
  t.same(await checkpointOf(redis, keys, 'st-09'), { seq: 40, applied: 40, skipped: 0 })
})
