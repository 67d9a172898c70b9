import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { createDistrict, type District, type DistrictEvent } from './district.js'
import { DEFAULT_HALLS, DEFAULT_SPEED, type DistrictOptions, resolveOptions } from './options.js'
import { eventLine, footer, offlineNotice, serviceLine, urlTable } from './output/report.js'
import { ChildStartError } from './processes/child.js'

const HELP = `qms-district — run a whole district on this machine (npm start)
在本机运行整个区县：云端、各大厅、虚拟打印机、模拟设备和到店人流

Usage:
  npm start [-- options]
  qms-district [--halls hub,st-01,…] [--speed 30 | --no-arrivals] [--data .data] [--ports fixed|free]

Options (each also an environment variable):
  --halls <ids>          halls of the sample district (default ${DEFAULT_HALLS.join(',')})    QMS_DISTRICT_HALLS
  --speed <k>            arrivals run k× faster than real time (default ${DEFAULT_SPEED})             QMS_DISTRICT_SPEED
  --no-arrivals          devices on, nobody arrives (QMS_DISTRICT_SPEED=0)
  --scenario <file>      the day the arrivals play (default launcher/scenarios/district-day.json)  QMS_DISTRICT_SCENARIO
  --data <dir>           journals, logs, printed tickets (default .data)               QMS_DISTRICT_DATA
  --ports fixed|free     fixed: cloud 8090, halls 8101…, MQTT 1884…; free: any     QMS_DISTRICT_PORTS
  --host <addr>          listen address (default 127.0.0.1; 0.0.0.0 for phones on the LAN) QMS_DISTRICT_HOST
  --hall-nats <s>=<url>  one hall's own NATS URL, repeatable                       QMS_DISTRICT_HALL_NATS
  --external <h>/<dev>   devices not to simulate (a real keypad), comma-separated  QMS_DISTRICT_EXTERNAL
  -h, --help             show this help

Services: NATS with JetStream at QMS_NATS_URL (default nats://127.0.0.1:4222) and Redis at
QMS_REDIS_URL (default redis://127.0.0.1:6379) when they answer; otherwise private nats-server /
redis-server (QMS_NATS_SERVER, QMS_REDIS_SERVER, else PATH) with their data under <data>/services;
otherwise the halls run on their own. QMS_NATS_ROOT, QMS_STREAM_PREFIX, QMS_REDIS_PREFIX,
QMS_USERS_FILE, QMS_JOBS and QMS_LOG_LEVEL are passed on to the cloud and the halls.

Ctrl-C stops everything in order (arrivals, halls, cloud, services) and loses nothing; a second
Ctrl-C forces. Exit codes: 0 stopped cleanly, 1 failed, 2 bad arguments.
`

const out = (line: string) => process.stdout.write(`${line}\n`)
const fail = (message: string, code = 2): never => {
  process.stderr.write(`qms-district: ${message}\n`)
  process.exit(code)
}

function options(): DistrictOptions {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      options: {
        halls: { type: 'string' },
        speed: { type: 'string' },
        'no-arrivals': { type: 'boolean' },
        scenario: { type: 'string' },
        data: { type: 'string' },
        ports: { type: 'string' },
        host: { type: 'string' },
        'hall-nats': { type: 'string', multiple: true },
        external: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${HELP}`)
  }
  if (values.help === true) {
    process.stdout.write(HELP)
    process.exit(0)
  }
  const env = process.env
  const pick = (flag: string, variable: string) =>
    (values[flag] as string | undefined) ?? (env[variable] || undefined)
  const list = (text: string | undefined) =>
    text
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  const speedText = values['no-arrivals'] === true ? '0' : pick('speed', 'QMS_DISTRICT_SPEED')
  const speed = speedText === undefined ? DEFAULT_SPEED : Number(speedText)
  if (!Number.isFinite(speed) || speed < 0 || speed > 3600)
    fail(`--speed: "${speedText}" is not a number from 0 (no arrivals) to 3600`)
  const ports = pick('ports', 'QMS_DISTRICT_PORTS') ?? 'fixed'
  if (ports !== 'fixed' && ports !== 'free') fail(`--ports: "${ports}" is neither fixed nor free`)
  const hallNats: Record<string, string> = {}
  for (const pair of [
    ...((values['hall-nats'] as string[] | undefined) ?? []),
    ...(list(env.QMS_DISTRICT_HALL_NATS) ?? []),
  ]) {
    const m = /^([a-z0-9][a-z0-9-]{0,31})=(nats:\/\/\S+)$/.exec(pair)
    if (m === null) fail(`--hall-nats: "${pair}" is not <hall>=nats://host:port`)
    else hallNats[m[1]!] = m[2]!
  }
  const scenario = pick('scenario', 'QMS_DISTRICT_SCENARIO')
  return {
    dataDir: pick('data', 'QMS_DISTRICT_DATA') ?? '.data',
    halls: list(pick('halls', 'QMS_DISTRICT_HALLS')) ?? DEFAULT_HALLS,
    host: pick('host', 'QMS_DISTRICT_HOST') ?? '127.0.0.1',
    ports,
    nats: { url: env.QMS_NATS_URL || undefined, program: env.QMS_NATS_SERVER },
    redis: {
      url: env.QMS_REDIS_URL || undefined,
      prefix: env.QMS_REDIS_PREFIX || undefined,
      program: env.QMS_REDIS_SERVER,
    },
    names: {
      root: env.QMS_NATS_ROOT || undefined,
      streamPrefix: env.QMS_STREAM_PREFIX || undefined,
    },
    hallNats,
    externalDevices: list(pick('external', 'QMS_DISTRICT_EXTERNAL')) ?? [],
    traffic: speed === 0 ? false : { speed, ...(scenario === undefined ? {} : { scenario }) },
    jobs: env.QMS_JOBS !== '0',
    usersFile: env.QMS_USERS_FILE || undefined,
    logLevel: env.QMS_LOG_LEVEL || 'info',
  } as DistrictOptions
}

const opts = options()
const resolved = (() => {
  try {
    return resolveOptions(opts)
  } catch (err) {
    return fail((err as Error).message)
  }
})()
const started = performance.now()
// The launcher's own log; its children's logs are beside it.
const log = pino(
  { level: 'info', base: { part: 'launcher' } },
  pino.destination({ dest: join(resolved.logDir, 'launcher.log'), mkdir: true, sync: false }),
)
process.stdout.on('error', () => undefined)

out('')
out('澄湖区 · 在本机运行整个区县  Chenghu District, whole, on this machine')
out('  正在启动 starting: NATS, Redis, 云端 cloud, 大厅 halls, 打印机 printers, 设备 devices …')

let district: District | undefined
let printed = 0
let lastProgress: { now: number; people: number } | undefined
const onEvent = (e: DistrictEvent) => {
  const quiet = e.type === 'traffic' || e.type === 'printed'
  const entry = { event: { ...e, ...('error' in e ? { error: e.error.message } : {}) } }
  if (quiet) log.debug(entry, e.type)
  else log.info(entry, e.type)
  if (e.type === 'service') out(serviceLine(e.service, resolved.dataDir))
  else if (e.type === 'printed') printed++
  else if (e.type === 'traffic') lastProgress = { now: e.progress.now, people: e.progress.people }
  else if (district !== undefined || e.type === 'left-running') {
    const line = eventLine(e)
    if (line !== undefined) out(line)
  }
}

try {
  district = await createDistrict(opts, onEvent)
} catch (err) {
  out('')
  out(`  ✗ 启动失败 could not start: ${(err as Error).message}`)
  if (err instanceof ChildStartError && err.tail !== '')
    out(
      err.tail
        .split('\n')
        .slice(-15)
        .map((l) => `      ${l.slice(0, 240)}`)
        .join('\n'),
    )
  out(`    日志 logs: ${resolved.logDir}`)
  log.error({ err }, 'start failed')
  log.flush()
  process.exit(1)
}

const d = district
if (d.nats !== undefined && d.redis !== undefined)
  for (const line of offlineNotice(d.nats, d.redis)) out(line)
for (const line of urlTable(d.urls(), { demoLogin: resolved.usersFile === undefined })) out(line)
for (const line of footer({
  dataDir: resolved.dataDir,
  speed: resolved.traffic === false ? false : resolved.traffic.speed,
  seconds: (performance.now() - started) / 1000,
}))
  out(line)
writeFileSync(
  join(resolved.dataDir, 'run', 'urls.json'),
  `${JSON.stringify({ ...d.urls(), pid: process.pid }, null, 2)}\n`,
)
log.info({ urls: d.urls(), ms: Math.round(performance.now() - started) }, 'ready')

// Now and then, one line of how the day goes.
const STATUS_MS = 60_000
const status = setInterval(() => {
  if (lastProgress === undefined) return
  const time = new Date(lastProgress.now + 8 * 3_600_000).toISOString().slice(11, 16)
  out(
    `  · 模拟时间 hall time ${time} · 今日到店 arrived today ${lastProgress.people} · 已打印小票 tickets printed ${printed}`,
  )
}, STATUS_MS)
status.unref()

let stopping = false
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    out(`  ! 强制停止 forced stop (${signal})`)
    d.kill()
    log.warn({ signal }, 'forced stop')
    log.flush()
    process.exit(1)
  }
  stopping = true
  clearInterval(status)
  out('')
  out(
    '  正在停止 stopping: 到店 arrivals → 大厅 halls → 云端 cloud → 服务 services … (再按 Ctrl-C 强制 again to force)',
  )
  log.info({ signal }, 'stopping')
  const t0 = performance.now()
  const hard = setTimeout(() => {
    out('  ! 停止超时 stop took too long: forcing')
    d.kill()
    process.exit(1)
  }, 90_000)
  hard.unref()
  d.close().then(
    () => {
      out(
        `  已停止 stopped in ${((performance.now() - t0) / 1000).toFixed(1)} s; 各厅流水已保存 every hall's journal is on disk (${resolved.dataDir}/halls/)`,
      )
      log.info('stopped')
      log.flush()
      process.exit(0)
    },
    (err: unknown) => {
      out(`  ✗ 停止出错 stop failed: ${(err as Error).message}`)
      log.error({ err }, 'stop failed')
      log.flush()
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
