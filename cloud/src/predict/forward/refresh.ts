import type { QueueState } from '@qms/edge-agent/queue'
import type { HallStats } from '../learn/hall-stats.js'
import { createRandom, hashSeed } from '../math/random.js'
import { createForwardEnv, type EnvOptions, type ForwardEnv } from './env.js'
import { type RunTargets, runOnce } from './run.js'
import { type GhostTarget, ghostKey, ghostRankKey } from './targets.js'

/*
 * Monte-Carlo forward simulation of a hall: many independent runs from the same state, each
 * target's minutes until its call collected across runs. The runs share nothing but the state
 * (cloned copy-on-write per run), so their cost is the events each one plays; the number of runs
 * is the knob between speed and the smoothness of the quantiles.
 */

export const DEFAULT_RUNS = 200

export interface ForwardOptions extends EnvOptions {
  /** Independent runs (default 200). */
  runs?: number
  /** Seed of the runs (default: from the hall, its event count and the time, so reproducible). */
  seed?: number
}

export interface ForwardRequest {
  /** Waiting tickets to predict (default: every waiting ticket). */
  tickets?: readonly string[]
  /** Newcomers to predict, per category and class (default none). */
  ghosts?: readonly GhostTarget[]
}

export interface ForwardSamples {
  runs: number
  /** Minutes until the call, per run (NaN: not called within the horizon). */
  tickets: Map<string, Float64Array>
  ghosts: Map<string, Float64Array>
  env: ForwardEnv
}

export function forwardSamples(
  state: QueueState,
  stats: HallStats,
  now: number,
  request: ForwardRequest = {},
  options: ForwardOptions = {},
): ForwardSamples {
  const runs = Math.max(1, Math.floor(options.runs ?? DEFAULT_RUNS))
  const env = createForwardEnv(state.model, stats, now, options)
  const ticketIds =
    request.tickets ??
    [...state.open.values()].filter((t) => t.state === 'waiting').map((t) => t.ticket)
  const tickets = new Map<string, number>()
  for (const id of ticketIds) {
    if (state.open.get(id)?.state === 'waiting' && !tickets.has(id)) tickets.set(id, tickets.size)
  }
  const ghostList: Array<{ key: ReturnType<typeof ghostRankKey>; index: number; name: string }> = []
  const seen = new Set<string>()
  for (const g of request.ghosts ?? []) {
    const name = ghostKey(g)
    if (seen.has(name) || !state.model.windowsByCategory.has(g.category)) continue
    seen.add(name)
    ghostList.push({
      key: ghostRankKey(state, g, now),
      index: tickets.size + ghostList.length,
      name,
    })
  }
  const targets: RunTargets = { tickets, ghosts: ghostList }
  const width = tickets.size + ghostList.length
  const samples = new Float64Array(width * runs)
  const out = new Float64Array(width)
  const rng = createRandom(options.seed ?? hashSeed(state.model.site, state.issued, now))
  if (width > 0) {
    for (let r = 0; r < runs; r++) {
      runOnce(state, env, targets, rng, out)
      for (let i = 0; i < width; i++) samples[i * runs + r] = out[i]!
    }
  }
  const result: ForwardSamples = { runs, tickets: new Map(), ghosts: new Map(), env }
  for (const [id, i] of tickets) result.tickets.set(id, samples.subarray(i * runs, (i + 1) * runs))
  for (const g of ghostList)
    result.ghosts.set(g.name, samples.subarray(g.index * runs, (g.index + 1) * runs))
  return result
}

export interface SampleSummary {
  /** Mean minutes over the runs where the target was called. */
  mean: number
  q05: number
  q10: number
  q90: number
  q95: number
  /** Share of runs in which it was called within the horizon. */
  called: number
  /** The runs' minutes, sorted (not-called runs as the horizon). */
  sorted: number[]
}

/** Mean and quantiles of a target's samples; NaN runs count as the horizon. */
export function summarise(samples: Float64Array, horizonMinutes: number): SampleSummary {
  const values: number[] = []
  let called = 0
  for (const v of samples) {
    if (Number.isNaN(v)) values.push(horizonMinutes)
    else {
      values.push(v)
      called++
    }
  }
  values.sort((a, b) => a - b)
  let sum = 0
  for (const v of values) sum += v
  const n = values.length
  return {
    mean: n === 0 ? 0 : sum / n,
    q05: quantile(values, 0.05),
    q10: quantile(values, 0.1),
    q90: quantile(values, 0.9),
    q95: quantile(values, 0.95),
    called: n === 0 ? 0 : called / n,
    sorted: values,
  }
}

/** Linear-interpolated quantile of sorted values (type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (h - lo)
}
