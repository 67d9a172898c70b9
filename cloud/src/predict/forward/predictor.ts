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
 * engine's rules (refresh.ts), its mean as the point, its 10/90 and 5/95 percentiles as the 80%
 * and 90% intervals, calibrated by conformal correction on the waits that came true.
 */

export interface ForwardPredictorOptions extends Omit<ForwardOptions, 'plan'> {
  calibration?: CalibrationOptions
  /** Calibration learned before (from `toJSON()`). */
  state?: CalibrationState
}

export function createForwardPredictor(options: ForwardPredictorOptions = {}): WaitPredictor {
  const calibrator = createCalibrator('quantile', options.calibration, options.state)
  return {
    name: 'forward',
    label: 'Monte-Carlo forward simulation on the engine rules, conformal intervals',
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
        return toPrediction(calibrator.apply(raw), raw)
      })
    },
    observe(prediction, actual) {
      if (prediction.raw !== undefined) calibrator.observe(prediction.raw, actual)
    },
    toJSON: () => calibrator.state,
  }
}

const isPriority = (p: Priority) => p !== 'normal'
