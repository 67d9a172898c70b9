import type { Item, Location, Priority, RecommendationResult } from '@qms/protocol'
import {
  type BalanceHall,
  type BalanceOptions,
  guidanceOf,
  type Recommendation,
  recommend,
} from '../balance/index.js'
import type { DistrictView } from './district-view.js'

/*
 * One person's recommendation, from the colleague's balancer over the district view: stay, go to
 * another hall (its wait and trip clearly less, counting those already sent there), or do it on
 * the phone. Shaped for the public API.
 */

export type From = { site: string } | { location: Location } | { anywhere: true }

const round1 = (m: number) => Math.round(Math.min(1440, Math.max(0, m)) * 10) / 10

export function recommendFor(
  view: DistrictView,
  item: Item,
  from: From,
  options: { priority?: Priority; now: number; balance?: BalanceOptions },
): { rec: Recommendation; result: RecommendationResult } {
  const halls = view.halls
  const rec = recommend(
    {
      now: options.now,
      item,
      ...(options.priority === undefined ? {} : { priority: options.priority }),
      // Someone who said nowhere: every hall is as far, so only the waits count.
      from: 'anywhere' in from ? { location: { lat: 0, lng: 0 } } : from,
      halls,
      pending: view.pending,
      ...('anywhere' in from ? { travel: () => 0 } : {}),
    },
    options.balance,
  )
  const name = (site: string) => halls.get(site)?.name
  const result: RecommendationResult = {
    item: item.code,
    decision: rec.decision,
    guidance: guidanceOf(rec, item, halls).slice(0, 4),
    candidates: rec.candidates.slice(0, 50).map((c) => {
      const out: RecommendationResult['candidates'][number] = {
        site: c.site,
        waitMin: round1(c.waitMin),
        travelMin: Number.isFinite(c.travelMin) ? round1(c.travelMin) : 1440,
      }
      const n = name(c.site)
      if (n !== undefined) out.siteName = n
      if (Number.isFinite(c.totalMin)) out.totalMin = round1(c.totalMin)
      if (c.rejected !== undefined) out.rejected = c.rejected
      return out
    }),
  }
  if (rec.site !== undefined) {
    result.site = rec.site
    const n = name(rec.site)
    if (n !== undefined) result.siteName = n
  }
  if (rec.stayMin !== undefined) result.stayMin = round1(rec.stayMin)
  if (rec.waitMin !== undefined) result.waitMin = round1(rec.waitMin)
  if (rec.travelMin !== undefined) result.travelMin = round1(rec.travelMin)
  if (rec.savingMin !== undefined) result.savingMin = round1(rec.savingMin)
  return { rec, result }
}

/**
 * The hall to take a number at for someone who did not choose: the balancer's best among the
 * halls that offer the item and are open, or, when it says stay/online, the one with the least
 * trip and wait that is not refused.
 */
export function chooseHall(
  view: DistrictView,
  item: Item,
  from: From,
  options: { priority?: Priority; now: number; balance?: BalanceOptions },
): { site: string; hall: BalanceHall } | undefined {
  const { rec } = recommendFor(view, item, from, options)
  const site =
    rec.site ?? rec.candidates.find((c) => c.rejected === undefined && c.totalMin < Infinity)?.site
  const hall = site === undefined ? undefined : view.halls.get(site)
  return site === undefined || hall === undefined ? undefined : { site, hall }
}
