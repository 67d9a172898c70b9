import { type Static, Type } from '@sinclair/typebox'
import type { Moments } from './moments.js'

/*
 * What the predictor has learned about one hall, as plain JSON: the live cloud keeps it in
 * Redis (one key per hall) and feeds it from the hall's events; the evaluation carries it from
 * a warm-up day into the day it scores. Nothing in it needs the hall's state to be read.
 */

export const STATS_VERSION = 1

/** Abandonment is learned as a piecewise-constant hazard over these waiting-time bins (minutes). */
export const PATIENCE_BINS = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180] as const

const MomentsSchema = Type.Tuple([
  Type.Number({ minimum: 0 }),
  Type.Number(),
  Type.Number({ minimum: 0 }),
])
const MomentsRecord = Type.Record(Type.String({ maxLength: 40 }), MomentsSchema)
const Counts48 = Type.Array(Type.Number({ minimum: 0 }), { minItems: 48, maxItems: 48 })
const WaitRecord = Type.Object(
  { at: Type.Number(), minutes: Type.Number({ minimum: 0 }) },
  { additionalProperties: false },
)

export const HallStatsJson = Type.Object(
  {
    v: Type.Literal(STATS_VERSION),
    site: Type.String({ minLength: 1, maxLength: 64 }),
    /**
     * Deviations d = ln(handling minutes) − ln-level of the item in the catalogue, per item, per
     * window (staff speed), per local hour `0`–`23` (the after-lunch slump), and over all.
     */
    items: MomentsRecord,
    windows: MomentsRecord,
    hours: MomentsRecord,
    deviation: MomentsSchema,
    /** Handling minutes of everything, for the plain queue-length baseline. */
    all: MomentsSchema,
    /** Minutes each window spent on each category: `window category` → minutes (decayed). */
    mix: Type.Record(Type.String({ maxLength: 80 }), Type.Number({ minimum: 0 })),
    /** Seconds from the call to the start of the service (the walk to the window). */
    walk: MomentsSchema,
    /** Calls, no-shows among them, and seconds from the call to the no-show. */
    noshow: Type.Object(
      {
        calls: Type.Number({ minimum: 0 }),
        noshows: Type.Number({ minimum: 0 }),
        graceSec: MomentsSchema,
      },
      { additionalProperties: false },
    ),
    /** Services ended, and how many of them sent the person back to the queue for another item. */
    transfers: Type.Object(
      { services: Type.Number({ minimum: 0 }), transfers: Type.Number({ minimum: 0 }) },
      { additionalProperties: false },
    ),
    /** Minutes of waiting observed in each patience bin, and departures in it. */
    patience: Type.Object(
      {
        exposure: Type.Array(Type.Number({ minimum: 0 }), {
          minItems: PATIENCE_BINS.length,
          maxItems: PATIENCE_BINS.length,
        }),
        events: Type.Array(Type.Number({ minimum: 0 }), {
          minItems: PATIENCE_BINS.length,
          maxItems: PATIENCE_BINS.length,
        }),
      },
      { additionalProperties: false },
    ),
    /** Arrivals of past days per category and class (`<category> n|p`), per half-hour (decayed). */
    history: Type.Record(Type.String({ maxLength: 64 }), Counts48),
    /** Past days counted in `history` (decayed alike). */
    historyDays: Type.Number({ minimum: 0 }),
    /** The local day `today` counts. */
    day: Type.String({ maxLength: 10 }),
    /** Arrivals today, like `history`. */
    today: Type.Record(Type.String({ maxLength: 64 }), Counts48),
    /** Recent arrival instants per category (epoch ms, the last hour), for rates now. */
    recent: Type.Record(
      Type.String({ maxLength: 40 }),
      Type.Array(Type.Number(), { maxItems: 2000 }),
    ),
    /** The last same-item (and same-category) waits, newest last, at most `ROLLING`. */
    waits: Type.Record(Type.String({ maxLength: 40 }), Type.Array(WaitRecord, { maxItems: 50 })),
  },
  { additionalProperties: false, $id: 'HallStats' },
)
export type HallStats = Static<typeof HallStatsJson>

/** How many recent waits are kept per item and per category (the rolling baseline uses 10). */
export const ROLLING = 10

export function createHallStats(site: string): HallStats {
  return {
    v: STATS_VERSION,
    site,
    items: {},
    windows: {},
    hours: {},
    deviation: [0, 0, 0],
    all: [0, 0, 0],
    mix: {},
    walk: [0, 0, 0],
    noshow: { calls: 0, noshows: 0, graceSec: [0, 0, 0] },
    transfers: { services: 0, transfers: 0 },
    patience: {
      exposure: PATIENCE_BINS.map(() => 0),
      events: PATIENCE_BINS.map(() => 0),
    },
    history: {},
    historyDays: 0,
    day: '',
    today: {},
    recent: {},
    waits: {},
  }
}

export type { Moments }
