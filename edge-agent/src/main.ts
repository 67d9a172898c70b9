import { parseArgs } from 'node:util'

const HELP = `qms-edge — the hall's edge agent: embedded MQTT broker, queue engine, journal, printers,
serial keypads, uplink to the cloud, and the hall's local HTTP.

Usage:
  qms-edge --config <hall.json>

Options:
  -c, --config <file>   the hall configuration (see protocol/sample/halls/ for examples)
  -h, --help            show this help

Environment (overrides the configuration):
  QMS_BROKER_PORT       MQTT over TCP port (default 1883)
  QMS_BROKER_WS_PORT    MQTT over WebSocket port (default 8883)
  QMS_HTTP_PORT         HTTP port of the hall screen, kiosk and API (default 8080)
  QMS_DATA_DIR          folder of the hall's journal (default ./data/<hall id>)
  QMS_NATS_URL          NATS server(s) of the cloud uplink, comma-separated
`

const { values } = parseArgs({
  options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
})

if (values.help === true || values.config === undefined) {
  process.stdout.write(HELP)
  process.exit(values.help === true ? 0 : 2)
}
process.stderr.write('qms-edge: the edge agent is not built yet\n')
process.exit(1)
