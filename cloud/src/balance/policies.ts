import { candidates, recommend } from './recommend.js'
import {
  BALANCE_DEFAULTS,
  type BalanceOptions,
  type BalanceRequest,
  type Recommendation,
} from './types.js'

/*
 * The policies the evaluation compares, behind one signature. All share the same feasibility
 * rules (the hall offers the item, it may be done anywhere, it is open on arrival and calls the
 * person before it stops issuing, within the same travel limit), so they differ only in how
 * they choose:
 * - none: nobody is advised;
 * - nearest: when the wait here is long, the nearest other hall;
 * - jsq: the hall with the fewest people ahead (join the shortest queue), travel ignored;
 * - ours: the least predicted wait + trip + people on the way, with a clear margin.
 * nearest, jsq and ours also suggest 掌办 for items that can be done online.
 */

export type PolicyName = 'none' | 'nearest' | 'jsq' | 'ours'
export const POLICY_NAMES: readonly PolicyName[] = ['none', 'nearest', 'jsq', 'ours']

export interface PolicyOptions extends BalanceOptions {
  /** nearest: minutes of predicted wait here from which people are sent away (default 20). */
  nearestFromMinutes?: number
}

export type BalancePolicy = (req: BalanceRequest) => Recommendation

export function createPolicy(name: PolicyName, options: PolicyOptions = {}): BalancePolicy {
  const o = { ...BALANCE_DEFAULTS, ...options }
  const here = (req: BalanceRequest) =>
    'site' in req.from ? req.halls.get(req.from.site) : undefined
  const online = (req: BalanceRequest): Recommendation | undefined =>
    req.item.online && req.item.onlineUrl !== undefined
      ? { decision: 'online', candidates: [] }
      : undefined
  switch (name) {
    case 'none':
      return () => ({ decision: 'stay', candidates: [] })
    case 'ours':
      return (req) => recommend(req, o)
    case 'nearest':
      return (req) => {
        const on = online(req)
        if (on !== undefined) return on
        const h = here(req)
        const stay = h?.waitFor(req.item.code, req.priority ?? 'normal')
        if (!req.item.anywhere || stay === undefined || stay < (options.nearestFromMinutes ?? 20))
          return { decision: 'stay', candidates: [] }
        const list = candidates(req, o).filter((c) => c.rejected === undefined)
        const nearest = list.sort((a, b) => a.travelMin - b.travelMin)[0]
        if (nearest === undefined) return { decision: 'stay', candidates: list }
        return {
          decision: 'hall',
          site: nearest.site,
          stayMin: stay,
          waitMin: nearest.waitMin,
          travelMin: nearest.travelMin,
          candidates: list,
        }
      }
    case 'jsq':
      return (req) => {
        const on = online(req)
        if (on !== undefined) return on
        const h = here(req)
        const priority = req.priority ?? 'normal'
        if (!req.item.anywhere || h === undefined || !h.offers(req.item.code))
          return { decision: 'stay', candidates: [] }
        const mine = h.queueFor(req.item.code, priority)
        const list = candidates(req, o).filter((c) => c.rejected === undefined)
        let best: (typeof list)[number] | undefined
        let bestQueue = mine
        for (const c of list) {
          const q =
            req.halls.get(c.site)?.queueFor(req.item.code, priority) ?? Number.POSITIVE_INFINITY
          if (q < bestQueue) {
            best = c
            bestQueue = q
          }
        }
        if (best === undefined) return { decision: 'stay', candidates: list }
        return {
          decision: 'hall',
          site: best.site,
          waitMin: best.waitMin,
          travelMin: best.travelMin,
          candidates: list,
        }
      }
  }
}
