import { QmsError, validate } from '@qms/protocol'
import { type Static, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/*
 * Settings of the live cloud (predictions, guidance, hand-offs, alerts), validated once where the
 * plugin is made, with defaults and units beside each field.
 */

const ms = (def: number, description: string, minimum = 1) =>
  Type.Integer({ minimum, default: def, description })
const minutes = (def: number, description: string) =>
  Type.Number({ minimum: 0, maximum: 1440, default: def, description })

export const LiveSettings = Type.Object(
  {
    refreshDebounceMs: ms(1000, 'At most one prediction refresh per hall in this time (1 s)', 0),
    refreshEveryMs: ms(30_000, 'Refresh a hall that did not change after this long (30 s)'),
    runs: Type.Integer({
      minimum: 8,
      maximum: 2000,
      default: 200,
      description: 'Forward-simulation runs per refresh (200: the predictor’s own default)',
    }),
    workers: Type.Integer({
      minimum: 0,
      maximum: 16,
      default: 1,
      description: 'Prediction worker threads; 0 runs the predictor on the main thread',
    }),
    predictionTtlMs: ms(60_000, 'Life of a predictions command (1 min)', 1000),
    guidanceTtlMs: ms(15 * 60_000, 'Life of a guidance command (15 min); resent before it ends'),
    noticeTtlMs: ms(10 * 60_000, 'Life of a reminder to a hall’s staff (10 min)', 1000),
    handoffTtlMs: ms(6 * 3_600_000, 'Life of the order closing a handed-off ticket (6 h)', 1000),
    learnSaveMs: ms(30_000, 'Save what the predictor learned of a hall this often (30 s)'),
    statusDays: Type.Integer({ minimum: 1, maximum: 30, default: 2 }),
    accuracyMax: Type.Integer({ minimum: 100, default: 5000, description: 'Points kept per hall' }),
    busyMinutes: minutes(15, 'A category is busy (banner advice) from this predicted wait'),
    diversionDefault: Type.Boolean({
      default: false,
      description: 'Suggest other halls before a manager turns diversion on (default off)',
    }),
    handoffGraceMinutes: minutes(30, 'Length of the arrival window of a handed-off ticket'),
    nearAhead: Type.Integer({ minimum: 0, maximum: 50, default: 3 }),
    staleBalanceMs: ms(10 * 60_000, 'A hall’s waits older than this are not used to advise'),
    alertDebounceMs: ms(2000, 'At most one alert evaluation per hall in this time (2 s)', 0),
    alertEveryMs: ms(30_000, 'Evaluate every owned hall this often (time-based rules)'),
    escalateAfterMs: Type.Array(Type.Integer({ minimum: 1 }), {
      minItems: 1,
      maxItems: 10,
      default: [5 * 60_000, 10 * 60_000, 15 * 60_000],
      description: 'Delays of the successive escalations of an unacknowledged alert',
    }),
    alertKeepDays: Type.Integer({ minimum: 1, default: 90, description: 'Alerts kept this long' }),
    rate: Type.Object(
      {
        windowMs: ms(60_000, 'Rate-limit window (1 min)', 1000),
        reads: Type.Integer({
          minimum: 1,
          default: 120,
          description: 'Reads per caller and window',
        }),
        takes: Type.Integer({ minimum: 1, default: 10, description: 'Takes and hand-offs' }),
        streams: Type.Integer({ minimum: 1, default: 20, description: 'Live feeds opened' }),
      },
      { default: {} },
    ),
    sseHeartbeatMs: ms(15_000, 'Comment line on idle live feeds (15 s)'),
    statusPagePath: Type.String({
      default: '/t',
      pattern: '^/[A-Za-z0-9/_-]{0,60}$',
      description: 'Where the phone page shows a ticket: <path>/<site>/<ticket>',
    }),
  },
  { additionalProperties: false },
)
export type LiveSettings = Static<typeof LiveSettings>
export type LiveSettingsInput = Partial<Omit<LiveSettings, 'rate'>> & {
  rate?: Partial<LiveSettings['rate']>
}

/** Fills the defaults and validates: CONFIG_INVALID naming the field when a setting is wrong. */
export function resolveLiveSettings(input: LiveSettingsInput = {}): LiveSettings {
  const withDefaults = Value.Default(LiveSettings, structuredClone(input))
  const r = validate(LiveSettings, withDefaults)
  if (!r.ok)
    throw new QmsError('CONFIG_INVALID', `live settings ${r.error.message}`, {
      path: r.error.path,
    })
  return r.value
}
