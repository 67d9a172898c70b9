/**
 * Wait prediction: the forward simulation of a hall's cloned queue state on the engine's rules
 * (the predictor of record), the literature's baselines behind the same interface, the online
 * learners that feed them from a hall's events, and the conformal calibration of intervals.
 * Pure: the live cloud keeps the JSON of the statistics and calibrations where it likes.
 */
export {
  BASELINES,
  createBaselines,
  edgeLocal,
  erlangC,
  erlangCWait,
  peopleAhead,
} from './baselines/index.js'
export {
  CalibrationJson,
  type CalibrationOptions,
  type CalibrationState,
  type Calibrator,
  createCalibrator,
} from './calibrate.js'
export { createForwardPredictor, type ForwardPredictorOptions } from './forward/predictor.js'
export {
  DEFAULT_RUNS,
  type ForwardOptions,
  type ForwardRequest,
  type ForwardSamples,
  forwardSamples,
  summarise,
} from './forward/refresh.js'
export { type GhostTarget, ghostKey } from './forward/targets.js'
export {
  createHallStats,
  type HallStats,
  HallStatsJson,
  STATS_VERSION,
} from './learn/hall-stats.js'
export { loadHallStats } from './learn/load.js'
export { ageStats, endDay, learnEvent } from './learn/observe.js'
export { meanService, serviceDistribution } from './learn/service.js'
export {
  closingTime,
  DEFAULT_PAUSE_MINUTES,
  type DutySpan,
  type HallPlan,
  openingSpans,
} from './plan.js'
export { type HallRefresh, refreshHall } from './refresh-hall.js'
export {
  type PredictInput,
  type Prediction,
  type PredictTarget,
  resolveTarget,
  type WaitPredictor,
} from './types.js'
