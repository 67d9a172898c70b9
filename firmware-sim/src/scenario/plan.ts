import { startOfLocalDay } from '@qms/edge-agent/queue'
import {
  type Catalogue,
  type HallConfig,
  isoWeekday,
  offeredItems,
  type Priority,
  SCENARIO_DEFAULTS,
  type Scenario,
  TWO_PEAK_PROFILE,
} from '@qms/protocol'
import type { DurationShape } from './distributions.js'

/*
 * A scenario turned into what a run needs, per hall and day: when the hall issues numbers, the
 * arrival rate at each instant (half-hour profile × volume × surges) and the item mix, who staffs
 * which window when (shifts, absences, lunch in turns) and how fast.
 */

const MINUTE = 60_000
const HALF_HOUR = 30 * MINUTE

export type Span = readonly [start: number, end: number]

export interface WindowPlan {
  no: string
  /** When someone staffs the window, epoch ms, sorted and disjoint. */
  shifts: Span[]
  /** 1.25 serves in 80% of the time. */
  speed: number
}

/** A stretch of the day with a constant arrival rate and item mix. */
export interface Segment {
  start: number
  end: number
  /** Arrivals per ms. */
  rate: number
  items: readonly string[]
  /** Cumulative item weights, last = 1. */
  cumulative: readonly number[]
}

export interface HallDayPlan {
  site: string
  hall: HallConfig
  day: string
  dayIndex: number
  /** Midnight of the day, hall-local, epoch ms. */
  midnight: number
  /** When the hall issues numbers. */
  open: Span[]
  segments: Segment[]
  /** Arrivals expected today. */
  expected: number
  windows: WindowPlan[]
}

/** The scenario's knobs with their defaults filled in. */
export interface Settings {
  shape: DurationShape
  walkMs: number
  noShow: number
  noShowGraceMs: number
  patience: { shape: DurationShape; meanMs: number; cv: number } | undefined
  follow: { hall: number; online: number }
  speedKmh: number
  extraMs: number
  /** Cumulative priority shares. */
  priorities: Array<[Priority, number]>
  transfer: { probability: number; items?: readonly string[] } | undefined
  /** Mean and cv of an item's handling time. */
  serviceOf(item: string): { meanMs: number; cv: number }
}

export function settingsOf(scenario: Scenario, catalogue: Catalogue): Settings {
  const items = new Map(catalogue.items.map((i) => [i.code, i]))
  const sv = scenario.service
  const defaultCv = sv?.defaultCv ?? SCENARIO_DEFAULTS.defaultCv
  const pr = scenario.priorities ?? {}
  const priorities: Array<[Priority, number]> = []
  let acc = 0
  for (const p of ['elderly', 'disabled', 'appointment', 'enterprise'] as const) {
    const share = pr[p] ?? 0
    if (share <= 0) continue
    acc += share
    priorities.push([p, acc])
  }
  const pa = scenario.patience
  const cache = new Map<string, { meanMs: number; cv: number }>()
  return {
    shape: sv?.distribution ?? 'lognormal',
    walkMs: (sv?.walkSeconds ?? SCENARIO_DEFAULTS.walkSeconds) * 1000,
    noShow: scenario.noShow?.probability ?? 0,
    noShowGraceMs: (scenario.noShow?.graceSeconds ?? SCENARIO_DEFAULTS.noShowGraceSeconds) * 1000,
    patience:
      pa === undefined || pa.distribution === 'none'
        ? undefined
        : {
            shape: pa.distribution,
            meanMs: (pa.meanMinutes ?? 0) * MINUTE,
            cv: pa.cv ?? SCENARIO_DEFAULTS.patienceCv,
          },
    follow: { hall: scenario.guidance?.hall ?? 0, online: scenario.guidance?.online ?? 0 },
    speedKmh: scenario.guidance?.speedKmh ?? SCENARIO_DEFAULTS.speedKmh,
    extraMs: (scenario.guidance?.extraMinutes ?? SCENARIO_DEFAULTS.extraMinutes) * MINUTE,
    priorities,
    transfer: scenario.transfers,
    serviceOf(code) {
      let s = cache.get(code)
      if (s === undefined) {
        const o = sv?.items?.[code]
        const item = items.get(code)
        s = {
          meanMs: (o?.meanMinutes ?? item?.meanMinutes ?? 10) * MINUTE,
          cv: o?.cv ?? item?.cv ?? defaultCv,
        }
        cache.set(code, s)
      }
      return s
    },
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

function subtract(spans: Span[], cut: Span): Span[] {
  const out: Span[] = []
  for (const [a, b] of spans) {
    if (cut[1] <= a || cut[0] >= b) out.push([a, b])
    else {
      if (cut[0] > a) out.push([a, cut[0]])
      if (cut[1] < b) out.push([cut[1], b])
    }
  }
  return out
}

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export { distanceKm }

/** The plan of one hall on one day of the scenario. */
export function planHallDay(
  scenario: Scenario,
  catalogue: Catalogue,
  hall: HallConfig,
  dayIndex: number,
): HallDayPlan {
  const dayCfg = scenario.days[dayIndex]!
  const day = dayCfg.date
  const tz = hall.timezone ?? 'Asia/Shanghai'
  const midnight = startOfLocalDay(tz, day)
  const at = (hhmm: string) => midnight + minutesOf(hhmm) * MINUTE
  const wd = isoWeekday(day)
  const open: Span[] = hall.hours
    .filter((h) => h.days.includes(wd))
    .map((h) => [at(h.open), at(h.close)] as Span)
    .sort((x, y) => x[0] - y[0])

  // Item mix: the hall's offer, weighted by demand (scenario, else catalogue, else 1).
  const demand = scenario.arrivals?.demand ?? {}
  const offer = offeredItems(hall, catalogue)
    .map((i) => ({ code: i.code, w: demand[i.code] ?? i.demand ?? 1 }))
    .filter((i) => i.w > 0)
  const totalW = offer.reduce((s, i) => s + i.w, 0)

  const openHours = open.reduce((s, [a, b]) => s + (b - a), 0) / 3_600_000
  const visits =
    (scenario.arrivals?.halls?.[hall.id] ??
      (scenario.arrivals?.perWindowHour ?? SCENARIO_DEFAULTS.perWindowHour) *
        hall.windows.length *
        openHours) * (dayCfg.volume ?? SCENARIO_DEFAULTS.volume)
  const profile = scenario.arrivals?.profile ?? TWO_PEAK_PROFILE
  const weightAt = (t: number) => {
    const m = Math.floor((t - midnight) / HALF_HOUR) * 30
    const key = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
    return profile[key] ?? 0
  }
  const surges = (scenario.arrivals?.surges ?? []).filter(
    (s) =>
      (s.dates === undefined || s.dates.includes(day)) &&
      (s.halls === undefined || s.halls.includes(hall.id)) &&
      (s.near === undefined || distanceKm(s.near, hall.location) <= s.near.radiusKm),
  )

  // Cut the open hours at every half-hour and surge boundary: constant rate in between.
  const cuts = new Set<number>()
  for (const [a, b] of open) {
    cuts.add(a)
    cuts.add(b)
    for (
      let t = Math.ceil((a - midnight) / HALF_HOUR) * HALF_HOUR + midnight;
      t < b;
      t += HALF_HOUR
    )
      cuts.add(t)
  }
  for (const s of surges) {
    cuts.add(at(s.from))
    cuts.add(at(s.to))
  }
  const points = [...cuts].sort((x, y) => x - y)
  const raw: Array<{
    start: number
    end: number
    w: number
    items: string[]
    cum: number[]
    mult: number
  }> = []
  let totalWeight = 0
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k]!
    const end = points[k + 1]!
    if (!open.some(([a, b]) => start >= a && end <= b)) continue
    const w = weightAt(start)
    totalWeight += w * (end - start)
    const active = surges.filter((s) => at(s.from) <= start && end <= at(s.to))
    let mass = 0
    const items: string[] = []
    const cum: number[] = []
    for (const i of offer) {
      let f = 1
      for (const s of active) if (s.items === undefined || s.items.includes(i.code)) f *= s.factor
      mass += (i.w / totalW) * f
      items.push(i.code)
      cum.push(mass)
    }
    raw.push({ start, end, w, items, cum: cum.map((c) => (mass > 0 ? c / mass : 0)), mult: mass })
  }
  // A profile that is zero all the time the hall is open spreads the day evenly instead.
  const flat = totalWeight === 0
  const openMs = raw.reduce((s, r) => s + (r.end - r.start), 0)
  const segments: Segment[] = raw.map((r) => ({
    start: r.start,
    end: r.end,
    rate:
      offer.length === 0 || openMs === 0
        ? 0
        : visits * (flat ? 1 / openMs : r.w / totalWeight) * r.mult,
    items: r.items,
    cumulative: r.cum,
  }))
  const expected = segments.reduce((s, g) => s + g.rate * (g.end - g.start), 0)

  // Staffing: the opening hours by default, less absences, own shifts, lunch in turns.
  const hs = scenario.staffing?.halls?.[hall.id]
  const lunch = scenario.staffing?.lunch
  const absent = new Set(hs?.absent ?? [])
  let staffed = 0
  // Lunch in turns needs someone to turn with: a lone window keeps the hall's own hours.
  const rotate = lunch !== undefined && hall.windows.filter((w) => !absent.has(w.no)).length > 1
  const windows: WindowPlan[] = hall.windows.map((w) => {
    if (absent.has(w.no)) return { no: w.no, shifts: [], speed: 1 }
    let shifts: Span[] =
      hs?.shifts?.[w.no]?.map((s) => [at(s.from), at(s.to)] as Span).sort((x, y) => x[0] - y[0]) ??
      open.map((s) => [s[0], s[1]] as Span)
    if (lunch !== undefined && rotate) {
      const from = at(lunch.from)
      const slot = (at(lunch.to) - from) / lunch.groups
      const k = staffed % lunch.groups
      shifts = subtract(shifts, [from + k * slot, from + (k + 1) * slot])
    }
    staffed++
    return { no: w.no, shifts, speed: hs?.speed?.[w.no] ?? 1 }
  })
  return { site: hall.id, hall, day, dayIndex, midnight, open, segments, expected, windows }
}
