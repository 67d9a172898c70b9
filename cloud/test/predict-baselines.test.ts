import { estimateItemWait } from '@qms/edge-agent/queue'
import t from 'tap'
import { categoryMean, effectiveWindows, windowShare } from '../src/predict/baselines/index.js'
import {
  BASELINES,
  createBaselines,
  createHallStats,
  erlangC,
  erlangCWait,
  type PredictInput,
} from '../src/predict/index.js'
import { catalogue, hall, harness, MINUTE } from './predict-fixtures.js'

/* The baselines on cases worked out by hand. */

const byName = (name: string) => BASELINES.find((b) => b.name === name)!.fn

/** Windows 1 (ID) and 2 (ID, HK) open, 3 (HK) closed; 3 ID and 2 HK waiting. */
function setup() {
  const h = harness(
    hall('h', [
      { no: '1', categories: ['ID'] },
      { no: '2', categories: ['ID', 'HK'] },
      { no: '3', categories: ['HK'] },
    ]),
    catalogue(),
    ['1', '2'],
  )
  h.take('I10')
  h.take('H15')
  h.take('I10')
  h.take('H15')
  h.take('I6')
  const stats = createHallStats('h')
  const input: PredictInput = { state: h.engine.state, stats, now: h.clock.now() }
  return { h, stats, input }
}

const newcomer = (item: string) => ({
  item,
  category: item.startsWith('H') ? 'HK' : 'ID',
  priority: 'normal' as const,
  waited: 0,
})

t.test('QL: people ahead × the hall’s mean handling time ÷ open windows', async (t) => {
  const { stats, input } = setup()
  stats.all = [10, 100, 0] // 10 services, mean 10 minutes
  // A new ID ticket has everyone co-served ahead: windows 1 and 2 serve ID and HK, so 5.
  t.equal(byName('ql')(input, newcomer('I10')), (5 * 10) / 2)
})

t.test('skill-aware QL: same-category ahead × its mean ÷ the share-weighted windows', async (t) => {
  const { stats, input } = setup()
  // Window 2 has spent 30 minutes on ID and 90 on HK; window 1 only ID.
  stats.mix = { '1 ID': 120, '2 ID': 30, '2 HK': 90 }
  const share2 = windowShare(stats, input.state, '2', 'ID')
  // Prior for window 2: ID work (10 + 6 minutes, demand 1 each) against HK's 15: 16/31, weighted 60 minutes.
  t.ok(Math.abs(share2 - (30 + (16 / 31) * 60) / (120 + 60)) < 1e-9)
  t.equal(windowShare(stats, input.state, '1', 'ID'), 1)
  const s = effectiveWindows(stats, input.state, 'ID')
  t.ok(Math.abs(s - (1 + share2)) < 1e-9)
  const mean = categoryMean(stats, input.state, 'ID')
  t.equal(mean, 8, 'I10 and I6, equal demand')
  t.ok(Math.abs(byName('ql-skill')(input, newcomer('I10')) - (3 * mean) / s) < 1e-9)
})

t.test('skill-aware QL counts at least one whole window when one is open', async (t) => {
  const { stats } = setup()
  stats.mix = { '2 ID': 1, '2 HK': 999 }
  const h = harness(hall('h', [{ no: '2', categories: ['ID', 'HK'] }]), catalogue(), ['2'])
  h.take('I10')
  t.equal(effectiveWindows(stats, h.engine.state, 'ID'), 1)
})

t.test('LES, rolling mean and HOL from the recent waits and the head of the line', async (t) => {
  const { h, stats, input } = setup()
  stats.waits = {
    I10: [12, 20, 4].map((m, i) => ({ at: i, minutes: m })),
    '@ID': [{ at: 0, minutes: 7 }],
  }
  t.equal(byName('les')(input, newcomer('I10')), 4, 'the last one called')
  t.equal(byName('rolling10')(input, newcomer('I10')), 12, 'the mean of the last (up to) ten')
  t.equal(byName('les')(input, newcomer('I6')), 7, 'no I6 history: the category’s')
  t.equal(byName('les')(input, newcomer('H15')), 0, 'no history at all')
  h.clock.advance(3 * MINUTE)
  const later = { ...input, now: h.clock.now() }
  // The first ID ticket was taken 5 seconds before the last one: it has waited 3 min 4 s.
  t.ok(Math.abs(byName('hol')(later, newcomer('I10')) - (3 + 4 / 60)) < 1e-9)
})

t.test('Erlang C against the textbook', async (t) => {
  // M/M/2 with a = 1 erlang: C = (a²/2! · 2/(2 − a)) / (1 + a + a²/2! · 2/(2 − a)) = 1/3.
  t.ok(Math.abs(erlangC(2, 1) - 1 / 3) < 1e-12)
  // M/M/1: C = ρ.
  t.ok(Math.abs(erlangC(1, 0.6) - 0.6) < 1e-12)
  // Wq = C / (sμ − λ): M/M/2, λ = 0.1/min, mean 10 min → a = 1, Wq = (1/3) / (0.2 − 0.1) = 3.33.
  t.ok(Math.abs(erlangCWait(2, 0.1, 10) - 10 / 3) < 1e-9)
  t.equal(erlangCWait(2, 0, 10), 0, 'no arrivals, no wait')
  t.ok(
    erlangCWait(1, 10, 10) < Number.POSITIVE_INFINITY,
    'overload is held at ρ = 0.95, not infinite',
  )
})

t.test('the edge baseline is the engine’s own estimate', async (t) => {
  const { input } = setup()
  t.equal(
    byName('edge')(input, newcomer('I10')),
    estimateItemWait(input.state, 'I10', input.now).minutes,
  )
})

t.test('every baseline answers through the predictor interface with intervals', async (t) => {
  const { h, input } = setup()
  const tickets = h.engine.waiting().map((x) => ({ ticket: x.ticket }))
  for (const b of createBaselines()) {
    const out = b.predict(input, [...tickets, { item: 'I10' }, { item: 'NOPE' }])
    t.equal(out.length, tickets.length + 2)
    t.equal(out[out.length - 1], undefined, `${b.name}: an unknown item has no prediction`)
    for (const p of out.slice(0, -1))
      t.ok(p !== undefined && p.minutes >= 0 && p.minutes <= 480, `${b.name}: ${p?.minutes}`)
  }
})

t.test('baseline intervals come from their own recent errors', async (t) => {
  const { input } = setup()
  const [ql] = createBaselines()
  const first = ql!.predict(input, [{ item: 'I10' }])[0]!
  t.equal(first.hi90, first.minutes, 'no errors seen yet: a point')
  for (let i = 0; i < 40; i++) ql!.observe(first, first.minutes + (i % 2 === 0 ? 10 : -5))
  const later = ql!.predict(input, [{ item: 'I10' }])[0]!
  t.ok(
    later.hi90! >= later.minutes + 9 && later.lo90! <= later.minutes - 4,
    `${later.lo90}–${later.hi90} around ${later.minutes}`,
  )
  t.same((ql!.toJSON() as { r: number[] }).r.length, 40, 'kept as JSON')
})
