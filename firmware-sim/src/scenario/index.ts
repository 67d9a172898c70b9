export { type DurationShape, durationAt, normalQuantile } from './distributions.js'
export { type LoadedScenario, type LoadResult, loadScenario, resolveScenario } from './load.js'
export { arrivalTimes, type Person, peopleOf } from './people.js'
export {
  distanceKm,
  type HallDayPlan,
  planHallDay,
  type Segment,
  type Settings,
  type Span,
  settingsOf,
  type WindowPlan,
} from './plan.js'
export { hashKey, Rng, stream } from './random.js'
