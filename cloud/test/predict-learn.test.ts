import { QmsError } from '@qms/protocol'
import t from 'tap'
import {
  createHallStats,
  endDay,
  type HallStats,
  learnEvent,
  loadHallStats,
  meanService,
  serviceDistribution,
} from '../src/predict/index.js'
import { arrivalRate, recentRate, todayLevel } from '../src/predict/learn/arrivals.js'
import { hazards, sampleRemainingPatience, stayProbability } from '../src/predict/learn/patience.js'
import { createRandom } from '../src/predict/math/random.js'
import { catalogue, type Harness, hall, harness, item, MINUTE, rid } from './predict-fixtures.js'

/*
 * Learning from a hall's events: every request goes through the engine and each event it
 * decides is fed to the learner right after it is applied, as the live cloud does.
 */

function learning(h: Harness, stats: HallStats) {
  return (request: Parameters<Harness['ok']>[0]) => {
    const d = h.engine.decide(request)
    if (!d.ok) throw new Error(d.error.code)
    for (const e of d.events) {
      h.engine.apply([e])
      learnEvent(stats, h.engine.state, e, h.clock.now())
    }
    return d.result as { ticket?: string }
  }
}

const setup = () => {
  const h = harness(
    hall('h', [{ no: '1' }, { no: '2' }]),
    catalogue([item('I10', 'ID', 10, { cv: 0.5 }), item('H15', 'HK', 15)]),
  )
  const stats = createHallStats('h')
  return { h, stats, run: learning(h, stats) }
}

t.test(
  'handling times move the item’s level from the catalogue toward what the hall does',
  async (t) => {
    const { h, stats, run } = setup()
    run({ op: 'open', reqId: rid(), window: '1' })
    t.ok(
      Math.abs(meanService(stats, h.engine.model, 'I10') - 10) < 1e-9,
      'the catalogue to start with',
    )
    for (let i = 0; i < 40; i++) {
      run({ op: 'take', reqId: rid(), item: 'I10' })
      run({ op: 'call', reqId: rid(), window: '1' })
      h.clock.advance(30_000)
      run({ op: 'start', reqId: rid(), window: '1' })
      h.clock.advance(20 * MINUTE)
      run({ op: 'complete', reqId: rid(), window: '1' })
    }
    const mean = meanService(stats, h.engine.model, 'I10')
    t.ok(
      mean > 17 && mean < 22,
      `about 20 minutes now (${mean.toFixed(1)}), shrunk a little toward 10`,
    )
    t.ok(Math.abs(stats.walk[1] / stats.walk[0] - 30) < 1e-9, 'the walk from call to start: 30 s')
    t.equal(stats.waits.I10?.length, 10, 'the last ten waits are kept')
    t.equal(stats.noshow.calls, 40)
  },
)

t.test('a slow window gets its own factor; the item level stays the hall’s', async (t) => {
  const { h, stats, run } = setup()
  run({ op: 'open', reqId: rid(), window: '1' })
  run({ op: 'open', reqId: rid(), window: '2' })
  // 40 services of 5 or 10 minutes: the day does not roll over meanwhile.
  for (let i = 0; i < 40; i++) {
    const w = i % 2 === 0 ? '1' : '2'
    run({ op: 'take', reqId: rid(), item: 'I10' })
    run({ op: 'call', reqId: rid(), window: w })
    run({ op: 'start', reqId: rid(), window: w })
    h.clock.advance((w === '1' ? 5 : 10) * MINUTE)
    run({ op: 'complete', reqId: rid(), window: w })
  }
  const one = serviceDistribution(stats, h.engine.model, 'I10', '1')
  const two = serviceDistribution(stats, h.engine.model, 'I10', '2')
  const ratio = Math.exp(two.mu - one.mu)
  t.ok(ratio > 1.5 && ratio < 2.1, `window 2 about twice as slow (${ratio.toFixed(2)})`)
  t.ok(stats.mix['2 ID']! > stats.mix['1 ID']!, 'and it spent more minutes on the category')
})

t.test('patience: departures over minutes exposed, censored by calls', async (t) => {
  const { h, stats, run } = setup()
  // Ten people leave after 12 minutes; ten are called after 12 minutes.
  for (let i = 0; i < 10; i++) {
    const a = run({ op: 'take', reqId: rid(), item: 'H15' }).ticket!
    run({ op: 'take', reqId: rid(), item: 'H15' })
    h.clock.advance(12 * MINUTE)
    run({ op: 'cancel', ticket: a, reason: 'abandoned' })
    run({ op: 'open', reqId: rid(), window: '1' })
    run({ op: 'call', reqId: rid(), window: '1' })
    run({ op: 'complete', reqId: rid(), window: '1' })
  }
  const h10 = hazards(stats)[2]! // the 10–15 minute bin
  // Exposure in that bin: 20 people × 2 minutes; 10 departures; plus the weak prior.
  t.ok(Math.abs(h10 - (10 + 0.5) / (40 + 120)) < 1e-9)
  t.ok(hazards(stats)[0]! < 0.01, 'nobody left in the first five minutes')
  t.ok(
    stayProbability(hazards(stats), 0, 10) > stayProbability(hazards(stats), 10, 10),
    'leaving gets likelier after ten minutes',
  )
  const rng = createRandom(1)
  const draws = Array.from({ length: 200 }, () => sampleRemainingPatience(hazards(stats), 20, rng))
  t.ok(
    draws.every((d) => d >= 0),
    'the patience left is never negative',
  )
})

t.test('no-shows and transfers are counted', async (t) => {
  const { h, stats, run } = setup()
  run({ op: 'open', reqId: rid(), window: '1' })
  run({ op: 'take', reqId: rid(), item: 'I10' })
  run({ op: 'call', reqId: rid(), window: '1' })
  h.clock.advance(MINUTE)
  run({ op: 'noshow', reqId: rid(), window: '1' })
  t.same([stats.noshow.calls, stats.noshow.noshows, stats.noshow.graceSec[1]], [1, 1, 60])
  run({ op: 'take', reqId: rid(), item: 'I10' })
  run({ op: 'call', reqId: rid(), window: '1' })
  run({ op: 'transfer', reqId: rid(), window: '1', toItem: 'H15' })
  t.same(stats.transfers, { services: 1, transfers: 1 })
})

t.test('arrivals: today’s rate now, and past days’ shape scaled by today’s level', async (t) => {
  const { h, stats, run } = setup()
  for (let i = 0; i < 30; i++) {
    h.clock.advance(2 * MINUTE)
    run({ op: 'take', reqId: rid(), item: 'I10' })
  }
  t.ok(
    Math.abs(recentRate(stats, 'ID', 'n', h.clock.now()) - 30 / 60) < 1e-9,
    '30 in the last hour',
  )
  t.equal(todayLevel(stats, h.engine.model, h.clock.now()), 1, 'no past day: the usual level')
  endDay(stats)
  t.equal(stats.historyDays, 1)
  t.same(stats.today, {})
  const slot = h.clock.now() // 10:00: the 09:30 slot held 15 of the 30
  // At the usual level, the 09:30 half-hour's rate is what the past day had in it.
  t.ok(
    Math.abs(arrivalRate(stats, h.engine.model, 'ID', 'n', slot, slot - 10 * MINUTE, 1) - 15 / 30) <
      1e-9,
  )
  // With nobody yet today against 29 by this time usually, today counts as a quiet day.
  t.ok(Math.abs(todayLevel(stats, h.engine.model, slot) - 20 / 49) < 1e-9)
})

t.test('statistics are plain JSON; a bad one is refused whole with BAD_REQUEST', async (t) => {
  const { stats, run } = setup()
  run({ op: 'take', reqId: rid(), item: 'I10' })
  const copy = loadHallStats(JSON.parse(JSON.stringify(stats)))
  t.same(copy, stats)
  t.not(copy, stats, 'a copy, not the same object')
  const bad = { ...JSON.parse(JSON.stringify(stats)), patience: { exposure: [1], events: [1] } }
  t.throws(() => loadHallStats(bad), { code: 'BAD_REQUEST', message: /patience/ })
  t.ok(
    (() => {
      try {
        loadHallStats(bad)
      } catch (err) {
        return err instanceof QmsError
      }
      return false
    })(),
    'a QmsError',
  )
  t.throws(() => loadHallStats('nonsense'), { code: 'BAD_REQUEST' })
  t.throws(() => loadHallStats({ ...JSON.parse(JSON.stringify(stats)), v: 2 }), {
    code: 'BAD_REQUEST',
  })
})
