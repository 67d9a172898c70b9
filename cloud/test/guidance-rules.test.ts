import { createHallModel } from '@qms/edge-agent/queue'
import t from 'tap'
import { createPendingArrivals } from '../src/balance/index.js'
import { type BalanceSnapshot, hallFromSnapshot } from '../src/guidance/balance-snapshot.js'
import { bannerOf, busyCategories } from '../src/guidance/banner.js'
import type { DistrictView } from '../src/guidance/district-view.js'
import { chooseHall, recommendFor } from '../src/guidance/recommend.js'
import { resolveLiveSettings } from '../src/live/settings.js'
import { liveCatalogue, liveHall } from './helpers/live.js'

/* The banner and the advice from balance snapshots, without any network. */

const NOW = Date.UTC(2026, 10, 30, 2, 0, 0) // Monday 10:00 in Shanghai
const catalogue = liveCatalogue()
const busy = createHallModel(
  liveHall('st-a', [{ no: '1' }], {
    location: { lat: 30.75, lng: 120.75 },
    timezone: 'Asia/Shanghai',
  }),
  catalogue,
)
const quiet = createHallModel(
  liveHall('st-b', [{ no: '1' }, { no: '2' }], {
    location: { lat: 30.752, lng: 120.752 },
    timezone: 'Asia/Shanghai',
  }),
  catalogue,
)
const snap = (site: string, minutes: number): BalanceSnapshot => ({
  site,
  at: NOW,
  seq: 1,
  waits: { I10: [minutes, 0], I6: [minutes, 0], H15: [minutes, 0], P12: [minutes, 0] },
  categories: {
    ID: { rate: 0.2, pressure: 0.5, queue: 5, queuePriority: 0 },
    HK: { rate: 0.1, pressure: 0.1, queue: 0, queuePriority: 0 },
    PP: { rate: 0.1, pressure: 0.1, queue: 0, queuePriority: 0 },
  },
})

function view(aMin: number, bMin: number): DistrictView {
  const snapshots = new Map([
    ['st-a', snap('st-a', aMin)],
    ['st-b', snap('st-b', bMin)],
  ])
  return {
    at: NOW,
    snapshots,
    halls: new Map([
      ['st-a', hallFromSnapshot(busy, snapshots.get('st-a'), NOW, 600_000)],
      ['st-b', hallFromSnapshot(quiet, snapshots.get('st-b'), NOW, 600_000)],
    ]),
    pending: createPendingArrivals(),
  }
}

t.test('a busy hall’s banner: 掌办 first, another hall only with diversion on', async (t) => {
  const v = view(60, 2)
  t.same(
    busyCategories(busy, v.snapshots.get('st-a'), 15)
      .map((c) => c.category)
      .sort(),
    ['HK', 'ID', 'PP'],
  )
  const input = {
    model: busy,
    snapshot: v.snapshots.get('st-a'),
    view: v,
    manual: [],
    busyMinutes: 15,
    now: NOW,
  }
  const off = bannerOf({ ...input, diversion: false })
  t.same(
    off.map((g) => g.kind),
    ['online'],
  )
  t.match(off[0], { item: 'P12', url: /P12$/ })
  const on = bannerOf({ ...input, diversion: true })
  const hall = on.find((g) => g.kind === 'hall')
  t.match(hall, { site: 'st-b', category: 'ID' })
  t.notOk(
    on.some((g) => g.kind === 'hall' && g.category === 'HK'),
    'not for an item only its own hall may handle',
  )
  const calm = bannerOf({ ...input, snapshot: snap('st-a', 3), diversion: true })
  t.same(calm, [], 'a hall that is not busy shows no advice')
})

t.test('a manager’s notices come first while they last', async (t) => {
  const v = view(3, 3)
  const banner = bannerOf({
    model: busy,
    snapshot: v.snapshots.get('st-a'),
    view: v,
    diversion: true,
    manual: [
      { text: '今天下午加开窗口', until: new Date(NOW + 60_000).toISOString() },
      { text: '已过期', until: new Date(NOW - 1).toISOString() },
    ],
    busyMinutes: 15,
    now: NOW,
  })
  t.same(
    banner.map((g) => [g.kind, g.text]),
    [['notice', '今天下午加开窗口']],
  )
})

t.test('advice for phones, and the hall chosen for someone who did not choose', async (t) => {
  const v = view(40, 2)
  const item = catalogue.items.find((i) => i.code === 'I10')!
  const { result } = recommendFor(v, item, { site: 'st-a' }, { now: NOW })
  t.match(result, { decision: 'hall', site: 'st-b', siteName: 'st-b服务厅' })
  t.ok(result.savingMin! > 5)
  t.equal(chooseHall(v, item, { anywhere: true }, { now: NOW })?.site, 'st-b')
  const reversed = view(2, 40)
  t.equal(chooseHall(reversed, item, { anywhere: true }, { now: NOW })?.site, 'st-a')
  const stale = {
    ...v,
    halls: new Map([['st-a', hallFromSnapshot(busy, snap('st-a', 1), NOW + 3_600_000, 600_000)]]),
  }
  t.equal(stale.halls.get('st-a')!.waitFor('I10', 'normal'), undefined, 'old figures are unknown')
})

t.test('live settings: defaults, and a wrong one named', async (t) => {
  const s = resolveLiveSettings()
  t.match(s, { refreshDebounceMs: 1000, workers: 1, runs: 200, rate: { takes: 10 } })
  t.throws(() => resolveLiveSettings({ runs: 1 }), { code: 'CONFIG_INVALID', path: '/runs' })
  t.throws(() => resolveLiveSettings({ rate: { reads: 0 } }), {
    code: 'CONFIG_INVALID',
    path: '/rate/reads',
  })
  t.throws(() => resolveLiveSettings({ statusPagePath: 'no-slash' } as never), {
    code: 'CONFIG_INVALID',
  })
})
