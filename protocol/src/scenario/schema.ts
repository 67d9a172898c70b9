import { type Static, Type } from '@sinclair/typebox'
import { HallConfig } from '../config/hall.js'
import { ClockTime, ItemCode, LocalDay, SiteId, Text, WindowNo } from '../ids.js'

/*
 * A simulation scenario (`qms-sim run --scenario file.json`): which halls, which days, who comes
 * when and for what, how long they take, who gives up, who follows advice, and who staffs which
 * window. Everything random is drawn from `seed`, so a scenario names one reproducible day.
 * Times of day are the hall's local time; durations are minutes unless the name says otherwise.
 */

const closed = { additionalProperties: false } as const
const Share = Type.Number({ minimum: 0, maximum: 1 })
const Minutes = (description: string, max = 1440) =>
  Type.Number({ minimum: 0, maximum: max, description })

/** A span of local time, `from` inclusive, `to` exclusive. */
export const ScenarioSpan = Type.Object({ from: ClockTime, to: ClockTime }, closed)
export type ScenarioSpan = Static<typeof ScenarioSpan>

export const ScenarioDay = Type.Object(
  {
    date: LocalDay,
    volume: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 10,
        description: 'Day-to-day volume factor: 1 is an ordinary day (default 1)',
      }),
    ),
  },
  closed,
)
export type ScenarioDay = Static<typeof ScenarioDay>

/** A time-of-day shape of arrivals: relative weights per half-hour, keyed `HH:00` or `HH:30`. */
export const ArrivalProfile = Type.Record(ClockTime, Type.Number({ minimum: 0, maximum: 1000 }), {
  description: 'Relative arrival intensity per half-hour starting at the key (HH:00 or HH:30)',
})
export type ArrivalProfile = Static<typeof ArrivalProfile>

export const ScenarioSurge = Type.Object(
  {
    name: Type.Optional(Text(60)),
    halls: Type.Optional(Type.Array(SiteId, { minItems: 1, maxItems: 1000, uniqueItems: true })),
    near: Type.Optional(
      Type.Object(
        {
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 500 }),
        },
        { ...closed, description: 'Halls within this distance of a point' },
      ),
    ),
    dates: Type.Optional(Type.Array(LocalDay, { minItems: 1, maxItems: 366, uniqueItems: true })),
    from: ClockTime,
    to: ClockTime,
    factor: Type.Number({ minimum: 0, maximum: 50, description: 'Arrival multiplier' }),
    items: Type.Optional(Type.Array(ItemCode, { minItems: 1, maxItems: 1000, uniqueItems: true })),
  },
  { ...closed, description: 'An unannounced surge: more arrivals in some halls for a while' },
)
export type ScenarioSurge = Static<typeof ScenarioSurge>

export const ScenarioArrivals = Type.Object(
  {
    perWindowHour: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description:
          'Visits per window and opening hour, for a hall without its own figure (default 4)',
      }),
    ),
    halls: Type.Optional(
      Type.Record(SiteId, Type.Number({ minimum: 0, maximum: 1_000_000 }), {
        description: 'Visits per ordinary day, by hall',
      }),
    ),
    profile: Type.Optional(ArrivalProfile),
    demand: Type.Optional(
      Type.Record(ItemCode, Type.Number({ minimum: 0 }), {
        description: 'Relative demand per item (default: the catalogue’s `demand`, else 1)',
      }),
    ),
    surges: Type.Optional(Type.Array(ScenarioSurge, { maxItems: 64 })),
  },
  { ...closed, description: 'Non-homogeneous Poisson arrivals per hall, item and half-hour' },
)
export type ScenarioArrivals = Static<typeof ScenarioArrivals>

export const ScenarioServiceTime = Type.Object(
  {
    meanMinutes: Type.Number({ exclusiveMinimum: 0, maximum: 480 }),
    cv: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
  },
  closed,
)

export const ScenarioService = Type.Object(
  {
    distribution: Type.Optional(
      Type.Union(
        [Type.Literal('lognormal'), Type.Literal('exponential'), Type.Literal('deterministic')],
        { description: 'Shape of handling times (default lognormal with the item’s mean and cv)' },
      ),
    ),
    items: Type.Optional(
      Type.Record(ItemCode, ScenarioServiceTime, {
        description: 'Overrides of the catalogue’s times',
      }),
    ),
    defaultCv: Type.Optional(
      Type.Number({ minimum: 0, maximum: 5, description: 'cv of items without one (default 0.6)' }),
    ),
    walkSeconds: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 600,
        description: 'Mean walk from the seat to a window after the call (default 30 s)',
      }),
    ),
  },
  closed,
)
export type ScenarioService = Static<typeof ScenarioService>

export const ScenarioHallStaffing = Type.Object(
  {
    absent: Type.Optional(
      Type.Array(WindowNo, {
        uniqueItems: true,
        maxItems: 128,
        description: 'Windows nobody staffs',
      }),
    ),
    shifts: Type.Optional(
      Type.Record(WindowNo, Type.Array(ScenarioSpan, { minItems: 1, maxItems: 8 }), {
        description: 'When a window is staffed (default: the hall’s opening hours)',
      }),
    ),
    speed: Type.Optional(
      Type.Record(WindowNo, Type.Number({ minimum: 0.1, maximum: 10 }), {
        description: 'Speed of a window’s staff: 1.25 serves in 80% of the time (default 1)',
      }),
    ),
  },
  closed,
)
export type ScenarioHallStaffing = Static<typeof ScenarioHallStaffing>

export const ScenarioLunch = Type.Object(
  {
    from: ClockTime,
    to: ClockTime,
    groups: Type.Integer({
      minimum: 1,
      maximum: 8,
      description: 'Windows take lunch in turns: the span is cut into this many slots',
    }),
  },
  {
    ...closed,
    description: 'ScenarioLunch rotation: each window is away for one slot of the span',
  },
)
export type ScenarioLunch = Static<typeof ScenarioLunch>

export const ScenarioStaffing = Type.Object(
  {
    lunch: Type.Optional(ScenarioLunch),
    halls: Type.Optional(Type.Record(SiteId, ScenarioHallStaffing)),
  },
  closed,
)
export type ScenarioStaffing = Static<typeof ScenarioStaffing>

export const ScenarioPatience = Type.Object(
  {
    distribution: Type.Union([
      Type.Literal('none'),
      Type.Literal('exponential'),
      Type.Literal('lognormal'),
    ]),
    meanMinutes: Type.Optional(Minutes('Mean time a person waits before leaving')),
    cv: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
  },
  { ...closed, description: 'How long people wait before leaving without being served' },
)
export type ScenarioPatience = Static<typeof ScenarioPatience>

export const ScenarioNoShow = Type.Object(
  {
    probability: Share,
    graceSeconds: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1800,
        description:
          'How long a window waits (recalling once halfway) before marking a no-show (default 60)',
      }),
    ),
  },
  closed,
)

export const ScenarioGuidance = Type.Object(
  {
    hall: Type.Optional(Share),
    online: Type.Optional(Share),
    speedKmh: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 200,
        description: 'Travel speed between halls (default 25 km/h)',
      }),
    ),
    extraMinutes: Type.Optional(
      Minutes('Fixed overhead of going to another hall (default 5)', 240),
    ),
  },
  {
    ...closed,
    description:
      'Share of people who follow advice to go to another hall, or to do it online (掌办), and how fast they travel',
  },
)
export type ScenarioGuidance = Static<typeof ScenarioGuidance>

export const ScenarioPriorityMix = Type.Object(
  {
    elderly: Type.Optional(Share),
    disabled: Type.Optional(Share),
    appointment: Type.Optional(Share),
    enterprise: Type.Optional(Share),
  },
  { ...closed, description: 'Share of people by priority class; the rest are normal' },
)
export type ScenarioPriorityMix = Static<typeof ScenarioPriorityMix>

export const ScenarioTransfers = Type.Object(
  {
    probability: Share,
    items: Type.Optional(
      Type.Array(ItemCode, {
        minItems: 1,
        maxItems: 1000,
        description: 'Items a transfer goes to (default: another item of the same category)',
      }),
    ),
  },
  { ...closed, description: 'Share of served people a window transfers to another item' },
)

export const Scenario = Type.Object(
  {
    $schema: Type.Optional(Type.String({ maxLength: 500 })),
    name: Text(80),
    description: Type.Optional(Text(1000)),
    seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1 }),
    district: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'District config file, relative to the scenario file',
      }),
    ),
    catalogue: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        description: 'Catalogue file, relative to the scenario file (default: the district’s)',
      }),
    ),
    halls: Type.Optional(
      Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), HallConfig]), {
        minItems: 1,
        maxItems: 1000,
        description: 'Hall files (relative to the scenario file) or inline hall configs',
      }),
    ),
    sites: Type.Optional(
      Type.Array(SiteId, {
        minItems: 1,
        uniqueItems: true,
        description: 'Simulate only these halls',
      }),
    ),
    days: Type.Array(ScenarioDay, { minItems: 1, maxItems: 366 }),
    arrivals: Type.Optional(ScenarioArrivals),
    service: Type.Optional(ScenarioService),
    staffing: Type.Optional(ScenarioStaffing),
    patience: Type.Optional(ScenarioPatience),
    noShow: Type.Optional(ScenarioNoShow),
    guidance: Type.Optional(ScenarioGuidance),
    priorities: Type.Optional(ScenarioPriorityMix),
    transfers: Type.Optional(ScenarioTransfers),
  },
  { ...closed, $id: 'Scenario', description: 'A reproducible simulation of one or more halls' },
)
export type Scenario = Static<typeof Scenario>

/**
 * The usual shape of a day in a public-service hall: a morning peak around 09:30–11:00, a dip at
 * lunch, and a smaller afternoon peak around 14:30–16:00.
 */
export const TWO_PEAK_PROFILE: ArrivalProfile = {
  '08:00': 0.5,
  '08:30': 1.0,
  '09:00': 1.6,
  '09:30': 2.0,
  '10:00': 2.1,
  '10:30': 1.9,
  '11:00': 1.4,
  '11:30': 0.8,
  '12:00': 0.5,
  '12:30': 0.5,
  '13:00': 0.7,
  '13:30': 1.1,
  '14:00': 1.4,
  '14:30': 1.6,
  '15:00': 1.6,
  '15:30': 1.3,
  '16:00': 1.0,
  '16:30': 0.6,
  '17:00': 0.3,
  '17:30': 0.1,
}

/** Defaults of the optional knobs, written once so the runner and the docs agree. */
export const SCENARIO_DEFAULTS = {
  volume: 1,
  perWindowHour: 4,
  defaultCv: 0.6,
  walkSeconds: 30,
  noShowGraceSeconds: 60,
  speedKmh: 25,
  extraMinutes: 5,
  patienceCv: 0.6,
} as const
