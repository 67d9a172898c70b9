import type { Priority } from '@qms/protocol'

/** What became of a person. */
export type Outcome =
  /** Called and served (service completed). */
  | 'served'
  /** Left before being called (patience ran out). */
  | 'abandoned'
  /** Called but did not come. */
  | 'noshow'
  /** Followed advice to do it online (掌办): no ticket. */
  | 'online'
  /** The hall refused a number (closed, numbers exhausted…). */
  | 'refused'
  /** Still waiting when the day ended: no window served the item any more. */
  | 'unserved'

/** One person's visit, as both run modes record it. Times are epoch ms of the simulated day. */
export interface VisitRecord {
  /** `<home>/<day>/<index>`. */
  person: string
  home: string
  /** The hall where the number was taken (the home hall unless the person was sent elsewhere). */
  site: string
  day: string
  item: string
  priority: Priority
  /** Arrival at the home hall. */
  arrival: number
  /** Another hall the person followed advice to. */
  redirectedTo?: string
  takenAt?: number
  ticket?: string
  /** People ahead when the number was taken, as the hall said. */
  ahead?: number
  /** The wait the hall told (the edge's local estimate), minutes. */
  toldMin?: number
  /** Each predictor's prediction at the take, minutes, by predictor name. */
  predictions?: Record<string, number>
  calledAt?: number
  startedAt?: number
  endedAt?: number
  window?: string
  outcome: Outcome
  /** Minutes from the take to the call (for the abandoned: to leaving). */
  waitMin?: number
  transfers: number
  /** The code of a refusal. */
  error?: string
}
