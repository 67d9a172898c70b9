import { QmsError, validate } from '@qms/protocol'
import { type Static, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/*
 * The cloud's configuration, validated once at the entry with its defaults and units beside each
 * field. main.ts builds it from the environment; tests and embedders pass it to createCloud.
 */

const ms = (def: number, description: string, minimum = 1) =>
  Type.Integer({ minimum, default: def, description })

export const CloudConfig = Type.Object(
  {
    instanceId: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$',
        description: 'Unique per running instance (default <host>-<pid>-<random>)',
      }),
    ),
    nats: Type.Object(
      {
        servers: Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          default: ['nats://127.0.0.1:4222'],
        }),
        user: Type.Optional(Type.String()),
        password: Type.Optional(Type.String()),
        token: Type.Optional(Type.String()),
        nkeySeed: Type.Optional(Type.String({ pattern: '^SU[A-Z2-7]+$' })),
        root: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'qms' }),
        streamPrefix: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'QMS' }),
        replicas: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
        eventMaxAgeDays: Type.Integer({
          minimum: 0,
          default: 400,
          description: 'Days the event stream keeps events (0: forever)',
        }),
        duplicateWindowMs: ms(300_000, 'Message-id deduplication window (5 min)', 100),
      },
      { default: {} },
    ),
    redis: Type.Object(
      {
        url: Type.String({ default: 'redis://127.0.0.1:6379' }),
        prefix: Type.String({ pattern: '^[A-Za-z0-9_:.-]{0,64}$', default: 'qms:' }),
      },
      { default: {} },
    ),
    http: Type.Object(
      {
        host: Type.String({ default: '0.0.0.0' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8090 }),
        listen: Type.Boolean({ default: true, description: 'false: build routes, do not listen' }),
      },
      { default: {} },
    ),
    district: Type.Optional(
      Type.String({ description: 'District file; none: halls are learnt from their events' }),
    ),
    ownership: Type.Object(
      {
        leaseMs: ms(4000, 'Lease and membership time to live (4 s)', 500),
        heartbeatMs: ms(1000, 'Heartbeat period (1 s); well below leaseMs', 100),
      },
      { default: {} },
    ),
    intake: Type.Object(
      {
        maxBatch: Type.Integer({
          minimum: 1,
          default: 4000,
          description:
            'Events per write round trip: bigger rounds cost less per event but hold Redis longer',
        }),
        maxBatchPerSite: Type.Integer({ minimum: 1, default: 2000 }),
        maxInFlight: Type.Integer({ minimum: 1, maximum: 8, default: 2 }),
        maxBuffer: Type.Integer({ minimum: 1, default: 5000 }),
        pullBatch: Type.Integer({ minimum: 1, default: 1000 }),
        maxHeld: Type.Integer({ minimum: 1, default: 10_000 }),
        maxSeqJump: Type.Integer({ minimum: 1, default: 100_000 }),
        replayRetryMs: ms(2000, 'First wait before asking a hall again to replay (2 s)'),
        replayRetryMaxMs: ms(30_000, 'Longest wait between replay requests (30 s)'),
        replayTimeoutMs: ms(2000, 'Time a hall has to answer a replay request (2 s)'),
        restartMs: ms(500, 'First wait before restarting a failed hall intake'),
        restartMaxMs: ms(15_000, 'Longest wait before restarting a failed hall intake'),
        historyMaxLen: Type.Integer({ minimum: 100, default: 50_000 }),
        dayTtlDays: Type.Integer({ minimum: 1, default: 400 }),
        discoveryMs: ms(2000, 'How often the stream is scanned for new halls (2 s)'),
        linkPollMs: ms(5000, 'How often owned halls’ links are checked (5 s)'),
      },
      { default: {} },
    ),
    rpc: Type.Object(
      { timeoutMs: ms(2000, 'A hall that does not answer in this time is UNAVAILABLE (2 s)') },
      { default: {} },
    ),
    jobs: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        workers: Type.Boolean({ default: true }),
        predictionEveryMs: Type.Integer({ minimum: 0, default: 60_000 }),
        endOfDayPattern: Type.String({
          default: '0 10 0 * * *',
          description: 'cron, with seconds',
        }),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
)
export type CloudConfig = Static<typeof CloudConfig>

/** Deep partial: what a caller may leave out. */
export type CloudConfigInput = {
  [K in keyof CloudConfig]?: CloudConfig[K] extends object
    ? CloudConfig[K] extends unknown[]
      ? CloudConfig[K]
      : Partial<CloudConfig[K]>
    : CloudConfig[K]
}

/** Fills in the defaults and validates; a bad setting is a CONFIG_INVALID error naming the field. */
export function resolveConfig(input: CloudConfigInput = {}): CloudConfig {
  const withDefaults = Value.Default(CloudConfig, structuredClone(input))
  const result = validate(CloudConfig, withDefaults)
  if (!result.ok) {
    throw new QmsError('CONFIG_INVALID', `cloud configuration ${result.error.message}`, {
      path: result.error.path,
    })
  }
  if (result.value.ownership.heartbeatMs * 2 > result.value.ownership.leaseMs) {
    throw new QmsError(
      'CONFIG_INVALID',
      'cloud configuration /ownership/heartbeatMs: must be at most half of leaseMs',
      { path: '/ownership/heartbeatMs' },
    )
  }
  return result.value
}
