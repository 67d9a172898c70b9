export { EventCalendar, type Scheduled } from './calendar.js'
export { HallSim, type HallSimOptions } from './hall-sim.js'
export {
  type Advice,
  type ArrivalContext,
  type DistrictView,
  type HallView,
  type ManagerContext,
  type Policy,
  type PredictionContext,
  type Predictor,
  stayPolicy,
} from './hooks.js'
export {
  aheadTimesMeanPredictor,
  edgeLocalPredictor,
  type ShorterHallOptions,
  shorterHallPolicy,
} from './policies.js'
export {
  type AcceleratedOptions,
  type Progress,
  type RunResult,
  type RunStats,
  runAccelerated,
} from './run.js'
