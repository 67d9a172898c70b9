import type { Catalogue, Item } from '@qms/protocol'
import type { VisitRecord } from '../results/records.js'
import { type Summary, summarize } from '../results/summary.js'
import type { LoadedScenario } from '../scenario/load.js'
import type { Person } from '../scenario/people.js'
import { peopleOf } from '../scenario/people.js'
import { distanceKm, planHallDay, settingsOf } from '../scenario/plan.js'
import { EventCalendar } from './calendar.js'
import { HallSim } from './hall-sim.js'
import type { DistrictView, ManagerContext, Policy, Predictor } from './hooks.js'

/*
 * The accelerated run: a discrete-event simulation of every hall of the scenario on one virtual
 * clock, no network, each hall's queue decided by the edge's own engine. Days run one after the
 * other; each day ends when the last person has been served or has left.
 */

export interface Progress {
  day: string
  dayIndex: number
  days: number
  /** Virtual time, epoch ms. */
  now: number
  /** Share of the whole run done, 0…1 (by days and, within a day, by people who arrived). */
  fraction: number
  events: number
  people: number
}

export interface AcceleratedOptions {
  scenario: LoadedScenario
  /** Overrides the scenario's seed. */
  seed?: number
  policy?: Policy
  predictors?: readonly Predictor[]
  onProgress?(progress: Progress): void
  /** Report progress every this many events (default 50 000) and at the end of each day. */
  progressEvery?: number
}

export interface RunStats {
  /** Simulation events run. */
  events: number
  /** Engine decisions refused that a correct run never asks for (0 unless something is wrong). */
  anomalies: number
  lastAnomaly?: string
  wallMs: number
}

export interface RunResult {
  mode: 'accelerated' | 'live'
  scenario: string
  seed: number
  policy: string
  predictors: string[]
  days: string[]
  sites: string[]
  records: VisitRecord[]
  summary: Summary
  stats: RunStats
}

export function runAccelerated(options: AcceleratedOptions): RunResult {
  const started = performance.now()
  const { scenario, catalogue, halls } = options.scenario
  const seed = options.seed ?? scenario.seed
  const settings = settingsOf(scenario, catalogue)
  const policy = options.policy ?? { name: 'stay' }
  const predictors = options.predictors ?? []
  const records: VisitRecord[] = []
  const onRecord = (r: VisitRecord) => records.push(r)

  const firstMidnight = Math.min(
    ...halls.map((h) => planHallDay(scenario, catalogue, h, 0).midnight),
  )
  const cal = new EventCalendar(firstMidnight)
  const sims = new Map<string, HallSim>()
  for (const hall of halls)
    sims.set(hall.id, new HallSim({ hall, catalogue, calendar: cal, settings, onRecord }))
  const items = new Map<string, Item>(catalogue.items.map((i) => [i.code, i]))

  const travelMs = (from: string, to: string) => {
    const a = sims.get(from)?.hall.location
    const b = sims.get(to)?.hall.location
    if (a === undefined || b === undefined) return Number.POSITIVE_INFINITY
    return (distanceKm(a, b) / settings.speedKmh) * 3_600_000 + settings.extraMs
  }
  const district: DistrictView = {
    get now() {
      return cal.now
    },
    catalogue: catalogue as Catalogue,
    halls: sims,
    travelMinutes: (from, to) => travelMs(from, to) / 60_000,
  }

  const take = (person: Person, sim: HallSim, record: VisitRecord) => {
    const r = sim.take(person, record)
    if (r === undefined || predictors.length === 0) return
    const predictions: Record<string, number> = {}
    for (const p of predictors) {
      const v = p.predict({
        now: cal.now,
        person,
        hall: sim,
        district,
        ticket: r.ticket,
        ahead: r.ahead,
        told: r.wait,
      })
      if (v === undefined) continue
      predictions[p.name] = typeof v === 'number' ? v : v.minutes
    }
    record.predictions = predictions
  }

  let arrived = 0
  const arrive = (person: Person) => {
    arrived++
    const sim = sims.get(person.home)!
    const record: VisitRecord = {
      person: person.id,
      home: person.home,
      site: person.home,
      day: person.day,
      item: person.item,
      priority: person.priority,
      arrival: cal.now,
      outcome: 'unserved',
      transfers: 0,
    }
    const advice = policy.onArrival?.({
      now: cal.now,
      person,
      item: items.get(person.item)!,
      hall: sim,
      district,
    })
    if (
      advice?.kind === 'online' &&
      items.get(person.item)?.online === true &&
      person.uOnline < settings.follow.online
    ) {
      record.outcome = 'online'
      record.site = ''
      onRecord(record)
      return
    }
    if (
      advice?.kind === 'hall' &&
      advice.site !== person.home &&
      person.uHall < settings.follow.hall
    ) {
      const target = sims.get(advice.site)
      if (target?.offers(person.item) === true) {
        record.redirectedTo = target.site
        cal.after(travelMs(person.home, target.site), () => take(person, target, record))
        return
      }
    }
    take(person, sim, record)
  }

  const every = options.progressEvery ?? 50_000
  const days = scenario.days.map((d) => d.date)
  let sinceReport = 0
  for (let dayIndex = 0; dayIndex < days.length; dayIndex++) {
    let people = 0
    let first = Number.POSITIVE_INFINITY
    let last = Number.NEGATIVE_INFINITY
    for (const hall of halls) {
      const plan = planHallDay(scenario, catalogue, hall, dayIndex)
      sims.get(hall.id)!.planDay(plan.windows, plan.open)
      for (const s of plan.open) {
        first = Math.min(first, s[0])
        last = Math.max(last, s[1])
      }
      for (const person of peopleOf(plan, seed, settings)) {
        people++
        cal.at(person.arrival, () => arrive(person))
      }
    }
    if (policy.onTick !== undefined && Number.isFinite(first)) {
      const step = Math.max(1, policy.tickMinutes ?? 15) * 60_000
      const manager: ManagerContext = {
        get now() {
          return cal.now
        },
        district,
        openWindow: (site, window, until) => sims.get(site)?.staff(window, until ?? last) ?? false,
        closeWindow: (site, window) => sims.get(site)?.unstaff(window) ?? false,
      }
      for (let t = first; t < last; t += step) cal.at(t, () => policy.onTick?.(manager))
    }
    const dayStart = arrived
    const report = () =>
      options.onProgress?.({
        day: days[dayIndex]!,
        dayIndex,
        days: days.length,
        now: cal.now,
        fraction: (dayIndex + (people === 0 ? 1 : (arrived - dayStart) / people)) / days.length,
        events: cal.processed,
        people: arrived,
      })
    cal.run(Number.POSITIVE_INFINITY, () => {
      if (++sinceReport >= every) {
        sinceReport = 0
        report()
      }
    })
    for (const sim of sims.values()) sim.endDay()
    report()
  }

  let anomalies = 0
  let lastAnomaly: string | undefined
  for (const sim of sims.values()) {
    anomalies += sim.anomalies
    lastAnomaly = sim.lastAnomaly ?? lastAnomaly
  }
  const sites = halls.map((h) => h.id)
  return {
    mode: 'accelerated',
    scenario: scenario.name,
    seed,
    policy: policy.name,
    predictors: predictors.map((p) => p.name),
    days,
    sites,
    records,
    summary: summarize(records, sites),
    stats: { events: cal.processed, anomalies, lastAnomaly, wallMs: performance.now() - started },
  }
}
