import t from 'tap'
import {
  type AlertDistrictView,
  type AlertHallView,
  DEFAULT_THRESHOLDS,
  evaluateDistrict,
  evaluateHall,
  hallBusier,
  queueLong,
  serviceLong,
  waitLong,
  windowUnattended,
} from '../src/alerts/rules/index.js'
import { catalogue, type Harness, hall, harness, MINUTE, rid } from './predict-fixtures.js'

/* Each rule fires where it should, stays quiet where it should, and keeps its key. */

const ctx = (active: string[] = []) => ({ thresholds: DEFAULT_THRESHOLDS, active: new Set(active) })

function view(h: Harness, extra: Partial<AlertHallView> = {}): AlertHallView {
  return {
    site: h.engine.model.site,
    name: h.engine.model.hall.name,
    location: h.engine.model.hall.location,
    now: h.clock.now(),
    state: h.engine.state,
    ...extra,
  }
}

/** A hall with windows 1 (ID) open, 2 (ID) closed, 3 (HK) open. */
function idHall(waiting: number) {
  const h = harness(
    hall('h1', [
      { no: '1', categories: ['ID'] },
      { no: '2', categories: ['ID'] },
      { no: '3', categories: ['HK'] },
    ]),
    catalogue(),
    ['1', '3'],
  )
  for (let i = 0; i < waiting; i++) h.take('I10')
  return h
}

t.test(
  'queue-long: fires past the people per open window, suggests the closed window, keeps its key',
  async (t) => {
    const quiet = queueLong(view(idHall(5)), ctx())
    t.same(quiet, [], '5 waiting at one window is under the minimum of 8')
    const alerts = queueLong(view(idHall(9)), ctx())
    t.equal(alerts.length, 1)
    const a = alerts[0]!
    t.equal(a.key, 'queue-long:h1:ID')
    t.equal(a.level, 'warning', '9 per window: past 6, under 12')
    t.equal(a.category, 'ID')
    t.match(a.text, /身份证业务排队过长：9人等候，1个窗口/)
    t.match(a.textEn, /9 waiting for ID/)
    t.same(
      a.actions.map((x) => [x.kind, 'window' in x ? x.window : undefined]),
      [
        ['open-window', '2'],
        ['diversion', undefined],
      ],
    )
    t.equal(queueLong(view(idHall(13)), ctx())[0]?.level, 'critical', '13 per window')
    t.equal(
      queueLong(view(idHall(13)), ctx())[0]?.key,
      a.key,
      'the same condition keeps its key at another level',
    )
  },
)

t.test('queue-long: people waiting with no window open for them is critical', async (t) => {
  const h = harness(
    hall('h1', [
      { no: '1', categories: ['ID'] },
      { no: '3', categories: ['HK'] },
    ]),
    catalogue(),
    ['3'],
  )
  for (let i = 0; i < 8; i++) h.take('I10')
  const [a] = queueLong(view(h), ctx())
  t.equal(a?.level, 'critical')
  t.match(a?.text, /没有开放的窗口/)
  t.same(a?.actions[0], {
    kind: 'open-window',
    site: 'h1',
    window: '1',
    text: '请开放1号窗口',
    textEn: 'Open window 1',
  })
})

t.test(
  'queue-long: an alert already raised holds until its figure falls below the clear share',
  async (t) => {
    const h = idHall(5) // 5 per window: under 6, over 6 × 0.75
    t.same(queueLong(view(h), ctx()), [], 'not raised at 5')
    t.same(
      queueLong(view(h), {
        thresholds: { ...DEFAULT_THRESHOLDS, queueMinimum: 4 },
        active: new Set(['queue-long:h1:ID']),
      }).length,
      1,
      'still held at 5 once raised',
    )
  },
)

t.test('when every window serving the category is staffed, the action is diversion', async (t) => {
  const h = idHall(9)
  h.ok({ op: 'open', reqId: rid(), window: '2' })
  for (let i = 0; i < 9; i++) h.take('I10')
  const [a] = queueLong(view(h), ctx())
  t.same(
    a?.actions.map((x) => x.kind),
    ['diversion'],
  )
})

t.test('a window on planned leave is not suggested', async (t) => {
  const [a] = queueLong(view(idHall(9), { onLeave: new Set(['2']) }), ctx())
  t.same(
    a?.actions.map((x) => x.kind),
    ['diversion'],
  )
})

t.test('wait-long: from the predicted waits, warning at 30 and critical at 45', async (t) => {
  const h = idHall(2)
  h.take('H15')
  t.same(waitLong(view(h), ctx()), [], 'no predictions, no alert')
  const alerts = waitLong(
    view(h, {
      waits: new Map([
        ['ID', 33],
        ['HK', 50],
      ]),
    }),
    ctx(),
  )
  t.same(
    alerts.map((a) => [a.key, a.level]),
    [
      ['wait-long:h1:ID', 'warning'],
      ['wait-long:h1:HK', 'critical'],
    ],
  )
  t.match(alerts[0]?.text, /身份证业务预计等候33分钟/)
})

t.test('a category nobody waits for raises no queue or wait alert', async (t) => {
  // Window 1 serves ID, window 2 only passports; the hall has not opened yet.
  const h = harness(
    hall('h1', [
      { no: '1', categories: ['ID'] },
      { no: '2', categories: ['PP'] },
    ]),
    catalogue(),
  )
  const allDay = new Map([
    ['ID', 480],
    ['PP', 480],
  ])
  t.same(
    evaluateHall(view(h, { waits: allDay })),
    [],
    'before opening: a newcomer would wait until a window opens, but nobody is waiting',
  )
  h.ok({ op: 'open', reqId: rid(), window: '1' })
  for (let i = 0; i < 3; i++) h.take('I10')
  t.same(
    evaluateHall(
      view(h, {
        waits: new Map([
          ['ID', 12],
          ['PP', 480],
        ]),
      }),
    ),
    [],
    'passports are served only at a closed window, and nobody is waiting for one',
  )
  h.take('P12')
  const [a] = waitLong(view(h, { waits: new Map([['PP', 480]]) }), ctx())
  t.equal(a?.key, 'wait-long:h1:PP', 'once someone waits for it, the closed window is a problem')
  t.equal(a?.level, 'critical')
})

t.test('service-long: a service far past its item’s norm, and not before', async (t) => {
  const h = idHall(1)
  const ticket = h.serve('1')
  h.clock.advance(20 * MINUTE)
  t.same(
    serviceLong(view(h), ctx()),
    [],
    '20 minutes of a 10-minute item: under 3 × 10 and 10 + 15',
  )
  h.clock.advance(11 * MINUTE)
  const [a] = serviceLong(view(h), ctx())
  t.equal(a?.key, `service-long:h1:1:${ticket}`)
  t.equal(a?.value, 31)
  t.equal(a?.threshold, 30)
  t.equal(a?.actions[0]?.kind, 'check-window')
  t.match(a?.text, /远超该事项通常的10分钟/)
})

t.test('window-unattended: an open window with nobody at it for 5 minutes', async (t) => {
  const h = idHall(0)
  h.ok({ op: 'presence', reqId: rid(), window: '1', present: false })
  const since = h.clock.now()
  h.clock.advance(3 * MINUTE)
  t.same(
    windowUnattended(view(h, { absentSince: new Map([['1', since]]) }), ctx()),
    [],
    '3 minutes is a short absence',
  )
  h.clock.advance(3 * MINUTE)
  const [a] = windowUnattended(view(h, { absentSince: new Map([['1', since]]) }), ctx())
  t.equal(a?.key, 'window-unattended:h1:1')
  t.match(a?.text, /无人在岗/)
  h.ok({ op: 'pause', reqId: rid(), window: '1' })
  t.same(
    windowUnattended(view(h, { absentSince: new Map([['1', since]]) }), ctx()),
    [],
    'a paused window may be empty',
  )
  t.same(windowUnattended(view(h), ctx()), [], 'without the sensor’s history the rule says nothing')
})

function districtOf(...views: AlertHallView[]): AlertDistrictView {
  return { now: views[0]!.now, halls: new Map(views.map((v) => [v.site, v])) }
}

function station(id: string, lat: number, waiting: number, open: string[]) {
  const h = harness(
    hall(
      id,
      [
        { no: '1', categories: ['ID'] },
        { no: '2', categories: ['ID'] },
        { no: '3', categories: ['ID'] },
      ],
      { location: { lat, lng: 120.75 } },
    ),
    catalogue(),
    open,
  )
  for (let i = 0; i < waiting; i++) h.take('I10')
  return view(h)
}

t.test(
  'hall-busier: far busier than its neighbours, with staff from the quietest one',
  async (t) => {
    const busy = station('busy', 30.75, 12, ['1', '2'])
    const calm = station('calm', 30.76, 0, ['1', '2', '3'])
    const far = station('far', 31.5, 0, ['1'])
    const alerts = hallBusier(districtOf(busy, calm, far), busy, ctx())
    t.equal(alerts.length, 1)
    const a = alerts[0]!
    t.equal(a.key, 'hall-busier:busy')
    t.equal(a.value, 6, '12 waiting at 2 windows')
    t.same(
      a.actions.map((x) => [x.kind, 'staffFrom' in x ? x.staffFrom : undefined]),
      [
        ['open-window', undefined],
        ['open-window', 'calm'],
        ['diversion', undefined],
      ],
    )
    t.same(
      hallBusier(districtOf(busy, far), busy, ctx()),
      [],
      'no neighbour within reach: nothing to compare',
    )
    const alsoBusy = station('also', 30.76, 12, ['1', '2'])
    t.same(
      hallBusier(districtOf(busy, alsoBusy), busy, ctx()),
      [],
      'as busy as its neighbours: not this rule',
    )
  },
)

t.test(
  'evaluateHall and evaluateDistrict gather the rules; a quiet district raises nothing',
  async (t) => {
    const quiet = station('q', 30.75, 1, ['1', '2', '3'])
    t.same(evaluateHall(quiet), [])
    t.same(evaluateDistrict(districtOf(quiet, station('r', 30.76, 0, ['1']))), [])
    const busy = station('busy', 30.75, 13, ['1'])
    const rules = evaluateDistrict(
      districtOf(busy, station('calm', 30.76, 0, ['1', '2', '3'])),
    ).map((a) => a.rule)
    t.same(rules.sort(), ['hall-busier', 'queue-long'])
    const keys = evaluateDistrict(districtOf(busy), { thresholds: { queueMinimum: 20 } }).map(
      (a) => a.key,
    )
    t.same(keys, [], 'thresholds are configurable')
  },
)
