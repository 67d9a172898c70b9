import type { Scenario } from '@qms/protocol'
import {
  type BalanceHall,
  type BalanceRequest,
  createPendingArrivals,
  createPolicy,
  markSent,
  type PolicyName,
  type PolicyOptions,
} from '../src/balance/index.js'
import { createLiveHalls } from './live-halls.js'
import { createManager, type ManagerLog } from './manager.js'
import { plansOf } from './predict-eval.js'
import { type LoadedScenario, type Policy, runAccelerated, type VisitRecord } from './sim.js'

/*
 * The balancing evaluation: the accelerated district under each policy, with the people's
 * compliance set to a level (the share who follow advice to go to another hall, and to do it on
 * the phone), with or without a simulated manager acting on the alerts. Everything else about
 * the scenario stays as its author made it, and the same seed gives the same people under every
 * policy (common random numbers), so differences are the policy's.
 */

export interface BalanceRunSpec {
  policy: PolicyName
  compliance: number
  /** A simulated manager acts on the alerts. */
  manager: boolean
  seed: number
  /** Options of the policy (the defaults when absent). */
  options?: PolicyOptions
}

export interface BalanceOutcome {
  spec: BalanceRunSpec
  /** People who took a number (served, no-show or left). */
  tickets: number
  arrivals: number
  /** Of those called: mean, p90, max wait, share over 30 minutes. */
  meanWait: number
  p90Wait: number
  maxWait: number
  over30: number
  /** Left before being called, over numbers taken. */
  abandonment: number
  /** Minutes of travel added, over everyone who took a number; and of those sent. */
  travelPerTicket: number
  redirected: number
  online: number
  /** Mean of wait (or time until leaving) + travel over everyone who took a number. */
  waitPlusTravel: number
  unserved: number
  refused: number
  manager?: ManagerLog
  wallMs: number
}

function withCompliance(loaded: LoadedScenario, compliance: number): LoadedScenario {
  const scenario: Scenario = {
    ...loaded.scenario,
    guidance: { ...loaded.scenario.guidance, hall: compliance, online: compliance },
  }
  return { ...loaded, scenario }
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  return sorted[lo]! + (sorted[Math.ceil(h)]! - sorted[lo]!) * (h - lo)
}

export function outcomeOf(
  spec: BalanceRunSpec,
  records: readonly VisitRecord[],
  travel: (from: string, to: string) => number,
  wallMs: number,
  manager?: ManagerLog,
): BalanceOutcome {
  const ticketed = records.filter((r) => r.ticket !== undefined)
  const called = ticketed.filter((r) => r.calledAt !== undefined && r.waitMin !== undefined)
  const waits = called.map((r) => r.waitMin!).sort((a, b) => a - b)
  let travelSum = 0
  let wt = 0
  for (const r of ticketed) {
    const t = r.redirectedTo === undefined ? 0 : travel(r.home, r.redirectedTo)
    travelSum += t
    wt += (r.waitMin ?? 0) + t
  }
  const n = ticketed.length
  const out: BalanceOutcome = {
    spec,
    tickets: n,
    arrivals: records.length,
    meanWait: waits.length === 0 ? 0 : waits.reduce((a, b) => a + b, 0) / waits.length,
    p90Wait: quantile(waits, 0.9),
    maxWait: waits[waits.length - 1] ?? 0,
    over30: waits.length === 0 ? 0 : waits.filter((w) => w > 30).length / waits.length,
    abandonment: n === 0 ? 0 : ticketed.filter((r) => r.outcome === 'abandoned').length / n,
    travelPerTicket: n === 0 ? 0 : travelSum / n,
    redirected: records.filter((r) => r.redirectedTo !== undefined).length,
    online: records.filter((r) => r.outcome === 'online').length,
    waitPlusTravel: n === 0 ? 0 : wt / n,
    unserved: records.filter((r) => r.outcome === 'unserved').length,
    refused: records.filter((r) => r.outcome === 'refused').length,
    wallMs,
  }
  if (manager !== undefined) out.manager = manager
  return out
}

/** One balancing run. */
export function runBalance(loaded: LoadedScenario, spec: BalanceRunSpec): BalanceOutcome {
  const started = performance.now()
  const scenario = withCompliance(loaded, spec.compliance)
  const plans = plansOf(scenario)
  const live = createLiveHalls(plans)
  const pending = createPendingArrivals()
  const choose = createPolicy(spec.policy, { acceptance: spec.compliance, ...spec.options })
  const manager = spec.manager ? createManager(live) : undefined
  let travel: (from: string, to: string) => number = () => 0
  const policy: Policy = {
    name: `${spec.policy}${spec.manager ? '+alerts' : ''}`,
    ...(spec.policy === 'none'
      ? {}
      : {
          onArrival(ctx) {
            travel = ctx.district.travelMinutes
            const halls = new Map<string, BalanceHall>()
            // Only halls that could matter: the home hall and those offering the item.
            for (const h of ctx.district.halls.values()) {
              if (h.site === ctx.hall.site || h.offers(ctx.item.code))
                halls.set(h.site, live.balanceHall(h, ctx.now))
            }
            const req: BalanceRequest = {
              now: ctx.now,
              item: ctx.item,
              priority: ctx.person.priority,
              from: { site: ctx.hall.site },
              halls,
              pending,
              travel: (from, to) =>
                'site' in from
                  ? ctx.district.travelMinutes(from.site, to.site)
                  : Number.POSITIVE_INFINITY,
            }
            pending.prune(ctx.now)
            const rec = choose(req)
            if (rec.decision === 'hall' && rec.site !== undefined) {
              markSent(req, rec, spec.compliance)
              return { kind: 'hall', site: rec.site }
            }
            if (rec.decision === 'online') return { kind: 'online' }
            return { kind: 'stay' }
          },
        }),
    ...(manager === undefined
      ? {}
      : {
          tickMinutes: manager.tickMinutes,
          onTick(ctx) {
            travel = ctx.district.travelMinutes
            manager.onTick(ctx)
          },
        }),
  }
  const run = runAccelerated({ scenario, seed: spec.seed, policy })
  const travelOf = (from: string, to: string) => travel(from, to)
  return outcomeOf(spec, run.records, travelOf, performance.now() - started, manager?.log)
}
