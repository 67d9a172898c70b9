import { applyEnvelope, createHallModel, initialState } from '@qms/edge-agent/queue'
import type { EventEnvelope } from '@qms/protocol'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import {
  createForwardPredictor,
  createHallStats,
  learnEvent,
  refreshHall,
} from '../src/predict/index.js'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * The hall's events reach the cloud as an edge publishes them; the cloud mirrors the hall's
 * queue, runs the forward predictor and sends the hall a `predictions` command — read here from
 * `cmd-<site>` as the edge reads it — whose waits are exactly the predictor's for that state.
 */

const RUNS = 40

/** What the predictor says for the hall after `events`, at `now`, learning as the cloud does. */
function expected(events: EventEnvelope[], now: number) {
  const catalogue = liveCatalogue()
  const model = createHallModel(liveHall('st-a', [{ no: '1' }, { no: '2' }]), catalogue)
  let state = initialState(model, Date.parse(events[0]!.ts))
  const stats = createHallStats('st-a')
  for (const e of events) {
    if (e.type === 'site.snapshot') state = initialState(model)
    applyEnvelope(state, e)
    learnEvent(stats, state, e, Date.parse(e.ts))
  }
  return refreshHall(createForwardPredictor({ runs: RUNS }), { state, stats, now })
}

t.test('predictions reach the hall after its events change and are the predictor’s', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const hall = liveHall('st-a', [{ no: '1' }, { no: '2' }])
  const { cloud, live } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hall],
    live: { settings: { runs: RUNS, workers: 1, refreshDebounceMs: 200 } },
  })
  const sim = new SimHall(cloud.js, names, hall, liveCatalogue())
  await sim.open('1')
  await sim.open('2')
  for (let i = 0; i < 6; i++) await sim.take(i % 3 === 0 ? 'I6' : 'I10')
  await sim.readCommands(t)
  const last = Math.max(...sim.edge.journal.keys())
  const cmd = await sim.command('predictions', (c) => c.data.seq === last)
  t.equal(cmd.site, 'st-a')
  t.ok(Date.parse(cmd.expiresAt) > Date.parse(cmd.ts), 'the command expires')

  const events = [...sim.edge.journal.values()].sort((a, b) => a.seq - b.seq)
  const want = expected(events, Date.parse(cmd.data.at))
  const waiting = sim.engine.waiting().map((w) => w.ticket)
  t.same(
    cmd.data.tickets.map((p) => p.ticket).sort(),
    [...waiting].sort(),
    'a prediction for every waiting ticket',
  )
  for (const p of cmd.data.tickets) {
    const w = want.tickets.get(p.ticket)!
    t.same(
      p.wait,
      {
        minutes: w.minutes,
        lo80: w.lo80,
        hi80: w.hi80,
        lo90: w.lo90,
        hi90: w.hi90,
        source: 'cloud',
      },
      `${p.ticket} as the predictor says`,
    )
  }
  t.same(cmd.data.items.map((p) => p.item).sort(), ['H15', 'I10', 'I6', 'P12'])
  for (const p of cmd.data.items) t.equal(p.wait.minutes, want.newcomers.get(p.item)!.minutes)
  t.ok(
    cmd.data.items.some((p) => p.wait.minutes > 0),
    'a newcomer waits behind the people waiting',
  )

  // The same predictions for the public API, on any instance.
  const api = await cloud.app.inject('/api/predictions?site=st-a&item=I10')
  t.equal(api.statusCode, 200)
  t.match(api.json(), { site: 'st-a', items: [{ item: 'I10', wait: { minutes: Number } }] })
  t.ok(api.json().seq >= last - 0)

  // A change is followed by a new command that saw it.
  await sim.call('1')
  const after = Math.max(...sim.edge.journal.keys())
  const next = await sim.command('predictions', (c) => c.data.seq === after)
  t.equal(next.data.tickets.length, waiting.length - 1, 'the called ticket is no longer predicted')
  const metrics = await cloud.metrics.registry.getSingleMetricAsString(
    'qms_cloud_live_refreshes_total',
  )
  t.match(metrics, /result="ok"/)
  t.ok(live.halls.hall('st-a')?.mirror?.live)
})

t.test('a ticket’s status is followed live and says when its turn is near', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const hall = liveHall('st-a', [{ no: '1' }])
  const { cloud } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hall],
    live: { settings: { runs: 16, workers: 0, refreshDebounceMs: 100 } },
  })
  const sim = new SimHall(cloud.js, names, hall, liveCatalogue())
  sim.answerRequests(nc)
  await nc.flush()
  await sim.open('1')
  const tickets: string[] = []
  for (let i = 0; i < 6; i++) tickets.push((await sim.take('I10')).ticket)
  const mine = tickets[5]!
  const far = await waitFor(async () => {
    const r = await cloud.app.inject(`/api/virtual-tickets/st-a/${mine}`)
    return r.statusCode === 200 && r.json().source === 'cloud' ? r.json() : undefined
  })
  t.match(far, { site: 'st-a', ticket: mine, state: 'waiting', ahead: 5, near: false })
  t.ok(far.wait.minutes > 0, 'with a predicted wait')
  for (let i = 0; i < 3; i++) {
    await sim.call('1')
    await sim.run({ op: 'complete', window: '1', reqId: sim.rid() })
  }
  const near = await waitFor(async () => {
    const r = await cloud.app.inject(`/api/virtual-tickets/st-a/${mine}`)
    return r.json().ahead === 2 ? r.json() : undefined
  })
  t.equal(near.near, true, 'near among the next three')
  const unknown = await cloud.app.inject('/api/virtual-tickets/st-a/Z999')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { code: 'UNKNOWN_TICKET' })
  const bad = await cloud.app.inject('/api/virtual-tickets/st-a/nope')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: 'BAD_REQUEST', path: '/ticket' })
})
