import { parseArgs } from 'node:util'

const HELP = `qms-cloud — the cloud scheduler: intake of every hall's events, projections, predictions,
balancing, alerts, jobs, the console and the public API.

Usage:
  qms-cloud [--district <district.json>]

Options:
  -d, --district <file>  the district configuration (default: the shipped sample district)
  -h, --help             show this help

Environment:
  QMS_NATS_URL           NATS server(s) with JetStream, comma-separated (default nats://127.0.0.1:4222)
  QMS_REDIS_URL          Redis (default redis://127.0.0.1:6379)
  QMS_HTTP_PORT          HTTP port of the console and API (default 8090)
`

const { values } = parseArgs({
  options: { district: { type: 'string', short: 'd' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
})

if (values.help === true) {
  process.stdout.write(HELP)
  process.exit(0)
}
process.stderr.write('qms-cloud: the cloud scheduler is not built yet\n')
process.exit(1)
