import type { HallModel } from '@qms/edge-agent/queue'
import { type ArrivalClass, arrivalRate, todayLevel } from '../learn/arrivals.js'
import type { HallStats } from '../learn/hall-stats.js'
import { hourOf, localMidnight } from '../learn/local-clock.js'
import { momentMean } from '../learn/moments.js'
import { hazards } from '../learn/patience.js'
import { serviceDistribution } from '../learn/service.js'
import type { LogNormal } from '../math/lognormal.js'
import { DEFAULT_PAUSE_MINUTES, type HallPlan } from '../plan.js'

/*
 * Everything a forward run needs besides the hall's state, computed once per refresh: the
 * learned distributions read out of the statistics, cached, and the priority arrivals expected
 * between now and the horizon.
 */

/** Default limit of a forward run: nobody is predicted to wait longer than this. */
export const MAX_HORIZON_MIN = 8 * 60
const DEFAULT_WALK_SEC = 30
const DEFAULT_GRACE_SEC = 60

export interface ArrivalSlot {
  /** Epoch ms, start and end of the slot (the first starts now). */
  from: number
  to: number
  /** Priority arrivals per ms in the slot, all categories. */
  total: number
  /** Cumulative rates per category, for picking one. */
  categories: string[]
  cumulative: number[]
}

export interface ForwardEnv {
  readonly model: HallModel
  readonly stats: HallStats
  readonly plan: HallPlan | undefined
  readonly now: number
  /** Epoch ms after which a run stops. */
  readonly horizon: number
  readonly hazards: number[]
  readonly noshowP: number
  /** Chance that a service ends in a transfer to another item (back in the queue, place kept). */
  readonly transferP: number
  readonly graceMs: number
  readonly walkMs: number
  /** Whether calls are followed by a start (the walk is seen); else a called ticket is in service. */
  readonly walkSeen: boolean
  readonly pauseMs: number
  readonly arrivals: ArrivalSlot[]
  /** Items of each category with their cumulative demand, to give an arrival an item. */
  readonly itemsByCategory: ReadonlyMap<string, { items: string[]; cumulative: number[] }>
  /** Windows in configuration order. */
  readonly windows: readonly string[]
  service(item: string, window: string | undefined, at: number): LogNormal
}

export interface EnvOptions {
  plan?: HallPlan
  /** Minutes ahead a run may look (default 8 h, never past the hall's local midnight). */
  horizonMinutes?: number
  /** Simulate priority arrivals that will jump the queue (default true). */
  priorityArrivals?: boolean
  /** Let people leave by the learned patience (default true). */
  abandonment?: boolean
}

export function createForwardEnv(
  model: HallModel,
  stats: HallStats,
  now: number,
  options: EnvOptions = {},
): ForwardEnv {
  const midnight = localMidnight(model, now) + 24 * 3_600_000 - 60_000
  const horizon = Math.min(now + (options.horizonMinutes ?? MAX_HORIZON_MIN) * 60_000, midnight)
  const calls = stats.noshow.calls
  const noshowP = stats.noshow.noshows / (calls + 5)
  const cache = new Map<string, Map<string, Array<LogNormal | undefined>>>()
  const itemsByCategory = new Map<string, { items: string[]; cumulative: number[] }>()
  for (const item of model.offered.values()) {
    let entry = itemsByCategory.get(item.category)
    if (entry === undefined) {
      entry = { items: [], cumulative: [] }
      itemsByCategory.set(item.category, entry)
    }
    const last = entry.cumulative[entry.cumulative.length - 1] ?? 0
    entry.items.push(item.code)
    entry.cumulative.push(last + (item.demand ?? 1))
  }
  return {
    model,
    stats,
    plan: options.plan,
    now,
    horizon,
    hazards: options.abandonment === false ? hazards(stats).map(() => 0) : hazards(stats),
    noshowP,
    transferP: stats.transfers.transfers / (stats.transfers.services + 10),
    graceMs: momentMean(stats.noshow.graceSec, DEFAULT_GRACE_SEC) * 1000,
    walkMs: momentMean(stats.walk, DEFAULT_WALK_SEC) * 1000,
    walkSeen: stats.walk[0] >= 1,
    pauseMs: (options.plan?.pauseMinutes ?? DEFAULT_PAUSE_MINUTES) * 60_000,
    arrivals:
      options.priorityArrivals === false
        ? []
        : priorityArrivals(model, stats, now, horizon, [...itemsByCategory.keys()]),
    itemsByCategory,
    windows: [...model.windows.keys()],
    service(item, window, at) {
      const hour = hourOf(model, at)
      let byWindow = cache.get(item)
      if (byWindow === undefined) {
        byWindow = new Map()
        cache.set(item, byWindow)
      }
      const w = window ?? ''
      let byHour = byWindow.get(w)
      if (byHour === undefined) {
        byHour = new Array<LogNormal | undefined>(24)
        byWindow.set(w, byHour)
      }
      let d = byHour[hour]
      if (d === undefined) {
        d = serviceDistribution(stats, model, item, window, hour)
        byHour[hour] = d
      }
      return d
    },
  }
}

function priorityArrivals(
  model: HallModel,
  stats: HallStats,
  now: number,
  horizon: number,
  categories: string[],
): ArrivalSlot[] {
  const slots: ArrivalSlot[] = []
  const level = todayLevel(stats, model, now)
  const midnight = localMidnight(model, now)
  const cls: ArrivalClass = 'p'
  let from = now
  while (from < horizon) {
    const to = Math.min(
      horizon,
      midnight + (Math.floor((from - midnight) / 1_800_000) + 1) * 1_800_000,
    )
    const cats: string[] = []
    const cumulative: number[] = []
    let total = 0
    for (const c of categories) {
      const perMin = arrivalRate(stats, model, c, cls, now, from, level)
      if (perMin <= 0) continue
      total += perMin / 60_000
      cats.push(c)
      cumulative.push(total)
    }
    slots.push({ from, to, total, categories: cats, cumulative })
    from = to
  }
  return slots
}
