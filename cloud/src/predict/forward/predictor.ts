import type { Priority } from '@qms/protocol'
import { type CalibrationOptions, type CalibrationState, createCalibrator } from '../calibrate.js'
import {
  type PredictInput,
  type Prediction,
  type PredictTarget,
  resolveTarget,
  toPrediction,
  type WaitPredictor,
} from '../types.js'
import { type ForwardOptions, forwardSamples, summarise } from './refresh.js'
import { type GhostTarget, ghostKey } from './targets.js'

/*
 * The predictor of record: Monte-Carlo forward simulation of the hall's cloned state on the
 * engine's rules (refresh.ts); the mean of the simulated waits as the point, raised where their
 * tail is heavy (penalisedPoint); their 10/90 and 5/95 percentiles as the 80% and 90% intervals,
 * calibrated by conformal correction on the waits that came true.
 */

export interface ForwardPredictorOptions extends Omit<ForwardOptions, 'plan'> {
  calibration?: CalibrationOptions
  /** Calibration learned before (from `toJSON()`). */
  state?: CalibrationState
  /**
   * The point shown is the mean of the simulated waits, raised where their tail is heavy so
   * that few people wait more than this many minutes past what they were told (default 10; 0
   * shows the mean). Being told 20 minutes and waiting 35 hurts more than the reverse; with the
   * mean alone the long tail of handling times leaves about 8% of people at a station more than
   * 10 minutes past the wait they were told. See `penalisedPoint`.
   */
  guardMinutes?: number
  /**
   * Weight (minutes²) of a person told too little by more than the guard, to start with (default
   * 800); it then adapts to the outcomes so that `guardShare` of people are (default 0.045).
   * `adaptPenalty: false` keeps it fixed.
   */
  guardPenalty?: number
  guardShare?: number
  adaptPenalty?: boolean
  /** Name in tables (default `forward`). */
  name?: string
}

/**
 * The point that minimises the expected squared error plus `penalty` times the chance of the
 * wait exceeding the point by more than `guard` minutes, over the simulated waits (`sorted`):
 * raised above the mean only where the simulated tail beyond mean + guard is heavy, and only as
 * far as the squared error it costs is worth the share of people it spares.
 */
export function penalisedPoint(
  sorted: readonly number[],
  mean: number,
  penalty: number,
  guard: number,
): number {
  const n = sorted.length
  if (penalty <= 0 || n === 0) return mean
  const above = (x: number) => tailShare(sorted, x)
  let best = mean
  let bestLoss = penalty * above(mean + guard)
  if (bestLoss === 0) return mean
  // Candidates: the mean, and each run's wait less the guard (where the tail share steps down).
  for (let i = n - 1; i >= 0; i--) {
    const p = sorted[i]! - guard
    if (p <= mean) break
    const loss = (p - mean) ** 2 + penalty * above(p + guard)
    if (loss < bestLoss) {
      best = p
      bestLoss = loss
    }
  }
  return best
}

/** Share of sorted values above x. */
function tailShare(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return sorted.length === 0 ? 0 : (sorted.length - lo) / sorted.length
}

export function createForwardPredictor(options: ForwardPredictorOptions = {}): WaitPredictor {
  const calibrator = createCalibrator('quantile', options.calibration, options.state)
  const guard = options.guardMinutes ?? 10
  const share = options.guardShare ?? 0.045
  const state = calibrator.state
  state.penalty ??= options.guardPenalty ?? 800
  return {
    name: options.name ?? 'forward',
    label:
      guard > 0
        ? `Monte-Carlo forward simulation on the engine rules, conformal intervals, ≤5% told >${guard} min too little`
        : 'Monte-Carlo forward simulation on the engine rules, conformal intervals, mean as the point',
    predict(input: PredictInput, targets: readonly PredictTarget[]) {
      const resolved = targets.map((t) => resolveTarget(input.state, t, input.now))
      const tickets: string[] = []
      const ghosts: GhostTarget[] = []
      for (const r of resolved) {
        if (r === undefined) continue
        if (r.ticket !== undefined) tickets.push(r.ticket.ticket)
        else ghosts.push({ category: r.category, priority: isPriority(r.priority) })
      }
      const samples = forwardSamples(
        input.state,
        input.stats,
        input.now,
        { tickets, ghosts },
        { ...options, plan: input.plan },
      )
      const horizon = (samples.env.horizon - input.now) / 60_000
      return resolved.map((r): Prediction | undefined => {
        if (r === undefined) return undefined
        const s =
          r.ticket !== undefined
            ? samples.tickets.get(r.ticket.ticket)
            : samples.ghosts.get(
                ghostKey({ category: r.category, priority: isPriority(r.priority) }),
              )
        if (s === undefined) return undefined
        const sum = summarise(s, horizon)
        const raw = {
          minutes: sum.mean,
          lo80: sum.q10,
          hi80: sum.q90,
          lo90: sum.q05,
          hi90: sum.q95,
          tail: tailShare(sum.sorted, sum.mean + guard),
        }
        const calibrated = calibrator.apply(raw)
        calibrated.minutes = penalisedPoint(
          sum.sorted,
          sum.mean,
          guard > 0 ? (state.penalty ?? 0) : 0,
          guard,
        )
        return toPrediction(calibrated, raw)
      })
    },
    observe(prediction, actual) {
      const raw = prediction.raw
      if (raw === undefined) return
      calibrator.observe(raw, actual)
      if (guard <= 0 || options.adaptPenalty === false || !Number.isFinite(actual)) return
      // Online adjustment toward the target share, as adaptive conformal inference adjusts its
      // level (Gibbs & Candès 2021): up after each person told too little, down a little after
      // each who was not. Only predictions at risk count (a simulated tail past the guard):
      // hours of short queues, where nobody can be told 10 minutes too little, would otherwise
      // wear the penalty down before the next peak. Their target share is the overall one
      // spread over the share of predictions at risk.
      state.risk ??= [0, 0]
      const risk = state.risk
      risk[0] = risk[0] * RISK_MEMORY + 1
      const atRisk = (raw.tail ?? 1) >= AT_RISK
      if (atRisk) risk[1] = risk[1] * RISK_MEMORY + 1
      else risk[1] *= RISK_MEMORY
      const short = actual - prediction.minutes > guard ? 1 : 0
      if (!atRisk && short === 0) return
      const target = Math.min(0.5, (share * risk[0]) / Math.max(1, risk[1]))
      state.penalty = Math.min(
        1e6,
        Math.max(1, (state.penalty ?? 800) * Math.exp(PENALTY_STEP * (short - target))),
      )
    },
    toJSON: () => calibrator.state,
  }
}

const isPriority = (p: Priority) => p !== 'normal'
/** Log-step of the penalty per outcome: a few hundred outcomes move it by a factor of e. */
const PENALTY_STEP = 0.05
/** A prediction is at risk when this share of its runs is past the mean by more than the guard. */
const AT_RISK = 0.01
/** Memory of the risk counts, per outcome (about the last thousand). */
const RISK_MEMORY = 0.999
