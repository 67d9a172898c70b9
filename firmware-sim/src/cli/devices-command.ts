import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type HallConfig, HallConfig as HallConfigSchema, schemaIssues } from '@qms/protocol'
import { startHallDevices } from '../devices/hall-devices.js'
import { resolveTokens, type TokenSource } from '../devices/tokens.js'
import { type CliIo, type CliRun, EXIT, finished, problems } from './io.js'

export const DEVICES_HELP = `qms-sim devices — power on every device of a hall (模拟大厅设备)

Usage:
  qms-sim devices --config <hall.json> [--broker mqtt://host:port] [--tokens demo|tokens.json]
                  [--kinds dispenser,caller,…]

Runs the hall's dispensers, callers, window screens, hall screen, booth sensors and evaluators
as firmware would: each connects with its id and token, publishes its retained status with a last
will, resubscribes after a reconnect and backs off while the broker is away, saying so here.
Stop with Ctrl-C.

Options:
  --config <file>   the hall file (protocol/sample/halls/*.json)
  --broker <url>    the hall's broker (default mqtt://127.0.0.1:<broker.tcpPort or 1883>)
  --tokens <t>      demo (demo-<hall>-<device>, default) or a JSON file {deviceId: token}
  --kinds <list>    only these kinds: dispenser, caller, window-display, hall-display, sensor, evaluator
  -h, --help        show this help
`

const KINDS = new Set([
  'dispenser',
  'caller',
  'window-display',
  'hall-display',
  'sensor',
  'evaluator',
])

export function devicesCommand(argv: string[], io: CliIo): CliRun {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        broker: { type: 'string' },
        tokens: { type: 'string', default: 'demo' },
        kinds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (err) {
    return problems(
      io,
      'bad arguments',
      [{ path: 'argv', reason: (err as Error).message }],
      'devices',
    )
  }
  if (values.help === true) {
    io.stdout.write(DEVICES_HELP)
    return finished(EXIT.ok)
  }
  const file = values.config as string | undefined
  if (file === undefined)
    return problems(io, 'bad arguments', [{ path: '--config', reason: 'required' }], 'devices')
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    return problems(
      io,
      `cannot read ${file}`,
      [{ path: file, reason: (err as Error).message }],
      'devices',
    )
  }
  const schema = schemaIssues(HallConfigSchema, raw)
  if (schema.length > 0) return problems(io, `invalid hall ${file}`, schema, 'devices')
  const hall = raw as HallConfig
  const bad: Array<{ path: string; reason: string }> = []
  const kinds =
    values.kinds === undefined ? undefined : new Set((values.kinds as string).split(','))
  for (const k of kinds ?? [])
    if (!KINDS.has(k)) bad.push({ path: '--kinds', reason: `unknown kind "${k}"` })
  const broker =
    (values.broker as string | undefined) ?? `mqtt://127.0.0.1:${hall.broker?.tcpPort ?? 1883}`
  if (!/^(mqtt|mqtts|ws|wss):\/\/\S+$/.test(broker))
    bad.push({ path: '--broker', reason: `"${broker}" is not an MQTT URL` })
  let source: TokenSource = { kind: 'demo' }
  if (values.tokens !== 'demo') {
    try {
      source = {
        kind: 'map',
        tokens: JSON.parse(readFileSync(values.tokens as string, 'utf8')) as Record<string, string>,
      }
    } catch (err) {
      bad.push({
        path: '--tokens',
        reason: `cannot read ${values.tokens}: ${(err as Error).message}`,
      })
    }
  }
  if (bad.length > 0) return problems(io, 'bad arguments', bad, 'devices')
  const { tokens, issues } = resolveTokens(hall, source)
  const tokenIssues = issues.filter((i) => {
    const d = hall.devices[Number(i.path.split('/')[2])]
    return kinds === undefined || (d !== undefined && kinds.has(d.kind))
  })
  if (tokenIssues.length > 0)
    return problems(
      io,
      `devices of ${hall.id} without a valid token`,
      tokenIssues.map((i) => ({ path: `${file}#${i.path}`, reason: i.reason })),
      'devices',
    )

  const devices = startHallDevices({ hall, url: broker, tokens, kinds })
  io.stderr.write(`qms-sim: ${devices.devices.length} devices of ${hall.id} → ${broker}\n`)
  for (const d of devices.devices) {
    d.on('state', (s) => {
      const why = s.error === undefined ? '' : ` (${s.error})`
      const text =
        s.state === 'reconnecting'
          ? `broker unreachable${why}, attempt ${s.attempt}, next in ${((s.delayMs ?? 0) / 1000).toFixed(1)} s`
          : s.state
      io.stderr.write(`${new Date(s.at).toISOString()} ${d.id} ${d.kind}: ${text}\n`)
    })
    d.on('invalid', (m) =>
      io.stderr.write(`${d.id}: invalid message on ${m.topic}: ${m.error.message}\n`),
    )
  }
  let resolveDone: (code: number) => void = () => undefined
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve
  })
  return {
    done,
    stop: async () => {
      await devices.close()
      resolveDone(EXIT.ok)
    },
  }
}
