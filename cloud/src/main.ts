import { parseArgs } from 'node:util'
import { isQmsError } from '@qms/protocol'
import { pino } from 'pino'
import { guard } from './auth/guard.js'
import { hashPasswordCommand } from './cli/hash-password.js'
import { natsAuthCommand } from './cli/nats-auth.js'
import { createCloud } from './cloud.js'
import type { CloudConfigInput } from './config.js'
import { consolePlugin } from './console/plugin.js'
import { sampleDistrictPath } from './district/district.js'
import { livePlugin } from './live/plugin.js'

const HELP = `qms-cloud — the cloud scheduler: intake of every hall's events, projections, predictions,
balancing, alerts, jobs, the console and the public API.

Usage:
  qms-cloud [--district <district.json>]
  qms-cloud nats-auth [--district <district.json> | --sites a,b,…] [--seeds <file>]
  qms-cloud hash-password [--user <name> --role district-admin|hall-manager [--site <hall>] [--name <text>]]

Options:
  -d, --district <file>  the district configuration (default: the shipped sample district;
                         none: no configured halls, every hall is learnt from its events)
  -h, --help             show this help

  nats-auth prints the nats-server authorization block for the district: one nkey user per
  hall, allowed only its own subjects, and a cloud user. The halls' nkey seeds are written to
  --seeds (JSON, site → seed; keep it secret). Cloud user: QMS_NATS_USER / QMS_NATS_PASSWORD.

  hash-password reads a password (typed twice, or the first line of stdin) and prints its
  scrypt hash for the users file, or with --user and --role the whole entry as JSON.

Environment:
  QMS_NATS_URL           NATS server(s) with JetStream, comma-separated (default nats://127.0.0.1:4222)
  QMS_NATS_USER, QMS_NATS_PASSWORD, QMS_NATS_TOKEN, QMS_NATS_NKEY_SEED
                         NATS credentials of the cloud
  QMS_REDIS_URL          Redis (default redis://127.0.0.1:6379)
  QMS_REDIS_PREFIX       prefix of every Redis key (default qms:)
  QMS_HTTP_PORT          HTTP port of the console and API (default 8090; 0 = any free port)
  QMS_HTTP_HOST          HTTP address (default 0.0.0.0)
  QMS_NATS_ROOT          first token of every NATS subject (default qms)
  QMS_STREAM_PREFIX      prefix of the stream names (default QMS: QMS_EVT, QMS_CMD)
  QMS_NATS_REPLICAS      JetStream replicas of both streams (default 1; 3 on a three-node cluster)
  QMS_INSTANCE_ID        this instance's id among several (default <host>-<pid>-<random>)
  QMS_DISTRICT           the district file, like --district
  QMS_JOBS               0 to run without BullMQ jobs (default 1)
  QMS_USERS_FILE         the console's accounts (default: the demo accounts in cloud/demo-users.json)
  QMS_LOG_LEVEL          pino level (default info)

Several instances share the halls: start more with the same NATS, Redis and prefix. Each hall
is applied by one instance at a time; when one stops or dies its halls move within seconds.
`

const argv = process.argv.slice(2)
if (argv[0] === 'nats-auth') {
  process.exit(await natsAuthCommand(argv.slice(1), process.env))
}
if (argv[0] === 'hash-password') {
  process.exit(await hashPasswordCommand(argv.slice(1)))
}

const { values } = parseArgs({
  args: argv,
  options: { district: { type: 'string', short: 'd' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
})

if (values.help === true) {
  process.stdout.write(HELP)
  process.exit(0)
}

const env = process.env
const log = pino({
  level: env.QMS_LOG_LEVEL ?? 'info',
  base: { service: 'qms-cloud' },
  redact: ['config.nats.password', 'config.nats.token', 'config.nats.nkeySeed', 'password'],
})

const int = (name: string): number | undefined => {
  const v = env[name]
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) {
    log.fatal({ variable: name, value: v }, 'not an integer')
    process.exit(2)
  }
  return n
}
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

const config: CloudConfigInput = {
  ...(env.QMS_INSTANCE_ID ? { instanceId: env.QMS_INSTANCE_ID } : {}),
  ...(values.district === 'none' || env.QMS_DISTRICT === 'none'
    ? {}
    : { district: values.district ?? env.QMS_DISTRICT ?? sampleDistrictPath() }),
  nats: defined({
    servers: env.QMS_NATS_URL?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    user: env.QMS_NATS_USER,
    password: env.QMS_NATS_PASSWORD,
    token: env.QMS_NATS_TOKEN,
    nkeySeed: env.QMS_NATS_NKEY_SEED,
    root: env.QMS_NATS_ROOT,
    streamPrefix: env.QMS_STREAM_PREFIX,
    replicas: int('QMS_NATS_REPLICAS'),
  }),
  redis: defined({ url: env.QMS_REDIS_URL, prefix: env.QMS_REDIS_PREFIX }),
  http: defined({ port: int('QMS_HTTP_PORT'), host: env.QMS_HTTP_HOST }),
  jobs: env.QMS_JOBS === '0' ? { enabled: false } : {},
}

let cloud: Awaited<ReturnType<typeof createCloud>>
try {
  cloud = await createCloud({
    config,
    logger: log,
    // The job board is for district admins signed in to the console.
    adminGuard: guard({ role: 'district-admin', signIn: '/console/' }),
    plugins: [
      consolePlugin({
        logger: log,
        ...(env.QMS_USERS_FILE ? { usersFile: env.QMS_USERS_FILE } : {}),
      }),
      livePlugin({ logger: log }),
    ],
  })
} catch (err) {
  log.fatal({ err, code: isQmsError(err) ? err.code : undefined }, 'qms-cloud could not start')
  process.exit(1)
}

log.info(
  {
    port: cloud.port,
    host: cloud.config.http.host,
    instance: cloud.instanceId,
    sites: cloud.discovery.sites().size,
  },
  'listening',
)

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'draining')
  // Past this, exit anyway: a hang must not keep a deploy waiting.
  setTimeout(() => {
    log.error('drain took too long, exiting')
    process.exit(1)
  }, 15_000).unref()
  cloud.close().then(
    () => {
      log.info('stopped')
      process.exit(0)
    },
    (err: unknown) => {
      log.error({ err }, 'stop failed')
      process.exit(1)
    },
  )
}
process.once('SIGTERM', () => stop('SIGTERM'))
process.once('SIGINT', () => stop('SIGINT'))
