import type { Alert, ConsoleHall, PredictionAccuracy, SiteTrend } from '@qms/protocol'
import t from 'tap'
import {
  actionOf,
  commandsFor,
  isOpen,
  openCounts,
  orderAlerts,
} from '../src/console/view/alerts.js'
import { accuracyOption, trendOption } from '../src/console/view/charts.js'
import {
  districtTotals,
  hallPredictedWait,
  hallRows,
  mapLayout,
} from '../src/console/view/district.js'
import {
  agoText,
  clockText,
  minutesText,
  ratingText,
  shareText,
} from '../src/console/view/format.js'
import {
  closedWindows,
  devicesView,
  orderWindows,
  queueRows,
  ratingsView,
} from '../src/console/view/hall.js'
import { chooseLang, tDynamic, WORD_KEYS, t as word } from '../src/console/view/i18n.js'
import { LOAD_COLOURS, loadLevel } from '../src/console/view/load.js'
import { homeRoute, parseRoute, routeHash, safeNext } from '../src/console/view/route.js'

/* What the console shows, computed without a browser. */

const hall = (over: Partial<ConsoleHall> & { id: string }): ConsoleHall => ({
  configured: true,
  connected: true,
  waiting: 0,
  windowsOpen: 0,
  serving: 0,
  issuedToday: 0,
  servedToday: 0,
  meanWaitMin: null,
  waitCount: 0,
  selfServiceShare: null,
  ratingMean: null,
  ratingCount: 0,
  ...over,
})

t.test('every word exists in both languages, Chinese by default', async (t) => {
  for (const key of WORD_KEYS) {
    t.ok(word('zh', key).length > 0, `${key} zh`)
    if (key !== 'people') t.ok(word('en', key).length > 0, `${key} en`)
  }
  t.equal(chooseLang(null), 'zh')
  t.equal(chooseLang('fr'), 'zh')
  t.equal(chooseLang('en'), 'en')
  t.equal(tDynamic('zh', 'window.serving'), '办理中')
  t.equal(tDynamic('en', 'alert.acting'), 'Acting')
  t.equal(
    tDynamic('zh', 'window.unknown-state'),
    'unknown-state',
    'an unknown state shows as itself',
  )
})

t.test('load level from the predicted wait and the people per open window', async (t) => {
  const base = { connected: true }
  t.equal(loadLevel({ ...base, waiting: 0, windowsOpen: 0 }), 'closed')
  t.equal(loadLevel({ ...base, waiting: 0, windowsOpen: 3 }), 'idle')
  t.equal(loadLevel({ ...base, waiting: 5, windowsOpen: 3, predictedMin: 8 }), 'normal')
  t.equal(loadLevel({ ...base, waiting: 5, windowsOpen: 3, predictedMin: 25 }), 'busy')
  t.equal(loadLevel({ ...base, waiting: 20, windowsOpen: 3 }), 'busy', '6.7 per window')
  t.equal(loadLevel({ ...base, waiting: 40, windowsOpen: 3 }), 'overloaded', '13 per window')
  t.equal(loadLevel({ ...base, waiting: 5, windowsOpen: 3, predictedMin: 50 }), 'overloaded')
  t.equal(loadLevel({ ...base, waiting: 2, windowsOpen: 0 }), 'overloaded', 'nobody to serve them')
  t.equal(loadLevel({ connected: false, waiting: 40, windowsOpen: 3 }), 'offline')
  t.equal(loadLevel({ connected: false, heard: false, waiting: 0, windowsOpen: 0 }), 'nodata')
  for (const c of Object.values(LOAD_COLOURS)) t.match(c, /^#[0-9a-f]{6}$/)
})

t.test('a hall’s predicted wait weights its items by the people waiting for them', async (t) => {
  const items = [
    { item: 'A', wait: { minutes: 10 } },
    { item: 'B', wait: { minutes: 40 } },
    { item: 'C', wait: { minutes: 480 } },
  ]
  t.equal(hallPredictedWait(items, { A: 3, B: 1 }), 17.5)
  t.equal(hallPredictedWait(items, { B: 2, Z: 9 }), 40, 'an item without a prediction is left out')
  t.equal(hallPredictedWait(items, {}), 0, 'nobody waiting: a newcomer is called at once')
  t.equal(hallPredictedWait(items, undefined), 0)
  t.equal(hallPredictedWait([], { A: 1 }), null, 'no predictions, no figure')
  t.equal(hallPredictedWait(undefined, { A: 1 }), null)
})

t.test(
  'district rows put the most urgent halls first and totals weigh means properly',
  async (t) => {
    const halls = [
      hall({
        id: 'st-02',
        waiting: 3,
        windowsOpen: 2,
        meanWaitMin: 4,
        waitCount: 10,
        issuedToday: 20,
        selfServiceShare: 0.5,
        ratingMean: 5,
        ratingCount: 1,
      }),
      hall({
        id: 'hub',
        waiting: 60,
        windowsOpen: 4,
        meanWaitMin: 30,
        waitCount: 30,
        issuedToday: 80,
        selfServiceShare: 1,
        ratingMean: 4,
        ratingCount: 3,
      }),
      hall({ id: 'pt-01', connected: false, lastEventAt: '2026-11-30T01:00:00.000Z' }),
      hall({ id: 'pt-02', connected: false }),
      hall({ id: 'st-01' }),
    ]
    const rows = hallRows(
      halls,
      new Map([
        ['hub', 35],
        ['st-02', 6],
      ]),
    )
    t.same(
      rows.map((r) => [r.id, r.level]),
      [
        ['hub', 'overloaded'],
        ['pt-01', 'offline'],
        ['st-02', 'normal'],
        ['st-01', 'closed'],
        ['pt-02', 'nodata'],
      ],
    )
    const totals = districtTotals(halls, rows)
    t.equal(totals.waiting, 63)
    t.equal(totals.windowsOpen, 6)
    t.equal(totals.meanWaitMin, (4 * 10 + 30 * 30) / 40, 'weighted by tickets called')
    t.equal(totals.selfServiceShare, (0.5 * 20 + 1 * 80) / 100, 'weighted by tickets issued')
    t.equal(totals.ratingMean, (5 + 4 * 3) / 4, 'weighted by ratings')
    t.equal(totals.predictedMin, (35 * 60 + 6 * 3) / 63, 'weighted by people waiting')
    t.equal(totals.issuedToday, 100)
    t.same(totals.byLevel, {
      idle: 0,
      normal: 1,
      busy: 0,
      overloaded: 1,
      offline: 1,
      closed: 1,
      nodata: 1,
    })
    const empty = districtTotals([], [])
    t.same([empty.meanWaitMin, empty.predictedMin, empty.ratingMean], [null, null, null])
  },
)

t.test('the map keeps north up, east right, one scale, inside the margin', async (t) => {
  const pts = mapLayout(
    [
      { id: 'w', location: { lat: 30.7, lng: 120.6 } },
      { id: 'e', location: { lat: 30.7, lng: 120.9 } },
      { id: 'n', location: { lat: 30.9, lng: 120.75 } },
      { id: 'nowhere' },
    ],
    1.6,
  )
  const at = Object.fromEntries(pts.map((p) => [p.id, p]))
  t.equal(pts.length, 3, 'a hall without a location is not placed')
  t.ok(at.w!.x < at.e!.x, 'east is right')
  t.ok(at.n!.y < at.w!.y, 'north is up')
  t.equal(at.w!.y, at.e!.y)
  for (const p of pts)
    t.ok(p.x >= 0.05 && p.x <= 0.95 && p.y >= 0.05 && p.y <= 0.95, `${p.id} inside`)
  // Equal ground distances look equal: 0.3° of longitude at 30.8° N is 0.2577° of latitude.
  const dx = (at.e!.x - at.w!.x) * 1.6
  const dy = at.w!.y - at.n!.y
  t.ok(Math.abs(dx / dy - (0.3 * Math.cos((30.8 * Math.PI) / 180)) / 0.2) < 1e-9)
  t.same(mapLayout([{ id: 'one', location: { lat: 30, lng: 120 } }], 1.6), [
    { id: 'one', x: 0.5, y: 0.5 },
  ])
})

t.test('the hall view orders windows, queues and devices as a manager reads them', async (t) => {
  const w = (no: string, state: 'idle' | 'closed' | 'serving') => ({ no, state })
  t.same(
    orderWindows([w('10', 'idle'), w('2', 'idle'), w('1', 'closed')]).map((x) => x.no),
    ['1', '2', '10'],
  )
  t.same(
    closedWindows({ windows: [w('3', 'closed'), w('1', 'serving'), w('2', 'closed')] }).map(
      (x) => x.no,
    ),
    ['2', '3'],
  )
  const now = Date.parse('2026-11-30T02:30:00Z')
  const ticket = (n: string, state: 'waiting' | 'parked', issuedAt: string) => ({
    ticket: n,
    item: 'HJ-001',
    category: 'HJ-SFZ',
    priority: 'normal' as const,
    channel: 'kiosk' as const,
    state,
    issuedAt,
    recalls: 0,
  })
  const rows = queueRows(
    [
      {
        item: 'HJ-001',
        category: 'HJ-SFZ',
        waiting: 2,
        tickets: [
          ticket('A001', 'waiting', '2026-11-30T02:00:00Z'),
          ticket('A002', 'parked', '2026-11-30T01:00:00Z'),
          ticket('A003', 'waiting', '2026-11-30T02:10:00Z'),
        ],
      },
      { item: 'CRJ-001', category: 'CRJ-HZ', waiting: 0, tickets: [] },
      { item: 'JG-001', category: 'JG-CL', waiting: 5, tickets: [] },
    ],
    now,
  )
  t.same(
    rows.map((r) => r.item),
    ['JG-001', 'HJ-001'],
    'longest first, empty ones left out',
  )
  t.same(rows[1]!.next, ['A001', 'A003'], 'parked tickets are not next')
  t.equal(rows[1]!.longestMin, 30)
  const rv = ratingsView({ ratings: { count: 4, mean: 4.5, byScore: { '5': 3, '3': 1 } } } as never)
  t.same(
    rv.scores.map((s) => s.count),
    [3, 0, 1, 0, 0],
  )
  t.equal(rv.scores[0]!.share, 0.75)
  t.same(ratingsView(undefined), {
    count: 0,
    mean: null,
    scores: [5, 4, 3, 2, 1].map((score) => ({ score, count: 0, share: 0 })),
  })
  const dv = devicesView([
    { id: 'k1', online: true, faults: ['paper-out'] },
    { id: 'c10', online: false, faults: [] },
    { id: 'c2', online: false, faults: [] },
  ])
  t.same(
    dv.offline.map((d) => d.id),
    ['c2', 'c10'],
  )
  t.same(
    dv.faulty.map((d) => d.id),
    ['k1'],
  )
})

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a1',
  key: 'k',
  rule: 'queue-long',
  site: 'hub',
  level: 'warning',
  state: 'raised',
  value: 30,
  threshold: 20,
  text: '排队过长',
  textEn: 'Queue long',
  suggestions: [],
  raisedAt: '2026-11-30T02:00:00.000Z',
  updatedAt: '2026-11-30T02:00:00.000Z',
  escalations: 0,
  life: [],
  ...over,
})

t.test('an alert offers what its state allows and closes the loop', async (t) => {
  t.same(commandsFor(alert({ state: 'raised' })), ['ack', 'act', 'resolve'])
  t.same(commandsFor(alert({ state: 'acknowledged' })), ['act', 'resolve'])
  t.same(commandsFor(alert({ state: 'acting' })), ['act', 'resolve'])
  t.same(commandsFor(alert({ state: 'resolved' })), [])
  t.same(commandsFor(alert({ state: 'cleared' })), [])
  t.ok(isOpen(alert({ state: 'acting' })))
  t.notOk(isOpen(alert({ state: 'cleared' })))
  const ordered = orderAlerts([
    alert({ id: 'old-info', level: 'info', raisedAt: '2026-11-30T01:00:00.000Z' }),
    alert({ id: 'done', level: 'critical', state: 'resolved' }),
    alert({ id: 'crit', level: 'critical' }),
    alert({ id: 'new-info', level: 'info', raisedAt: '2026-11-30T03:00:00.000Z' }),
  ])
  t.same(
    ordered.map((a) => a.id),
    ['crit', 'new-info', 'old-info', 'done'],
  )
  t.same(openCounts(ordered), { total: 3, critical: 1 })
})

t.test('a suggested action becomes the action the API takes', async (t) => {
  const s = { site: 'hub', text: '建议增开窗口', textEn: 'Open a window' }
  t.same(actionOf({ ...s, kind: 'open-window', window: '7' }), {
    action: 'open-window',
    window: '7',
  })
  t.same(actionOf({ ...s, kind: 'open-window' }), { action: 'open-window' })
  t.same(actionOf({ ...s, kind: 'open-window', window: '7', staffFrom: 'st-02' }), {
    action: 'move-staff',
    fromSite: 'st-02',
    window: '7',
  })
  t.same(actionOf({ ...s, kind: 'diversion' }), { action: 'diversion', on: true })
  t.same(actionOf({ ...s, kind: 'move-staff', staffFrom: 'st-01' }), {
    action: 'move-staff',
    fromSite: 'st-01',
  })
  t.equal(actionOf({ ...s, kind: 'move-staff' }), undefined, 'nobody named to move')
  t.same(actionOf({ ...s, kind: 'check-window', window: '3' }), {
    action: 'notice',
    window: '3',
    text: '建议增开窗口',
  })
  t.equal(actionOf({ ...s, kind: 'call-the-mayor' }), undefined)
})

t.test(
  'chart options carry today’s hours and each ticket’s predicted and actual wait',
  async (t) => {
    const point = (day: string, hour: number | undefined, issued: number) => ({
      day,
      ...(hour === undefined ? {} : { hour }),
      issued,
      called: issued,
      served: issued - 1,
      noShow: 0,
      cancelled: 0,
      waitMeanMin: hour === 9 ? null : 12.34,
      predictedMeanMin: 10,
      alerts: 0,
    })
    const trend: SiteTrend = {
      site: 'hub',
      days: [point('2026-11-29', undefined, 100), point('2026-11-30', undefined, 50)],
      hours: [point('2026-11-29', 9, 10), point('2026-11-30', 8, 5), point('2026-11-30', 9, 7)],
    }
    const o = trendOption(trend, 'zh') as {
      xAxis: { data: string[] }
      series: { name: string; data: unknown[] }[]
    }
    t.same(o.xAxis.data, ['08:00', '09:00'], 'the last day only')
    t.same(
      o.series.map((s) => s.name),
      ['取号', '办结', '实际等候', '预测'],
    )
    t.same(o.series[0]!.data, [5, 7])
    t.same(o.series[2]!.data, [12.3, null])
    const acc: PredictionAccuracy = {
      site: 'hub',
      count: 2,
      meanAbsErrorMin: 2,
      biasMin: 1,
      coverage80: 0.5,
      coverage90: 1,
      points: [
        {
          ticket: 'A001',
          item: 'HJ-001',
          calledAt: '2026-11-30T02:00:00.000Z',
          predictedMin: 10,
          actualMin: 13.26,
        },
        {
          ticket: 'A002',
          item: 'HJ-001',
          calledAt: '2026-11-30T02:05:00.000Z',
          predictedMin: 7,
          actualMin: 6,
          hi80: 21,
        },
      ],
    }
    const a = accuracyOption(acc, 'en') as {
      xAxis: { max: number; name: string }
      series: { data: unknown[] }[]
    }
    t.same(a.series[0]!.data, [
      [10, 13.3, 'A001'],
      [7, 6, 'A002'],
    ])
    t.equal(a.xAxis.max, 25, 'room for the widest interval, in steps of 5')
    t.same(
      a.series[1]!.data,
      [
        [0, 0],
        [25, 25],
      ],
      'the line where told equals true',
    )
    t.match(a.xAxis.name, /Predicted/)
  },
)

t.test('routes in the hash, and where an account starts', async (t) => {
  t.same(parseRoute('#/district'), { view: 'district' })
  t.same(parseRoute('#/alerts'), { view: 'alerts' })
  t.same(parseRoute('#/hall/st-01'), { view: 'hall', site: 'st-01' })
  for (const bad of [
    '',
    '#',
    '#/hall',
    '#/hall/Bad Site',
    '#/hall/%3Cimg%3E',
    '#/elsewhere',
    '#/district/x',
  ])
    t.equal(parseRoute(bad), undefined, bad)
  t.equal(routeHash({ view: 'hall', site: 'hub' }), '#/hall/hub')
  t.same(homeRoute({ role: 'district-admin' }), { view: 'district' })
  t.same(homeRoute({ role: 'hall-manager', site: 'st-01' }), { view: 'hall', site: 'st-01' })
})

t.test('after sign-in the browser goes only to a path on this site', async (t) => {
  t.equal(safeNext('/admin/queues'), '/admin/queues')
  t.equal(safeNext('/admin/queues?x=1#y'), '/admin/queues?x=1#y')
  for (const bad of [
    null,
    undefined,
    '',
    'admin',
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '/a\nb',
    '/a\\b',
    'javascript:alert(1)',
    `/${'a'.repeat(600)}`,
  ])
    t.equal(safeNext(bad as string), undefined, String(bad))
})

t.test('figures are written for people', async (t) => {
  t.equal(minutesText(4.26, 'zh'), '4.3分钟')
  t.equal(minutesText(23.6, 'en'), '24 min')
  t.equal(minutesText(null, 'zh'), '—')
  t.equal(shareText(0.76091), '76.1%')
  t.equal(ratingText(4.5), '4.50 / 5')
  t.equal(clockText('2026-11-30T02:05:09Z', 'Asia/Shanghai'), '10:05')
  t.equal(clockText('2026-11-30T02:05:09Z', 'Asia/Shanghai', true), '10:05:09')
  t.equal(clockText('not a time', 'Asia/Shanghai'), '—')
  const now = Date.parse('2026-11-30T02:00:00Z')
  t.equal(agoText('2026-11-30T01:59:40Z', now, 'zh'), '刚刚')
  t.equal(agoText('2026-11-30T01:55:00Z', now, 'en'), '5 min ago')
  t.equal(agoText('2026-11-29T23:00:00Z', now, 'zh'), '3小时前')
  t.equal(agoText('2026-11-25T02:00:00Z', now, 'en'), '5 d ago')
})
