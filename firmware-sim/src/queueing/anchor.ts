import { createHallModel, type HallModel } from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { EventCalendar } from '../accelerated/calendar.js'
import { HallSim } from '../accelerated/hall-sim.js'
import type { VisitRecord } from '../results/records.js'
import type { Person } from '../scenario/people.js'
import type { Settings } from '../scenario/plan.js'
import { stream } from '../scenario/random.js'
import { type MMc, meanWait, stationaryNumberAt } from './erlang-c.js'

/*
 * The M/M/c correctness anchors, run through the accelerated simulation and so through the
 * edge's queue engine: one item, c windows that all serve it, Poisson arrivals, exponential
 * service, everybody patient and present.
 *
 * Why replications from the stationary distribution. One long run of ~50 000 customers estimates
 * the mean wait of these heavily loaded queues poorly: at ρ = 0.95–0.98 the queue length is
 * correlated over hundreds of service times, so the estimate's spread between seeds is 10–35%
 * (measured: M/M/100 at ρ = 0.98 ranged 0.43–2.1× the true value over 40 seeds), and an
 * empty-start run is biased low. So each replication starts at an arrival instant with the
 * number in system drawn from the exact M/M/c stationary law, which by PASTA is what an arrival
 * sees (Kleinrock §3.5; Wolff 1982): those people are at the windows or waiting (their remaining
 * service is exponential again, by memorylessness), then `perReplication` measured customers
 * arrive as a Poisson stream. Every measured customer then sees the stationary queue, the
 * estimate is unbiased, and many short independent replications shrink the spread to about 1–2.5%
 * at 50 000 measured customers (sd of the estimates over seeds, README).
 */

export interface AnchorOptions extends MMc {
  /** Measured customers in all (default 50 000). */
  customers?: number
  /**
   * Measured customers per replication. Default: a sixth of the mean number in system, from one
   * to ten: fewer per replication means less correlated measurements but more people to run at
   * each start (measured for ±5% at 50 000 customers: see README).
   */
  perReplication?: number
  seed?: number
}

export interface AnchorResult {
  /** Waits of the measured customers, in the time unit of the model. */
  waits: number[]
  replications: number
  /** Customers run through the engine in all (the stationary starts included). */
  people: number
  /** Engine decisions refused (0 unless something is wrong). */
  anomalies: number
  perReplication: number
}

/** A hall of c windows all serving one item, whose mean handling time is `meanMinutes`. */
export function oneItemHall(
  c: number,
  meanMinutes: number,
): { hall: HallConfig; catalogue: Catalogue } {
  const catalogue: Catalogue = {
    version: 'anchor',
    branches: [{ code: 'T', name: '测试', nameEn: 'Test' }],
    categories: [{ code: 'T-1', name: '测试', nameEn: 'Test', branch: 'T', prefix: 'A' }],
    items: [
      {
        code: 'T-001',
        name: '测试事项',
        category: 'T-1',
        keywords: [],
        pinyin: 'cssx',
        meanMinutes: Math.min(240, meanMinutes),
        cv: 1,
        online: false,
        materials: [],
        anywhere: true,
      },
    ],
  }
  const hall: HallConfig = {
    id: 'anchor',
    name: '锚点测试厅',
    kind: 'station',
    location: { lat: 30, lng: 120 },
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }],
    windows: Array.from({ length: c }, (_, i) => ({
      no: String(i + 1),
      name: `${i + 1}号窗口`,
      categories: ['T-1'],
    })),
    devices: [],
  }
  return { hall, catalogue }
}

function person(index: number, uService: number): Person {
  return {
    id: `anchor/${index}`,
    home: 'anchor',
    day: '',
    index,
    arrival: 0,
    item: 'T-001',
    priority: 'normal',
    uService,
    uService2: 0.5,
    patienceMs: Number.POSITIVE_INFINITY,
    noShow: false,
    uHall: 1,
    uOnline: 1,
    uTransfer: 1,
    uTransferItem: 0,
    walkMs: 0,
    rating: 5,
  }
}

/** Runs the anchor: the measured customers' waits, in the model's time unit. */
export function runMMcAnchor(options: AnchorOptions): AnchorResult {
  // One model time unit is one minute of virtual time.
  const unit = 60_000
  const { hall, catalogue } = oneItemHall(options.c, options.meanService)
  const model: HallModel = createHallModel(hall, catalogue)
  const meanMs = options.meanService * unit
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
  const total = options.customers ?? 50_000
  const inSystem = options.lambda * options.meanService + options.lambda * meanWait(options)
  const m = Math.max(1, options.perReplication ?? Math.min(10, Math.round(inSystem / 6)))
  const seed = options.seed ?? 1
  const waits: number[] = []
  let people = 0
  let anomalies = 0
  let replications = 0
  // A Monday 00:00 in the hall's zone; each replication is a fresh day's queue.
  const t0 = Date.UTC(2026, 2, 1, 16, 0, 0)
  for (let done = 0; done < total; done += m) {
    const r = stream(seed, 'anchor', replications++)
    const n = stationaryNumberAt(options, r.next())
    const cal = new EventCalendar(t0)
    const measured: VisitRecord[] = []
    const sim = new HallSim({
      hall,
      catalogue,
      calendar: cal,
      settings,
      model,
      enforceHours: false,
      localEstimate: false,
      onRecord: () => undefined,
    })
    const forever = t0 + 30 * 86_400_000
    sim.planDay(
      hall.windows.map((w) => ({ no: w.no, shifts: [[t0, forever] as const], speed: 1 })),
      [[t0, forever]],
    )
    const visit = (i: number): VisitRecord => ({
      person: `anchor/${i}`,
      home: 'anchor',
      site: 'anchor',
      day: '',
      item: 'T-001',
      priority: 'normal',
      arrival: cal.now,
      outcome: 'unserved',
      transfers: 0,
    })
    cal.at(t0, () => {
      // Those already there when the first measured customer walks in.
      for (let i = 0; i < n; i++) sim.take(person(i, r.open()), visit(i))
    })
    let t = t0
    const count = Math.min(m, total - done)
    for (let k = 0; k < count; k++) {
      if (k > 0) t += r.exponential(unit / options.lambda)
      const p = person(n + k, r.open())
      cal.at(t, () => {
        const rec = visit(n + k)
        measured.push(rec)
        sim.take(p, rec)
      })
    }
    // Run until every measured customer has been called; the rest does not matter.
    const last = () => measured.length === count && measured.every((x) => x.calledAt !== undefined)
    while (!last()) {
      const before = cal.processed
      cal.run(cal.now + unit)
      if (cal.processed === before && cal.size === 0) break
    }
    for (const rec of measured) waits.push((rec.waitMin ?? Number.NaN) * (60_000 / unit))
    people += n + count
    anomalies += sim.anomalies
  }
  return { waits, replications, people, anomalies, perReplication: m }
}
