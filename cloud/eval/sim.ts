/*
 * The simulator's accelerated runner, seen from the evaluation. One module, so that the rest of
 * the evaluation does not care where the runner's API comes from.
 */
export {
  type AcceleratedOptions,
  type Advice,
  type ArrivalContext,
  type DistrictView,
  type HallView,
  type LoadedScenario,
  loadScenario,
  type ManagerContext,
  type Policy,
  type PredictionContext,
  type Predictor as SimPredictor,
  planHallDay,
  type RunResult,
  resolveScenario,
  runAccelerated,
  type VisitRecord,
} from '@qms/firmware-sim'
