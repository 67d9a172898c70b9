import type { Priority } from '@qms/protocol'
import t from 'tap'
import {
  type BalanceHall,
  type BalanceRequest,
  createPolicy,
  haversineKm,
  travelMinutes,
} from '../src/balance/index.js'
import { item, MINUTE, MONDAY_9AM } from './predict-fixtures.js'

/* The evaluation's policies: none, nearest, join-shortest-queue, ours. */

function hallOf(site: string, wait: number, queue: number, offers = true): BalanceHall {
  return {
    site,
    name: site,
    location: { lat: 30, lng: 120 },
    offers: () => offers,
    open: [[MONDAY_9AM - 60 * MINUTE, MONDAY_9AM + 480 * MINUTE]],
    waitFor: (_i: string, _p: Priority) => wait,
    queueFor: () => queue,
    serviceRate: () => 1,
    related: () => new Set(['ID']),
  }
}

const I10 = item('I10', 'ID', 10)

function req(halls: BalanceHall[], travel: Record<string, number>, code = I10): BalanceRequest {
  return {
    now: MONDAY_9AM,
    item: code,
    from: { site: 'home' },
    halls: new Map(halls.map((h) => [h.site, h])),
    travel: (_f, to) => travel[to.site] ?? 1e9,
  }
}

const halls = [
  hallOf('home', 30, 12),
  hallOf('near', 40, 15),
  hallOf('short', 8, 2),
  hallOf('closed', 0, 0, false),
]
const travel = { near: 5, short: 15, closed: 1 }

t.test('none advises nobody', async (t) => {
  t.equal(createPolicy('none')(req(halls, travel)).decision, 'stay')
})

t.test(
  'nearest sends to the nearest hall offering the item once the wait here is long',
  async (t) => {
    const p = createPolicy('nearest', { nearestFromMinutes: 20 })
    const r = p(req(halls, travel))
    t.equal(r.decision, 'hall')
    t.equal(r.site, 'near', 'even though it is busier: nearest looks only at distance')
    const calm = p(req([hallOf('home', 10, 3), ...halls.slice(1)], travel))
    t.equal(calm.decision, 'stay', 'a wait under the threshold stays')
  },
)

t.test('jsq sends to the shortest queue, travel aside', async (t) => {
  const r = createPolicy('jsq')(req(halls, travel))
  t.equal(r.site, 'short')
  const shortest = createPolicy('jsq')(req([hallOf('home', 1, 0), ...halls.slice(1)], travel))
  t.equal(shortest.decision, 'stay', 'nobody has a shorter queue than an empty one')
})

t.test('ours sends where wait + trip is clearly less', async (t) => {
  const r = createPolicy('ours')(req(halls, travel))
  t.equal(r.site, 'short', '23 minutes in all against 30 here')
})

t.test('every policy but none suggests 掌办 for an item that can be done online', async (t) => {
  const online = item('P12', 'PP', 12, {
    online: true,
    onlineUrl: 'https://zhangban.example.gov.cn/P12',
  })
  for (const name of ['nearest', 'jsq', 'ours'] as const)
    t.equal(createPolicy(name)(req(halls, travel, online)).decision, 'online', name)
  t.equal(createPolicy('none')(req(halls, travel, online)).decision, 'stay')
})

t.test('travel: haversine times a detour at a speed, plus the overhead', async (t) => {
  const a = { lat: 30, lng: 120 }
  const b = { lat: 30.09, lng: 120 } // 10.0 km north
  t.ok(Math.abs(haversineKm(a, b) - 10.007) < 0.01)
  t.ok(
    Math.abs(
      travelMinutes(a, b, { detour: 1.5, speedKmh: 30, overheadMinutes: 4 }) -
        (10.007 * 1.5 * 2 + 4),
    ) < 0.05,
  )
  t.equal(travelMinutes(a, a), 5, 'the default overhead alone')
})
