import type { Scenario } from '@qms/protocol'
import {
  createBaselines,
  createForwardPredictor,
  createHallStats,
  endDay,
  type HallPlan,
  type HallStats,
  type Prediction,
  type WaitPredictor,
} from '../src/predict/index.js'
import { createFollower, type Follower } from './follow.js'
import type { Scored } from './metrics.js'
import { planOf } from './plans.js'
import { type LoadedScenario, type RunResult, runAccelerated, type SimPredictor } from './sim.js'

/*
 * The prediction evaluation: the accelerated simulator plays a scenario with every predictor
 * asked, at each number taken, for the wait of that number; the waits that come true are scored
 * afterwards. Before the scored day, a warm-up day of the ordinary scenario (another seed) lets
 * the learned statistics and the interval calibrations start where a hall's would after a day.
 */

export interface PredictEvalOptions {
  /** Forward runs per prediction (default 64). */
  runs?: number
  /** Skip the warm-up day (default false). */
  noWarmup?: boolean
  onProgress?(line: string): void
}

export interface Lab {
  predictors: WaitPredictor[]
  stats: Map<string, HallStats>
}

export function createLab(runs: number): Lab {
  return {
    predictors: [createForwardPredictor({ runs }), ...createBaselines()],
    stats: new Map(),
  }
}

interface Pending {
  predictions: Array<Prediction | undefined>
  ahead: number
  load: number
}

/**
 * One simulated day with every predictor of the lab asked at every take. Returns the run and,
 * by person id, each predictor's prediction and the features of the moment.
 */
export function playDay(
  lab: Lab,
  loaded: LoadedScenario,
  seed: number,
  plans: Map<string, HallPlan>,
): { run: RunResult; pending: Map<string, Pending> } {
  const followers = new Map<string, Follower>()
  const pending = new Map<string, Pending>()
  const byTicket = new Map<string, Pending>()
  const hook: SimPredictor = {
    name: 'forward',
    predict(ctx) {
      const site = ctx.hall.site
      let stats = lab.stats.get(site)
      if (stats === undefined) {
        stats = createHallStats(site)
        lab.stats.set(site, stats)
      }
      let follower = followers.get(site)
      if (follower === undefined) {
        follower = createFollower()
        followers.set(site, follower)
      }
      const state = ctx.hall.engine.state
      // What happened since the last look: learn it, and score the predictions that came true.
      for (const call of follower.sync(state, stats)) {
        const p = byTicket.get(`${site} ${call.ticket}`)
        if (p === undefined) continue
        byTicket.delete(`${site} ${call.ticket}`)
        lab.predictors.forEach((predictor, i) => {
          const prediction = p.predictions[i]
          if (prediction !== undefined) predictor.observe(prediction, call.waited)
        })
      }
      const input = { state, stats, now: ctx.now, plan: plans.get(site) }
      const predictions = lab.predictors.map((p) => p.predict(input, [{ ticket: ctx.ticket }])[0])
      const serving = Math.max(1, ctx.hall.serving())
      const entry: Pending = { predictions, ahead: ctx.ahead, load: ctx.hall.waiting() / serving }
      pending.set(ctx.person.id, entry)
      byTicket.set(`${site} ${ctx.ticket}`, entry)
      return predictions[0]
    },
  }
  const run = runAccelerated({ scenario: loaded, seed, predictors: [hook] })
  for (const stats of lab.stats.values()) endDay(stats)
  return { run, pending }
}

/** The day's plans of every hall (the roster the cloud would have). */
export function plansOf(
  loaded: LoadedScenario,
  scenario: Scenario = loaded.scenario,
): Map<string, HallPlan> {
  const plans = new Map<string, HallPlan>()
  for (const hall of loaded.halls) plans.set(hall.id, planOf(scenario, loaded.catalogue, hall))
  return plans
}

export interface PredictorRows {
  name: string
  label: string
  rows: Scored[]
}

/** Scores rows for each predictor from a played day: people called, with the wait that came true. */
export function rowsOf(lab: Lab, run: RunResult, pending: Map<string, Pending>): PredictorRows[] {
  const out: PredictorRows[] = lab.predictors.map((p) => ({
    name: p.name,
    label: p.label,
    rows: [],
  }))
  // The forward prediction's own mean, before the guard raises it: same runs, same intervals.
  const forward = lab.predictors.findIndex((p) => p.name === 'forward')
  const mean: PredictorRows = {
    name: 'forward-mean',
    label: 'the same forward simulation with its mean as the point (no guard)',
    rows: [],
  }
  for (const r of run.records) {
    if (r.calledAt === undefined || r.takenAt === undefined) continue
    const p = pending.get(r.person)
    if (p === undefined) continue
    const actual = (r.calledAt - r.takenAt) / 60_000
    const f = forward < 0 ? undefined : p.predictions[forward]
    if (f?.raw !== undefined) {
      const m = Math.round(f.raw.minutes * 10) / 10
      mean.rows.push({
        minutes: m,
        lo80: Math.min(f.lo80 ?? m, m),
        hi80: Math.max(f.hi80 ?? m, m),
        lo90: Math.min(f.lo90 ?? m, m),
        hi90: Math.max(f.hi90 ?? m, m),
        actual,
        ahead: p.ahead,
        load: p.load,
        site: r.site,
        at: r.takenAt,
      })
    }
    p.predictions.forEach((pred, i) => {
      if (pred === undefined) return
      out[i]!.rows.push({
        minutes: pred.minutes,
        lo80: pred.lo80,
        hi80: pred.hi80,
        lo90: pred.lo90,
        hi90: pred.hi90,
        actual,
        ahead: p.ahead,
        load: p.load,
        site: r.site,
        at: r.takenAt,
      })
    })
  }
  if (forward >= 0) out.splice(forward + 1, 0, mean)
  return out
}

/**
 * A scenario scored over seeds: for each seed a warm-up day (the ordinary scenario, seed + 1000)
 * then the scored day, with a fresh lab each seed.
 */
export function evaluatePredictors(
  scored: LoadedScenario,
  warmup: LoadedScenario,
  seeds: readonly number[],
  options: PredictEvalOptions = {},
): { predictors: PredictorRows[]; wallMs: number } {
  const started = performance.now()
  let merged: PredictorRows[] | undefined
  for (const seed of seeds) {
    const lab = createLab(options.runs ?? 64)
    if (options.noWarmup !== true) {
      playDay(lab, warmup, seed + 1000, plansOf(warmup))
      options.onProgress?.(`  warm-up day done (seed ${seed + 1000})`)
    }
    const { run, pending } = playDay(lab, scored, seed, plansOf(scored))
    const rows = rowsOf(lab, run, pending)
    options.onProgress?.(
      `  ${scored.scenario.name} seed ${seed}: ${rows[0]?.rows.length ?? 0} waits scored, ${Math.round(run.stats.wallMs / 1000)} s`,
    )
    if (merged === undefined) merged = rows
    else
      rows.forEach((r, i) => {
        merged![i]!.rows.push(...r.rows)
      })
  }
  return { predictors: merged ?? [], wallMs: performance.now() - started }
}
