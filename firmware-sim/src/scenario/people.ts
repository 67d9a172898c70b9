import type { Priority } from '@qms/protocol'
import { durationAt } from './distributions.js'
import type { HallDayPlan, Segment, Settings } from './plan.js'
import { stream } from './random.js'

/**
 * One person of the scenario. Everything about them is drawn from their own stream, keyed by
 * (seed, home hall, day, index), before any policy sees them: who they are does not depend on
 * what they are told.
 */
export interface Person {
  /** `<home>/<day>/<index>`. */
  id: string
  home: string
  day: string
  index: number
  /** Arrival at the home hall, epoch ms. */
  arrival: number
  item: string
  priority: Priority
  /** Quantile of their handling time (the same slowness for any item, at any hall). */
  uService: number
  /** Quantile of a second handling time, after a transfer. */
  uService2: number
  /** How long they wait before giving up; Infinity when patience is not simulated. */
  patienceMs: number
  /** Away when called. */
  noShow: boolean
  /** Follows advice to go to another hall when `uHall < follow.hall`. */
  uHall: number
  /** Follows advice to do it online (掌办) when `uOnline < follow.online`. */
  uOnline: number
  /** Transferred to another item after service when `uTransfer < transfer.probability`. */
  uTransfer: number
  uTransferItem: number
  /** Walk from the seat to the window after the call. */
  walkMs: number
  /** Satisfaction 1–5 they would give. */
  rating: number
}

function pick(items: readonly string[], cumulative: readonly number[], u: number): string {
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (u < cumulative[mid]!) hi = mid
    else lo = mid + 1
  }
  return items[lo]!
}

/**
 * Arrival instants of a hall-day: a non-homogeneous Poisson process by thinning (Lewis and
 * Shedler, 1979): candidates at the day's highest rate, each kept with probability rate(t)/max.
 */
export function arrivalTimes(
  plan: HallDayPlan,
  seed: number,
): Array<{ t: number; segment: Segment }> {
  const max = plan.segments.reduce((m, s) => Math.max(m, s.rate), 0)
  if (max === 0 || plan.segments.length === 0) return []
  const rng = stream(seed, 'arrivals', plan.site, plan.day)
  const out: Array<{ t: number; segment: Segment }> = []
  const first = plan.segments[0]!.start
  const last = plan.segments[plan.segments.length - 1]!.end
  let k = 0
  let t = first
  for (;;) {
    t += rng.exponential(1 / max)
    if (t >= last) break
    while (k < plan.segments.length && plan.segments[k]!.end <= t) k++
    const seg = plan.segments[k]
    const accept = rng.next()
    if (seg === undefined || t < seg.start) continue // between two opening spans
    if (accept * max < seg.rate) out.push({ t, segment: seg })
  }
  return out
}

/** The people of a hall-day, in arrival order. */
export function peopleOf(plan: HallDayPlan, seed: number, settings: Settings): Person[] {
  return arrivalTimes(plan, seed).map(({ t, segment }, index) => {
    const r = stream(seed, 'person', plan.site, plan.day, index)
    const item = pick(segment.items, segment.cumulative, r.next())
    const uPriority = r.next()
    let priority: Priority = 'normal'
    for (const [p, cum] of settings.priorities) {
      if (uPriority < cum) {
        priority = p
        break
      }
    }
    const uService = r.open()
    const uService2 = r.open()
    const uPatience = r.open()
    const noShow = r.next() < settings.noShow
    const uHall = r.next()
    const uOnline = r.next()
    const uTransfer = r.next()
    const uTransferItem = r.next()
    const uWalk = r.open()
    const uRating = r.next()
    const pa = settings.patience
    return {
      id: `${plan.site}/${plan.day}/${index}`,
      home: plan.site,
      day: plan.day,
      index,
      arrival: t,
      item,
      priority,
      uService,
      uService2,
      patienceMs:
        pa === undefined
          ? Number.POSITIVE_INFINITY
          : durationAt(uPatience, pa.shape, pa.meanMs, pa.cv),
      noShow,
      uHall,
      uOnline,
      uTransfer,
      uTransferItem,
      walkMs: settings.walkMs === 0 ? 0 : -Math.log(uWalk) * settings.walkMs,
      // Mostly satisfied, as halls report: 5 for 70%, 4 for 20%, then 3, 2, 1.
      rating: uRating < 0.7 ? 5 : uRating < 0.9 ? 4 : uRating < 0.96 ? 3 : uRating < 0.99 ? 2 : 1,
    }
  })
}
