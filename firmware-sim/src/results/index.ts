export type { Outcome, VisitRecord } from './records.js'
export {
  type HallSummary,
  type PredictorError,
  quantile,
  type Summary,
  summarize,
  type WaitStats,
  waitStats,
} from './summary.js'
