import { travelMinutes } from './travel.js'
import {
  BALANCE_DEFAULTS,
  type BalanceHall,
  type BalanceOptions,
  type BalanceRequest,
  type Candidate,
  type Recommendation,
  type Whereabouts,
} from './types.js'

/*
 * The recommendation: stay, go to another hall, or do it on the phone (掌办). Another hall is
 * suggested only when it offers the item, the item may be handled at any hall (通办), the hall
 * still issues numbers when the person gets there and will have called them before it stops,
 * and its predicted wait plus the trip — plus the people already sent there — is clearly less
 * than the wait here (by minutes and by share, so a prediction's noise never sends anyone on a
 * trip for nothing).
 */

const MINUTE = 60_000

/** Minutes of travel from where the person is to a hall. */
export function tripMinutes(
  req: BalanceRequest,
  to: BalanceHall,
  options: BalanceOptions = {},
): number {
  if (req.travel !== undefined) return req.travel(req.from, to)
  const from = locationOf(req.from, req.halls)
  if (from === undefined) return Number.POSITIVE_INFINITY
  return travelMinutes(from, to.location, options.travel)
}

function locationOf(w: Whereabouts, halls: ReadonlyMap<string, BalanceHall>) {
  return 'location' in w ? w.location : halls.get(w.site)?.location
}

/** The issuing span of the hall that contains `at`, if any. */
export function spanAt(hall: BalanceHall, at: number): readonly [number, number] | undefined {
  return hall.open.find(([from, to]) => from <= at && at < to)
}

/**
 * Sizes up every other hall that offers the item: trip, wait, people on the way, and whether it
 * is still issuing and calling in time. Best (least total) first; rejected ones last.
 */
export function candidates(req: BalanceRequest, options: BalanceOptions = {}): Candidate[] {
  const o = { ...BALANCE_DEFAULTS, ...options }
  const priority = req.priority ?? 'normal'
  const home = 'site' in req.from ? req.from.site : undefined
  const list: Candidate[] = []
  for (const hall of req.halls.values()) {
    if (hall.site === home || !hall.offers(req.item.code)) continue
    const travelMin = tripMinutes(req, hall, o)
    const c: Candidate = {
      site: hall.site,
      waitMin: 0,
      travelMin,
      pendingMin: 0,
      totalMin: Number.POSITIVE_INFINITY,
    }
    list.push(c)
    if (!Number.isFinite(travelMin) || travelMin > o.maxTravelMinutes) {
      c.rejected = 'far'
      continue
    }
    const arrival = req.now + travelMin * MINUTE
    const span = spanAt(hall, arrival)
    if (span === undefined) {
      c.rejected = 'closed'
      continue
    }
    const wait = hall.waitFor(req.item.code, priority)
    if (wait === undefined) {
      c.rejected = 'unknown'
      continue
    }
    const rate = hall.serviceRate(req.item.code)
    const onTheWay = req.pending?.count(hall.site, hall.related(req.item.code), req.now) ?? 0
    c.waitMin = wait
    c.pendingMin = onTheWay > 0 ? (rate > 0 ? onTheWay / rate : Number.POSITIVE_INFINITY) : 0
    c.totalMin = travelMin + wait + c.pendingMin
    // Never to a hall that stops issuing before it would call them.
    if (arrival + (wait + c.pendingMin + o.closingMarginMinutes) * MINUTE > span[1]) {
      c.rejected = 'closes'
      c.totalMin = Number.POSITIVE_INFINITY
    }
  }
  return list.sort((a, b) => a.totalMin - b.totalMin || a.travelMin - b.travelMin)
}

/** Our recommendation for a person who wants the item now. */
export function recommend(req: BalanceRequest, options: BalanceOptions = {}): Recommendation {
  const o = { ...BALANCE_DEFAULTS, ...options }
  const priority = req.priority ?? 'normal'
  const here = 'site' in req.from ? req.halls.get(req.from.site) : undefined
  const offeredHere = here?.offers(req.item.code) === true
  const stayMin = offeredHere ? here?.waitFor(req.item.code, priority) : undefined
  const list = candidates(req, o)
  const result: Recommendation = { decision: 'stay', candidates: list }
  if (stayMin !== undefined) result.stayMin = stayMin

  if (
    req.item.online &&
    req.item.onlineUrl !== undefined &&
    (stayMin ?? Number.POSITIVE_INFINITY) >= o.onlineFromMinutes
  ) {
    result.decision = 'online'
    return result
  }
  // A 通办 item may be handled anywhere; others only where the person belongs (here).
  if (!req.item.anywhere && offeredHere) return result
  const open = list.filter((c) => c.rejected === undefined)
  for (const c of open)
    c.costMin = c.totalMin + externality(req, c.site, c.waitMin + c.pendingMin, o)
  // Clearly better for the person: the advice must be worth following for whoever follows it.
  const needed =
    stayMin === undefined ? 0 : Math.max(o.minSavingMinutes, o.minSavingShare * stayMin)
  const feasible = open.filter((c) => stayMin === undefined || c.totalMin <= stayMin - needed)
  // Among those, the hall where one more person delays the fewest others.
  feasible.sort((a, b) => (a.costMin ?? a.totalMin) - (b.costMin ?? b.totalMin))
  const best = feasible[0]
  if (best === undefined) return result
  if (stayMin !== undefined) result.savingMin = stayMin - best.totalMin
  result.decision = 'hall'
  result.site = best.site
  result.waitMin = best.waitMin
  result.travelMin = best.travelMin
  return result
}

/**
 * The delay one more person in the queue causes those who come after, in person-minutes, by a
 * fluid approximation: the backlog ahead (their wait) drains at the capacity less the arrival
 * rate, so it clears after wait / (1 − ρ); everyone arriving meanwhile (ρ / (1 − ρ) × wait in
 * service-minutes) waits one service longer. ρ is held below MAX_PRESSURE: past it the queue
 * does not clear before the peak ends, and the figure would only say "very much".
 */
export function externality(
  req: BalanceRequest,
  site: string,
  waitMin: number,
  o: BalanceOptions,
): number {
  if (o.externality === false) return 0
  const rho = Math.min(
    MAX_PRESSURE,
    Math.max(0, req.halls.get(site)?.pressure?.(req.item.code) ?? 0),
  )
  return (waitMin * rho) / (1 - rho)
}

const MAX_PRESSURE = 0.9

/** Records that a person was sent to a hall (call it when advice is given, or when accepted with weight 1). */
export function markSent(req: BalanceRequest, rec: Recommendation, weight: number): void {
  if (rec.decision !== 'hall' || rec.site === undefined || req.pending === undefined) return
  const eta = req.now + (rec.travelMin ?? 0) * MINUTE
  req.pending.add(rec.site, req.item.category, eta, weight)
}
