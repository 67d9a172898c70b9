import type { QueueState } from '@qms/edge-agent/queue'
import type { Priority } from '@qms/protocol'
import { type BalanceHall, balanceHallOf } from '../src/balance/index.js'
import {
  createHallStats,
  forwardSamples,
  type HallPlan,
  type HallStats,
  openingSpans,
  summarise,
} from '../src/predict/index.js'
import { createFollower, type Follower } from './follow.js'
import type { HallView } from './sim.js'

/*
 * The cloud's picture of each simulated hall during a balancing run, kept as the live cloud
 * would keep it: statistics learned from what the hall did, and a refresh of the newcomer waits
 * of every category when the hall has changed and a minute has passed (the live cloud refreshes
 * on every change; a minute of staleness changes no advice and keeps the run affordable).
 */

const REFRESH_MS = 60_000

interface Entry {
  stats: HallStats
  follower: Follower
  /** Category|class → minutes for a newcomer, as of `at`. */
  waits: Map<string, number>
  at: number
  version: string
}

export interface LiveHalls {
  /** The BalanceHall of a simulated hall, its waits fresh as of now. */
  balanceHall(view: HallView, now: number): BalanceHall
  /** Newcomer waits per category (normal class), fresh as of now. */
  categoryWaits(view: HallView, now: number): Map<string, number>
  stats(site: string): HallStats
  setPlan(site: string, plan: HallPlan): void
  plan(site: string): HallPlan | undefined
}

const versionOf = (s: QueueState) =>
  `${s.issued}:${s.finished.size}:${s.calls[0]?.at ?? 0}:${s.calls.length}`

export function createLiveHalls(plans: Map<string, HallPlan>, runs = 32): LiveHalls {
  const entries = new Map<string, Entry>()
  const entryOf = (view: HallView, now: number): Entry => {
    let e = entries.get(view.site)
    if (e === undefined) {
      e = {
        stats: createHallStats(view.site),
        follower: createFollower(),
        waits: new Map(),
        at: -Infinity,
        version: '',
      }
      entries.set(view.site, e)
    }
    const state = view.engine.state
    const version = versionOf(state)
    if (version !== e.version && now - e.at >= REFRESH_MS) {
      e.follower.sync(state, e.stats)
      const ghosts = []
      for (const c of state.model.windowsByCategory.keys()) {
        ghosts.push({ category: c, priority: false }, { category: c, priority: true })
      }
      const samples = forwardSamples(
        state,
        e.stats,
        now,
        { tickets: [], ghosts },
        { runs, plan: plans.get(view.site) },
      )
      const horizon = (samples.env.horizon - now) / 60_000
      e.waits = new Map()
      for (const [key, s] of samples.ghosts) e.waits.set(key, summarise(s, horizon).mean)
      e.at = now
      e.version = version
    }
    return e
  }
  return {
    balanceHall(view, now) {
      const e = entryOf(view, now)
      const state = view.engine.state
      return balanceHallOf(state, e.stats, {
        now,
        open: openingSpans(state.model, now),
        waitFor(item: string, priority: Priority) {
          const c = state.model.items.get(item)?.category
          if (c === undefined) return undefined
          return e.waits.get(`${c}|${priority === 'normal' ? 'n' : 'p'}`)
        },
      })
    },
    categoryWaits(view, now) {
      const e = entryOf(view, now)
      const out = new Map<string, number>()
      for (const [key, m] of e.waits) if (key.endsWith('|n')) out.set(key.slice(0, -2), m)
      return out
    },
    stats(site) {
      return entries.get(site)?.stats ?? createHallStats(site)
    },
    setPlan(site, plan) {
      plans.set(site, plan)
    },
    plan: (site) => plans.get(site),
  }
}
