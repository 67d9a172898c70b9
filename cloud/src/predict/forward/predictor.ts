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
   * Weight (minutes²) of a person told too little by more than the guard (default 2400). On the
   * sample district's ordinary day: 0 (the mean) leaves 7.3% of people more than 10 minutes past
   * what they were told, 1600 4.5%, 2400 4.3%, 4800 3.5%, at a mean squared error of 98, 120,
   * 133 and 166 (see cloud/docs/prediction.md). Adapting it online to a target share was tried
   * and oscillated: the misses come in bursts (one very long service delays everyone behind).
   */
  guardPenalty?: number
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
  const penalty = options.guardPenalty ?? 2400
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
        }
        const calibrated = calibrator.apply(raw)
        calibrated.minutes = penalisedPoint(sum.sorted, sum.mean, guard > 0 ? penalty : 0, guard)
        return toPrediction(calibrated, raw)
      })
    },
    observe(prediction, actual) {
      if (prediction.raw !== undefined) calibrator.observe(prediction.raw, actual)
    },
    toJSON: () => calibrator.state,
  }
}

const isPriority = (p: Priority) => p !== 'normal'
