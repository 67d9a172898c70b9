import type { PublicHall, VirtualTicketStatus } from '@qms/protocol'
import t from 'tap'
import { createTakeIntent, pollPlan } from '../src/console/phone/follow.js'
import { distanceKm, distanceText, hallChoices } from '../src/console/phone/halls.js'
import { NEAR_AHEAD, ticketView } from '../src/console/phone/ticket.js'

/* What the phone page shows and when it asks again, computed without a browser. */

const hall = (id: string, over: Partial<PublicHall> = {}): PublicHall => ({
  id,
  name: `${id}厅`,
  kind: 'station',
  location: { lat: 30.75, lng: 120.75 },
  open: true,
  waiting: 0,
  windowsOpen: 2,
  items: [],
  ...over,
})
const wait = (item: string, minutes: number) => ({ item, wait: { minutes } })

t.test('great-circle distances and their wording', async (t) => {
  t.ok(
    Math.abs(distanceKm({ lat: 30, lng: 120 }, { lat: 31, lng: 120 }) - 111.2) < 0.1,
    '1° of latitude',
  )
  t.equal(distanceKm({ lat: 30.7, lng: 120.7 }, { lat: 30.7, lng: 120.7 }), 0)
  t.same(distanceText(0.83), { zh: '850米', en: '850 m' })
  t.same(distanceText(0.01), { zh: '50米', en: '50 m' })
  t.same(distanceText(3.26), { zh: '3.3公里', en: '3.3 km' })
  t.same(distanceText(17.6), { zh: '18公里', en: '18 km' })
  t.equal(distanceText(undefined), undefined)
})

t.test('halls that offer the item, open first, the soonest served first', async (t) => {
  const halls = [
    hall('far-short', { location: { lat: 30.9, lng: 120.75 }, items: [wait('HJ-001', 5)] }),
    hall('near-long', { location: { lat: 30.751, lng: 120.75 }, items: [wait('HJ-001', 30)] }),
    hall('closed', { open: false, items: [wait('HJ-001', 0)] }),
    hall('no-item', { items: [wait('CRJ-001', 1)] }),
  ]
  const byWait = hallChoices(halls, { item: 'HJ-001' })
  t.same(
    byWait.map((c) => c.id),
    ['far-short', 'near-long', 'closed'],
    'without a location: by wait',
  )
  const here = { lat: 30.75, lng: 120.75 }
  const byTrip = hallChoices(halls, { item: 'HJ-001', here })
  // far-short is 16.7 km away: 40 min at 25 km/h plus 5 min of waiting, against 30 min.
  t.same(
    byTrip.map((c) => c.id),
    ['near-long', 'far-short', 'closed'],
  )
  t.ok(Math.abs(byTrip[1]!.distanceKm! - 16.68) < 0.05)
  t.equal(byTrip[0]!.wait?.minutes, 30)
  const anyItem = hallChoices([hall('a', { items: [wait('X', 9), wait('Y', 3)] })])
  t.equal(anyItem[0]!.wait?.minutes, 3, 'without an item: the hall’s shortest wait')
})

const status = (over: Partial<VirtualTicketStatus>): VirtualTicketStatus => ({
  site: 'hub',
  siteName: '行政服务中心',
  ticket: 'A023',
  item: 'HJ-001',
  category: 'HJ-SFZ',
  priority: 'normal',
  state: 'waiting',
  ahead: 8,
  near: false,
  updatedAt: '2026-11-30T02:00:00.000Z',
  source: 'cloud',
  ...over,
})

t.test('a waiting ticket shows the people ahead and the wait with its range', async (t) => {
  const v = ticketView(status({ wait: { minutes: 23, lo80: 12, hi80: 35 } }))
  t.equal(v.phase, 'waiting')
  t.equal(v.aheadZh, '前面还有 8 人')
  t.equal(v.aheadEn, '8 people ahead')
  t.equal(v.wait?.zh, '约25分钟')
  t.equal(v.wait?.rangeZh, '12–35分钟')
  t.equal(v.hall, '行政服务中心')
  t.ok(v.live)
})

t.test('three or fewer ahead: your turn is near', async (t) => {
  t.equal(NEAR_AHEAD, 3)
  t.equal(ticketView(status({ ahead: 4 })).phase, 'waiting')
  for (const ahead of [3, 1, 0]) {
    const v = ticketView(status({ ahead }))
    t.equal(v.phase, 'near', `${ahead} ahead`)
    t.match(v.headlineZh, /快到您了/)
    t.match(v.headlineEn, /your turn is near/i)
  }
  t.equal(ticketView(status({ ahead: 1 })).aheadEn, '1 person ahead')
})

t.test('called, served, and over', async (t) => {
  const called = ticketView(status({ state: 'called', window: '5', ahead: 0 }))
  t.equal(called.phase, 'called')
  t.equal(called.headlineZh, '请到5号窗口办理')
  t.equal(called.headlineEn, 'Please go to window 5')
  t.ok(called.live)
  t.equal(ticketView(status({ state: 'serving', window: '5' })).headlineZh, '正在5号窗口办理')
  for (const [state, zh] of [
    ['done', /已办结/],
    ['noshow', /过号/],
    ['cancelled', /已取消/],
  ] as const) {
    const v = ticketView(status({ state }))
    t.equal(v.phase, 'ended')
    t.match(v.headlineZh, zh)
    t.notOk(v.live, `${state}: no more updates`)
  }
  const moved = ticketView(status({ state: 'transferred', toSite: 'st-01', toTicket: 'A101' }))
  t.equal(moved.phase, 'moved')
  t.equal(moved.headlineZh, '已转为 st-01 A101 号')
})

t.test('polling asks sooner when the turn is near and backs off after failures', async (t) => {
  t.equal(pollPlan('waiting').okMs, 5000)
  t.equal(pollPlan('near').okMs, 2000)
  t.equal(pollPlan('called').okMs, 2000)
  const plan = pollPlan('waiting', () => 0.999999)
  t.equal(Math.round(plan.afterFailureMs(1)), 2000, 'no jitter drawn: the full delay')
  t.equal(Math.round(plan.afterFailureMs(3)), 8000)
  t.equal(Math.round(plan.afterFailureMs(20)), 60_000, 'capped at a minute')
  const jittered = pollPlan('waiting', () => 0).afterFailureMs(1)
  t.ok(jittered >= 1400 && jittered < 2000, 'up to 30% shorter at random')
})

t.test('one take intent is one request id', async (t) => {
  let n = 0
  const intent = createTakeIntent(() => `m-${++n}`)
  const a = intent.reqIdFor({ item: 'HJ-001', site: 'hub' })
  t.equal(intent.reqIdFor({ item: 'HJ-001', site: 'hub' }), a, 'a double tap or a retry')
  const b = intent.reqIdFor({ item: 'HJ-001' })
  t.not(b, a, 'the system choosing is another intent')
  intent.done()
  t.not(intent.reqIdFor({ item: 'HJ-001' }), b, 'after the ticket, a new intent')
})
