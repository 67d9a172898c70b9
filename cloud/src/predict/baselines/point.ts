import { type CalibrationOptions, type CalibrationState, createCalibrator } from '../calibrate.js'
import {
  type PredictInput,
  type Prediction,
  type PredictTarget,
  type ResolvedTarget,
  resolveTarget,
  toPrediction,
  type WaitPredictor,
} from '../types.js'

/*
 * A baseline gives a point only. To compare intervals too, every baseline gets the same
 * conformal interval from its own recent errors (calibrate.ts, residual mode): the fairest
 * interval a point predictor can have without a model of its own.
 */

const MAX_MINUTES = 480

export type PointFn = (input: PredictInput, target: ResolvedTarget) => number

export interface PointPredictorOptions {
  calibration?: CalibrationOptions
  state?: CalibrationState
}

export function pointPredictor(
  name: string,
  label: string,
  fn: PointFn,
  options: PointPredictorOptions = {},
): WaitPredictor {
  const calibrator = createCalibrator('residual', options.calibration, options.state)
  return {
    name,
    label,
    predict(input: PredictInput, targets: readonly PredictTarget[]) {
      return targets.map((target): Prediction | undefined => {
        const r = resolveTarget(input.state, target, input.now)
        if (r === undefined) return undefined
        // Nobody is told a wait longer than a working day.
        const m = Math.min(MAX_MINUTES, Math.max(0, fn(input, r)))
        const raw = { minutes: m, lo80: m, hi80: m, lo90: m, hi90: m }
        return toPrediction(calibrator.apply(raw), raw)
      })
    },
    observe(prediction, actual) {
      if (prediction.raw !== undefined) calibrator.observe(prediction.raw, actual)
    },
    toJSON: () => calibrator.state,
  }
}
