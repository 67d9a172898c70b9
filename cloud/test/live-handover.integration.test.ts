import { jetstream } from '@nats-io/jetstream'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * A hall's live work moves with its lease: the instance that takes the hall rebuilds the mirror
 * from the hall's events of the day (the same queue as the hall's), continues what the first
 * one learned and counted (each event counted once across the two), and goes on predicting.
 */

t.test('hand-over of a hall moves its mirror to the new owner', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const hall = liveHall('st-a', [{ no: '1' }, { no: '2' }])
  const settings = { runs: 16, workers: 0, refreshDebounceMs: 100 }
  const a = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hall],
    instanceId: 'live-a',
    live: { settings },
  })
  const nc = await connectNats(t)
  const sim = new SimHall(jetstream(nc), names, hall, liveCatalogue())
  await sim.readCommands(t)
  await sim.open('1')
  await sim.open('2')
  for (let i = 0; i < 5; i++) await sim.take('I10')
  await sim.call('1')
  const first = Math.max(...sim.edge.journal.keys())
  await waitFor(() => a.live.halls.hall('st-a')?.mirror?.applied === first, {
    what: 'instance a mirrors the hall',
  })
  await sim.command('predictions', (c) => c.data.seq === first)
  const learnedByA = a.live.halls.hall('st-a')!.mirror!.learnedSeq

  const b = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hall],
    instanceId: 'live-b',
    live: { settings },
  })
  await a.cloud.close()
  t.equal(a.live.halls.hall('st-a'), undefined, 'the first owner dropped the hall')
  const mirror = await waitFor(
    () => {
      const m = b.live.halls.hall('st-a')?.mirror
      return m?.live && m.applied === first ? m : undefined
    },
    { what: 'instance b mirrors the hall', timeoutMs: 20_000 },
  )
  t.same(
    [...mirror.state.open.values()].map((x) => [x.ticket, x.state, x.window]).sort(),
    [...sim.engine.state.open.values()].map((x) => [x.ticket, x.state, x.window]).sort(),
    'the new owner holds the hall’s queue as the hall does',
  )
  t.same(
    [...mirror.state.windows.values()].map((w) => [w.no, w.open, w.current]),
    [...sim.engine.state.windows.values()].map((w) => [w.no, w.open, w.current]),
  )
  t.ok(mirror.learnedSeq >= learnedByA, 'it continues what the first owner learned')
  t.equal(mirror.countedSeq, first, 'and what it counted')

  await sim.take('I6')
  await sim.call('2')
  const second = Math.max(...sim.edge.journal.keys())
  await sim.command('predictions', (c) => c.data.seq === second)
  await waitFor(
    async () => Number(await b.cloud.redis.get(b.cloud.keys.live.counted('st-a'))) === second,
  )
  const day = sim.engine.state.day
  const hours = await b.cloud.redis.hgetall(b.cloud.keys.live.hours('st-a', day))
  const count = (field: string) =>
    Object.entries(hours)
      .filter(([k]) => k.endsWith(`:${field}`))
      .reduce((n, [, v]) => n + Number(v), 0)
  t.equal(count('issued'), 6, 'every ticket counted once across both owners')
  t.equal(count('called'), 2)
})
