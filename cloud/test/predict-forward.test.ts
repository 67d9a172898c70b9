import t from 'tap'
import {
  createForwardPredictor,
  createHallStats,
  forwardSamples,
  type HallPlan,
  refreshHall,
} from '../src/predict/index.js'
import { catalogue, hall, harness, item, MINUTE, rid } from './predict-fixtures.js'

/*
 * The forward simulation against answers worked out by hand: deterministic handling times, no
 * one leaving, so every run gives the same wait.
 */

const exact = { runs: 8, abandonment: false, priorityArrivals: false, guardMinutes: 0 } as const

function predictAll(
  h: ReturnType<typeof harness>,
  targets: Parameters<ReturnType<typeof createForwardPredictor>['predict']>[1],
  plan?: HallPlan,
) {
  const f = createForwardPredictor(exact)
  return f
    .predict(
      {
        state: h.engine.state,
        stats: createHallStats('h'),
        now: h.clock.now(),
        ...(plan === undefined ? {} : { plan }),
      },
      targets,
    )
    .map((p) => p?.minutes)
}

t.test('one window, deterministic services: the queue in order, the newcomer last', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  const tickets = [h.take('I10'), h.take('I10'), h.take('I10')]
  h.serve('1') // the first is at the window now
  h.clock.advance(4 * MINUTE)
  const waits = predictAll(h, [{ ticket: tickets[1]! }, { ticket: tickets[2]! }, { item: 'I10' }])
  t.same(waits, [6, 16, 26], '6 minutes left of the service under way, then 10 each')
})

t.test('two windows share the queue', async (t) => {
  const h = harness(hall('h', [{ no: '1' }, { no: '2' }]), catalogue(), ['1', '2'])
  const tickets = Array.from({ length: 5 }, () => h.take('I10'))
  const waits = predictAll(h, [...tickets.map((ticket) => ({ ticket })), { item: 'I10' }])
  // Both windows free now (the simulation calls at once): 0, 0, then 10, 10, 20, 20.
  t.same(waits, [0, 0, 10, 10, 20, 20])
})

t.test('a priority newcomer has only the priority tickets ahead', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  h.take('I10')
  h.take('I10')
  h.take('I10', 'elderly')
  h.serve('1') // the elderly ticket is called first
  h.clock.advance(2 * MINUTE)
  const [normal, priority] = predictAll(h, [{ item: 'I10' }, { item: 'I10', priority: 'elderly' }])
  t.equal(priority, 8, 'called as soon as the window is free')
  t.equal(normal, 28, 'after the two ordinary tickets waiting')
})

t.test('windows serve only their categories', async (t) => {
  const h = harness(
    hall('h', [
      { no: '1', categories: ['ID'] },
      { no: '2', categories: ['HK'] },
    ]),
    catalogue(),
    ['1', '2'],
  )
  for (let i = 0; i < 4; i++) h.take('H15')
  const [id, hk] = predictAll(h, [{ item: 'I10' }, { item: 'H15' }])
  t.equal(id, 0, 'the ID window is free')
  t.equal(hk, 60, 'four HK tickets ahead, 15 minutes each, at the one HK window')
})

t.test('a window going to lunch finishes its person, then serves on its return', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  const tickets = [h.take('I10'), h.take('I10'), h.take('I10')]
  const now = h.clock.now()
  // On duty now until 15 minutes from now, back 45 minutes from now.
  const plan: HallPlan = {
    windows: {
      '1': [
        [now - 60 * MINUTE, now + 15 * MINUTE],
        [now + 45 * MINUTE, now + 600 * MINUTE],
      ],
    },
  }
  const waits = predictAll(h, [...tickets.map((ticket) => ({ ticket })), { item: 'I10' }], plan)
  t.same(
    waits,
    [0, 10, 45, 55],
    'the second is served 10–20 across the start of lunch; the third after it',
  )
})

t.test('a paused window without a plan is expected back after the pause', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  h.take('I10')
  h.ok({ op: 'pause', reqId: rid(), window: '1' })
  t.same(predictAll(h, [{ item: 'I10' }], { pauseMinutes: 7 }), [17])
})

t.test('with nobody on duty and no plan, the day is taken to be starting', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), [])
  h.take('I10')
  t.same(
    predictAll(h, [{ item: 'I10' }], { pauseMinutes: 5 }),
    [15],
    'opens in 5 minutes, one ahead',
  )
})

t.test('a person who stays is called when those ahead who leave are gone', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  h.take('I10')
  const tickets = [h.take('I10'), h.take('I10'), h.take('I10')]
  h.serve('1')
  h.clock.advance(4 * MINUTE)
  const stats = createHallStats('h')
  // Everyone leaves within seconds of waiting (a huge departure rate in every bin).
  stats.patience.exposure = stats.patience.exposure.map(() => 1)
  stats.patience.events = stats.patience.events.map(() => 1e6)
  const f = createForwardPredictor({ runs: 16, priorityArrivals: false, guardMinutes: 0 })
  const p = f.predict({ state: h.engine.state, stats, now: h.clock.now() }, [
    ...tickets.map((ticket) => ({ ticket })),
    { item: 'I10' },
  ])
  for (const x of p)
    t.ok(
      x !== undefined && Math.abs(x.minutes - 6) < 0.2,
      `called when the window frees: ${x?.minutes}`,
    )
})

t.test('a refresh leaves the hall’s state as it was and is reproducible', async (t) => {
  const h = harness(
    hall('h', [{ no: '1' }, { no: '2' }]),
    catalogue([item('I10', 'ID', 10, { cv: 0.7 }), item('H15', 'HK', 15, { cv: 0.7 })]),
    ['1', '2'],
  )
  for (let i = 0; i < 6; i++) h.take(i % 2 === 0 ? 'I10' : 'H15')
  h.serve('1')
  const state = h.engine.state
  const before = {
    issued: state.issued,
    open: state.open.size,
    w1: state.windows.get('1'),
    next: h.engine.next('2')?.ticket,
  }
  const stats = createHallStats('h')
  const a = forwardSamples(state, stats, h.clock.now(), {}, { runs: 50, seed: 3 })
  const b = forwardSamples(state, stats, h.clock.now(), {}, { runs: 50, seed: 3 })
  t.same(
    {
      issued: state.issued,
      open: state.open.size,
      w1: state.windows.get('1'),
      next: h.engine.next('2')?.ticket,
    },
    before,
  )
  t.same(
    [...a.tickets.values()].map((x) => [...x]),
    [...b.tickets.values()].map((x) => [...x]),
    'same seed, same samples',
  )
  t.ok(
    [...a.tickets.values()].some((x) => new Set(x).size > 1),
    'random handling times give spread',
  )
})

t.test(
  'refreshHall predicts every waiting ticket and every offered item, normal and priority',
  async (t) => {
    const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
    const tickets = [h.take('I10'), h.take('H15')]
    const r = refreshHall(createForwardPredictor({ runs: 8 }), {
      state: h.engine.state,
      stats: createHallStats('h'),
      now: h.clock.now(),
    })
    t.same([...r.tickets.keys()].sort(), tickets.sort())
    t.same([...r.newcomers.keys()].sort(), [
      'H15',
      'H15 priority',
      'I10',
      'I10 priority',
      'I6',
      'I6 priority',
      'P12',
      'P12 priority',
    ])
    for (const p of [...r.tickets.values(), ...r.newcomers.values()]) {
      t.ok(
        p.lo90! <= p.lo80! && p.lo80! <= p.minutes && p.minutes <= p.hi80! && p.hi80! <= p.hi90!,
        'nested intervals',
      )
      t.equal(p.source, 'cloud')
    }
  },
)

t.test('unknown targets give undefined, not a guess', async (t) => {
  const h = harness(hall('h', [{ no: '1' }]), catalogue(), ['1'])
  t.same(predictAll(h, [{ item: 'NOPE' }, { ticket: 'Z999' }]), [undefined, undefined])
})
