import type { Priority } from '@qms/protocol'
import t from 'tap'
import {
  type BalanceHall,
  type BalanceRequest,
  candidates,
  createPendingArrivals,
  guidanceOf,
  markSent,
  recommend,
} from '../src/balance/index.js'
import { item, MINUTE, MONDAY_9AM } from './predict-fixtures.js'

/*
 * The recommendation over hand-made halls: waits, hours and places set by hand, travel by a
 * table, so each rule is seen alone.
 */

interface Spec {
  site: string
  wait: number
  offers?: string[]
  /** Issuing spans in minutes from now. */
  open?: Array<[number, number]>
  rate?: number
  pressure?: number
}

function hallOf(s: Spec): BalanceHall {
  return {
    site: s.site,
    name: `${s.site}服务厅`,
    location: { lat: 30, lng: 120 },
    offers: (code) => (s.offers ?? ['I10', 'P12', 'L5']).includes(code),
    open: (s.open ?? [[-60, 480]]).map(
      ([a, b]) => [MONDAY_9AM + a * MINUTE, MONDAY_9AM + b * MINUTE] as const,
    ),
    waitFor: (_item: string, _p: Priority) => s.wait,
    queueFor: () => Math.round(s.wait / 5),
    serviceRate: () => s.rate ?? 0.5,
    related: () => new Set(['ID']),
    pressure: () => s.pressure ?? 0.5,
  }
}

const I10 = item('I10', 'ID', 10)
const ONLINE = item('P12', 'PP', 12, {
  online: true,
  onlineUrl: 'https://zhangban.example.gov.cn/P12',
})
const LOCAL = item('L5', 'ID', 5, { anywhere: false })

function request(
  specs: Spec[],
  travel: Record<string, number>,
  extra: Partial<BalanceRequest> = {},
): BalanceRequest {
  return {
    now: MONDAY_9AM,
    item: I10,
    from: { site: 'home' },
    halls: new Map(specs.map((s) => [s.site, hallOf(s)])),
    travel: (_from, to) => travel[to.site] ?? Number.POSITIVE_INFINITY,
    ...extra,
  }
}

t.test('stays when no hall is clearly better', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 20 },
        { site: 'x', wait: 8 },
      ],
      { x: 10 },
    ),
  )
  t.equal(r.decision, 'stay', '18 minutes there against 20 here is not clearly less')
  t.equal(r.stayMin, 20)
})

t.test('sends to the hall where wait + trip is clearly less', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'x', wait: 5 },
        { site: 'y', wait: 2 },
      ],
      { x: 10, y: 30 },
    ),
  )
  t.equal(r.decision, 'hall')
  t.equal(r.site, 'x', '15 minutes at x beats 32 at y')
  t.equal(r.savingMin, 25)
  t.equal(r.travelMin, 10)
})

t.test('never sends to a hall that does not offer the item', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'x', wait: 0, offers: ['H15'] },
      ],
      { x: 5 },
    ),
  )
  t.equal(r.decision, 'stay')
  t.equal(r.candidates.length, 0, 'not even considered')
})

t.test('never sends to a hall closed when the person would get there', async (t) => {
  // x stops issuing in 10 minutes; the trip takes 15.
  const r = recommend(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'x', wait: 0, open: [[-60, 10]] },
      ],
      { x: 15 },
    ),
  )
  t.equal(r.decision, 'stay')
  t.equal(r.candidates[0]?.rejected, 'closed')
})

t.test('never sends to a hall that stops issuing before it would call the person', async (t) => {
  // x is open on arrival (in 10 minutes) but closes 25 minutes from now; its wait is 20.
  const r = recommend(
    request(
      [
        { site: 'home', wait: 60 },
        { site: 'x', wait: 20, open: [[-60, 25]] },
      ],
      { x: 10 },
    ),
  )
  t.equal(r.decision, 'stay')
  t.equal(r.candidates[0]?.rejected, 'closes')
})

t.test('a lunch break counts: arriving in the gap is arriving at a closed hall', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 60 },
        {
          site: 'x',
          wait: 0,
          open: [
            [-60, 5],
            [90, 300],
          ],
        },
      ],
      { x: 20 },
    ),
  )
  t.equal(r.candidates[0]?.rejected, 'closed')
})

t.test('never sends farther than the travel limit', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 200 },
        { site: 'x', wait: 0 },
      ],
      { x: 90 },
    ),
    { maxTravelMinutes: 60 },
  )
  t.equal(r.decision, 'stay')
  t.equal(r.candidates[0]?.rejected, 'far')
})

t.test('counts the people already sent: the second hall gets the next ones', async (t) => {
  const specs: Spec[] = [
    { site: 'home', wait: 40 },
    { site: 'x', wait: 5, rate: 0.5 },
    { site: 'y', wait: 10, rate: 0.5 },
  ]
  const pending = createPendingArrivals()
  const travel = { x: 10, y: 10 }
  const first = recommend(request(specs, travel, { pending }))
  t.equal(first.site, 'x')
  // Five people on their way to x: 5 / 0.5 per minute = 10 more minutes there.
  for (let i = 0; i < 5; i++) markSent(request(specs, travel, { pending }), first, 1)
  t.equal(pending.count('x', new Set(['ID']), MONDAY_9AM), 5)
  const next = recommend(request(specs, travel, { pending }))
  t.equal(next.site, 'y', 'x is now 25 minutes away in all, y 20')
  t.equal(
    pending.count('x', 'ID', MONDAY_9AM + 11 * MINUTE),
    0,
    'arrived people are in the queue there, no longer pending',
  )
  pending.prune(MONDAY_9AM + 11 * MINUTE)
  t.equal(pending.state.arrivals.length, 0)
})

t.test('prefers, among halls good for the person, the one under less pressure', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'x', wait: 8, pressure: 0.9 },
        { site: 'y', wait: 10, pressure: 0.1 },
      ],
      { x: 10, y: 10 },
    ),
  )
  t.equal(r.site, 'y', 'joining x would delay many who come after')
  const selfish = recommend(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'x', wait: 8, pressure: 0.9 },
        { site: 'y', wait: 10, pressure: 0.1 },
      ],
      { x: 10, y: 10 },
    ),
    { externality: false },
  )
  t.equal(selfish.site, 'x')
})

t.test('an item that can be done online is sent online', async (t) => {
  const r = recommend(request([{ site: 'home', wait: 30 }], {}, { item: ONLINE }))
  t.equal(r.decision, 'online')
  const g = guidanceOf(r, ONLINE, new Map())
  t.equal(g[0]?.kind, 'online')
  t.equal(g[0]?.url, ONLINE.onlineUrl)
  t.match(g[0]?.text, /掌上办/)
})

t.test('an item bound to its own hall (not 通办) is never sent elsewhere', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'home', wait: 90 },
        { site: 'x', wait: 0 },
      ],
      { x: 5 },
      { item: LOCAL },
    ),
  )
  t.equal(r.decision, 'stay')
})

t.test('from a phone (no hall), the best hall whatever the margin', async (t) => {
  const r = recommend(
    request(
      [
        { site: 'a', wait: 30 },
        { site: 'b', wait: 5 },
      ],
      { a: 5, b: 20 },
      { from: { location: { lat: 30, lng: 120 } } },
    ),
  )
  t.equal(r.decision, 'hall')
  t.equal(r.site, 'b', '25 minutes in all against 35')
  t.equal(r.stayMin, undefined)
})

t.test('the guidance reads in Chinese first, with the figures', async (t) => {
  const specs: Spec[] = [
    { site: 'home', wait: 40 },
    { site: 'x', wait: 5 },
  ]
  const req = request(specs, { x: 10 })
  const r = recommend(req)
  const [g] = guidanceOf(r, I10, req.halls)
  t.equal(g?.kind, 'hall')
  t.equal(g?.site, 'x')
  t.equal(g?.siteName, 'x服务厅')
  t.match(g?.text, /^x服务厅办理更快：预计等候约5分钟，路程约10分钟，可节省约25分钟$/)
  t.match(g?.textEn, /Faster at x/)
  t.same([g?.waitMin, g?.travelMin, g?.savingMin], [5, 10, 25])
})

t.test('candidates are listed best first, rejected last', async (t) => {
  const list = candidates(
    request(
      [
        { site: 'home', wait: 40 },
        { site: 'far', wait: 0 },
        { site: 'x', wait: 9 },
        { site: 'y', wait: 3 },
      ],
      { far: 99, x: 5, y: 5 },
    ),
  )
  t.same(
    list.map((c) => c.site),
    ['y', 'x', 'far'],
  )
})
