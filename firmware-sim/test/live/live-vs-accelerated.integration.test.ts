import type { Catalogue, HallConfig, Scenario } from '@qms/protocol'
import t from 'tap'
import { runAccelerated } from '../../src/accelerated/run.js'
import { demoToken, resolveTokens, tokenHash } from '../../src/devices/tokens.js'
import { runLive } from '../../src/live/run.js'
import { resolveScenario } from '../../src/scenario/load.js'
import { startEdge } from './edge.js'

/*
 * The same small scenario run twice: accelerated (the engine in-process, a virtual clock) and
 * live (simulated devices over MQTT against a real qms-edge process, 150× real time). Same seed,
 * same people; the waits must agree statistically.
 */

t.setTimeout(10 * 60_000)

const catalogue: Catalogue = {
  version: 'live-test',
  branches: [{ code: 'HJ', name: '户政', nameEn: 'Household registration' }],
  categories: [{ code: 'HJ-SFZ', name: '身份证', nameEn: 'ID card', branch: 'HJ', prefix: 'A' }],
  items: [
    {
      code: 'HJ-002',
      name: '居民身份证换领',
      category: 'HJ-SFZ',
      keywords: [],
      pinyin: 'jmsfzhl',
      meanMinutes: 3,
      cv: 1,
      online: false,
      materials: [],
      anywhere: true,
    },
  ],
}

const site = 'live'
const devices = ['k1', 'c1', 'c2', 'c3']
const hall: HallConfig = {
  id: site,
  name: '实时测试厅',
  kind: 'station',
  location: { lat: 30.7, lng: 120.7 },
  hours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '08:00', close: '10:00' }],
  windows: ['1', '2', '3'].map((no) => ({ no, name: `${no}号窗口`, categories: ['HJ-SFZ'] })),
  devices: devices.map((id) => ({
    id,
    kind: id === 'k1' ? ('dispenser' as const) : ('caller' as const),
    tokenHash: tokenHash(demoToken(site, id)),
    ...(id === 'k1' ? {} : { window: id.slice(1) }),
  })),
}

const scenario: Scenario = {
  name: 'live-vs-accelerated',
  seed: 4242,
  catalogue: 'catalogue.json',
  halls: [hall],
  days: [{ date: '2026-03-04' }],
  arrivals: {
    halls: { [site]: 110 },
    profile: { '08:00': 1, '08:30': 1, '09:00': 1, '09:30': 1 },
  },
  service: { distribution: 'exponential', walkSeconds: 10 },
}

/** Two-sample Kolmogorov–Smirnov statistic. */
function ks(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q)
  const y = [...b].sort((p, q) => p - q)
  let i = 0
  let j = 0
  let d = 0
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!)
    while (i < x.length && x[i]! <= v) i++
    while (j < y.length && y[j]! <= v) j++
    d = Math.max(d, Math.abs(i / x.length - j / y.length))
  }
  return d
}

t.test('live against a real edge and accelerated agree on the same scenario', async (t) => {
  const edge = await startEdge(t, hall, catalogue)
  const loaded = resolveScenario(
    { ...scenario, halls: [{ ...hall, catalogue: undefined }] },
    { baseDir: edge.dir },
  )
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
  const { tokens, issues } = resolveTokens(hall, { kind: 'demo' })
  t.same(issues, [])

  const acc = runAccelerated({ scenario: loaded.value })
  const live = await runLive({
    scenario: loaded.value,
    speed: 150,
    brokerOf: () => edge.url,
    tokensOf: () => tokens,
  })
  t.equal(acc.stats.anomalies, 0, 'accelerated: the engine refused nothing')
  t.equal(
    live.stats.anomalies,
    0,
    `live: the edge refused nothing (${live.stats.lastAnomaly ?? ''})`,
  )

  const a = acc.summary.total
  const l = live.summary.total
  t.ok(a.arrivals > 60, `a real sample: ${a.arrivals} people`)
  t.equal(l.arrivals, a.arrivals, 'the same people arrived')
  t.same(
    live.records.map((r) => `${r.person} ${r.item} ${r.priority}`).sort(),
    acc.records.map((r) => `${r.person} ${r.item} ${r.priority}`).sort(),
    'with the same attributes',
  )
  t.equal(l.served, a.served, 'and all were served')
  t.equal(l.tickets, a.tickets)

  // Compared at the live run's resolution: a round trip of a few real ms is seconds of scenario
  // time at 150×, so "no wait" is 0 in one run and a few seconds in the other.
  const grain = (w: number) => Math.round(w / 0.25) * 0.25
  const aw = acc.records.filter((r) => r.waitMin !== undefined).map((r) => grain(r.waitMin!))
  const lw = live.records.filter((r) => r.waitMin !== undefined).map((r) => grain(r.waitMin!))
  const d = ks(aw, lw)
  // Critical value of the two-sample KS test at α = 0.01: 1.63·√((n+m)/(nm)).
  const critical = 1.63 * Math.sqrt((aw.length + lw.length) / (aw.length * lw.length))
  t.ok(d < critical, `wait distributions agree: KS D = ${d.toFixed(3)} < ${critical.toFixed(3)}`)
  const close = (x: number, y: number, rel: number, abs: number) =>
    Math.abs(x - y) <= Math.max(abs, rel * y)
  t.ok(
    close(l.wait.mean, a.wait.mean, 0.15, 0.5),
    `mean wait ${l.wait.mean.toFixed(2)} vs ${a.wait.mean.toFixed(2)} min`,
  )
  t.ok(
    close(l.wait.p90, a.wait.p90, 0.2, 1),
    `p90 wait ${l.wait.p90.toFixed(2)} vs ${a.wait.p90.toFixed(2)} min`,
  )
  t.comment(
    `accelerated ${a.wait.mean.toFixed(2)} / ${a.wait.p90.toFixed(2)} min; live ${l.wait.mean.toFixed(2)} / ${l.wait.p90.toFixed(2)} min`,
  )
})
