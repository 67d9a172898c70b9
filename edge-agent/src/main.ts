import { parseArgs } from 'node:util'
import pino from 'pino'
import { createEdgeAgent } from './agent.js'
import { startUplink } from './cloud/uplink-module.js'
import { type EdgeEnv, ENV_OVERRIDES, formatProblems, loadEdgeSettings } from './config/index.js'
import { registerHallPages } from './http/pages.js'

const HELP = `qms-edge — the hall's edge agent: embedded MQTT broker, queue engine, journal, printers,
serial keypads, uplink to the cloud, and the hall's local HTTP.

Usage:
  qms-edge --config <hall.json>

Options:
  -c, --config <file>   the hall configuration (see protocol/sample/halls/ for examples)
  -h, --help            show this help

Environment (overrides the configuration):
${Object.entries(ENV_OVERRIDES)
  .map(([name, what]) => `  ${name.padEnd(20)}  ${what}`)
  .join('\n')}

Exit codes: 0 stopped cleanly, 1 failed while running, 2 bad arguments or configuration.
`

/** After SIGTERM the agent has this long to drain and close before the process exits anyway. */
const HARD_EXIT_MS = 10_000

let values: { config?: string; help?: boolean }
try {
  values = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }).values
} catch (err) {
  process.stderr.write(`qms-edge: ${(err as Error).message}\n\n${HELP}`)
  process.exit(2)
}

if (values.help === true || values.config === undefined) {
  process.stdout.write(HELP)
  process.exit(values.help === true ? 0 : 2)
}

const env: EdgeEnv = {}
for (const name of Object.keys(ENV_OVERRIDES) as Array<keyof EdgeEnv>) env[name] = process.env[name]
const loaded = loadEdgeSettings(values.config, env)
if (!loaded.ok) {
  process.stderr.write(formatProblems(values.config, loaded.problems))
  process.exit(2)
}
const settings = loaded.settings
const logger = pino({ level: settings.logLevel, base: { site: settings.hall.id } })

try {
  const agent = await createEdgeAgent({
    hall: settings.hall,
    catalogue: settings.catalogue,
    dataDir: settings.dataDir,
    broker: settings.broker,
    http: settings.http,
    logger,
    // The hall screen, window screens and kiosk pages (@qms/hall-display) under /display, /kiosk.
    routes: (app) => registerHallPages(app, { logger: logger.child({ part: 'pages' }) }),
  })
  const uplink =
    settings.uplink === undefined ? undefined : await startUplink(agent, settings.uplink, logger)
  logger.info(
    {
      event: 'listening',
      mqtt: agent.ports.mqtt,
      ws: agent.ports.ws,
      http: agent.ports.http,
      dataDir: settings.dataDir,
      seq: agent.journal.lastSeq(),
    },
    'qms-edge listening',
  )
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal }, 'draining')
    setTimeout(() => {
      logger.error('drain took too long: exiting')
      process.exit(1)
    }, HARD_EXIT_MS).unref()
    void (async () => {
      // The drain answers what is in flight and journals it; the uplink then sends all of it
      // before it closes, so the cloud (and tonight's report) has the hall's day up to its end.
      await agent.drain()
      await uplink?.close()
      await agent.close()
      logger.info({ seq: agent.journal.lastSeq() }, 'stopped')
      logger.flush()
      process.exit(0)
    })().catch((err) => {
      logger.fatal({ err }, 'close failed')
      process.exit(1)
    })
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
} catch (err) {
  logger.fatal({ err }, 'qms-edge could not start')
  logger.flush()
  process.exit(1)
}
