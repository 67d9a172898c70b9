import t from 'tap'
import { EventCalendar } from '../../src/accelerated/calendar.js'
import { HallSim } from '../../src/accelerated/hall-sim.js'
import { oneItemHall } from '../../src/queueing/anchor.js'
import type { VisitRecord } from '../../src/results/records.js'
import { durationAt } from '../../src/scenario/distributions.js'
import type { Person } from '../../src/scenario/people.js'
import type { Settings } from '../../src/scenario/plan.js'
import { Rng } from '../../src/scenario/random.js'

/*
 * With one item and everyone equal, the engine must serve in order of arrival. With each
 * person's handling time fixed, a FIFO queue's waits do not depend on which free window takes
 * whom, so the engine-driven simulation must reproduce the Kiefer–Wolfowitz recursion exactly.
 */

t.test('the engine-driven hall is exactly FIFO: waits equal the reference recursion', async (t) => {
  const c = 4
  const meanMs = 60_000
  const { hall, catalogue } = oneItemHall(c, 1)
  const settings: Settings = {
    shape: 'exponential',
    walkMs: 0,
    noShow: 0,
    noShowGraceMs: 0,
    patience: undefined,
    follow: { hall: 0, online: 0 },
    speedKmh: 1,
    extraMs: 0,
    priorities: [],
    transfer: undefined,
    serviceOf: () => ({ meanMs, cv: 1 }),
  }
  // 00:30 in the hall's zone: the whole run stays within one local day.
  const t0 = Date.UTC(2026, 2, 1, 16, 30)
  const cal = new EventCalendar(t0)
  const sim = new HallSim({
    hall,
    catalogue,
    calendar: cal,
    settings,
    enforceHours: false,
    onRecord: () => undefined,
  })
  sim.planDay(
    [
      ...hall.windows.map((w) => ({
        no: w.no,
        shifts: [[t0, t0 + 86_400_000] as const],
        speed: 1,
      })),
    ],
    [[t0, t0 + 86_400_000]],
  )
  const rng = new Rng(99)
  const n = 3000
  const arrivals: number[] = []
  const services: number[] = []
  const records: VisitRecord[] = []
  let at = t0
  for (let i = 0; i < n; i++) {
    at += rng.exponential(meanMs / (c * 0.93))
    const u = rng.open()
    arrivals.push(at)
    services.push(durationAt(u, 'exponential', meanMs, 1))
    const person = {
      id: `p${i}`,
      priority: 'normal',
      uService: u,
      walkMs: 0,
      noShow: false,
      patienceMs: Number.POSITIVE_INFINITY,
    } as Person
    const rec: VisitRecord = {
      person: `p${i}`,
      home: 'anchor',
      site: 'anchor',
      day: '',
      item: 'T-001',
      priority: 'normal',
      arrival: at,
      outcome: 'unserved',
      transfers: 0,
    }
    records.push(rec)
    cal.at(at, () => sim.take(person, rec))
  }
  cal.run(t0 + 20 * 3_600_000)
  t.equal(sim.anomalies, 0)

  // Reference: each arrival starts on the earliest free window.
  const free = new Array<number>(c).fill(t0)
  const reference = arrivals.map((a, i) => {
    let k = 0
    for (let j = 1; j < c; j++) if (free[j]! < free[k]!) k = j
    const start = Math.max(a, free[k]!)
    free[k] = start + services[i]!
    return (start - a) / 60_000
  })
  const waits = records.map((r) => r.waitMin ?? Number.NaN)
  const worst = Math.max(...waits.map((w, i) => Math.abs(w - reference[i]!)))
  t.ok(worst < 1e-6, `largest difference ${worst} min`)
  t.ok(reference.filter((w) => w > 0).length > n / 3, 'a queue that really queued')
  t.same(
    records.map((r) => r.ticket),
    [...records.map((r) => r.ticket)].sort((a, b) => Number(a!.slice(1)) - Number(b!.slice(1))),
    'called in the order of their numbers',
  )
})
