/*
 * The edge agent under load: N simulated devices (real MQTT clients, TCP_NODELAY) send requests
 * at a set rate; take→answer and call→window-screen latencies beside the raw aedes QoS 1
 * round trip and a raw synchronous SQLite commit measured in the same run.
 *
 *   npm run bench -w edge-agent -- --devices 20 --rate 200 --seconds 15 --sync FULL
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createEdgeAgent, hashToken, setNoDelay } from '@qms/edge-agent'
import { type DeviceResponse, mqttTopics } from '@qms/protocol'
import mqtt, { type MqttClient } from 'mqtt'
import { rawCommit, rawRoundTrip } from './baselines.js'
import { benchCatalogue, benchHall } from './hall.js'
import { ms, type Summary, summarize } from './stats.js'

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '20' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '15' },
    sync: { type: 'string', default: 'FULL' },
    baseline: { type: 'string', default: '1500' },
  },
})
const devices = Number(values.devices)
const rate = Number(values.rate)
const seconds = Number(values.seconds)
const sync = values.sync === 'NORMAL' ? 'NORMAL' : 'FULL'
// Devices: a third are window callers (each with its window screen listening), the rest dispensers.
const windows = Math.max(1, Math.round(devices / 3))
const dispensers = Math.max(1, devices - windows)

const site = 'bench'
const line = (label: string, s: Summary, extra = '') =>
  console.log(
    `${label.padEnd(42)} p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  (n=${s.n})${extra}`,
  )

console.log(
  `qms edge bench: ${dispensers} dispensers + ${windows} callers at ${rate} req/s for ${seconds} s, journal ${sync}`,
)
const n = Number(values.baseline)
interface Baseline {
  rtt: Summary
  commit: Summary
}
/** The raw figures, paced at the bench's rate: the disk and the machine as the agent finds them. */
async function baseline(when: string): Promise<Baseline> {
  const rtt = await rawRoundTrip(n, rate)
  const loop = await rawCommit(n, 'FULL')
  const full = await rawCommit(n, 'FULL', rate)
  const normal = await rawCommit(n, 'NORMAL', rate)
  console.log(`baseline ${when}:`)
  line(`  raw aedes QoS 1 round trip, ${rate}/s`, rtt)
  line('  raw SQLite commit FULL, back to back', loop)
  line(`  raw SQLite commit FULL, ${rate}/s`, full)
  line(`  raw SQLite commit NORMAL, ${rate}/s`, normal)
  return { rtt, commit: sync === 'FULL' ? full : normal }
}
const before = await baseline('before the run')

const dataDir = mkdtempSync(join(tmpdir(), 'qms-bench-'))
const hall = benchHall(site, dispensers, windows, hashToken)
const agent = await createEdgeAgent({
  hall,
  catalogue: benchCatalogue(),
  dataDir,
  broker: { host: '127.0.0.1', tcpPort: 0, wsPort: 0 },
  http: { host: '127.0.0.1', port: 0 },
  synchronous: sync,
  printerFactory: null,
})
const url = `mqtt://127.0.0.1:${agent.ports.mqtt}`

async function connect(id: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId: id, username: id, password: `tok-${id}` })
  setNoDelay(client)
  await client.subscribeAsync([mqttTopics.response(site, id), mqttTopics.command(site, id)], {
    qos: 1,
  })
  return client
}

const pending = new Map<string, (r: DeviceResponse) => void>()
const answerOf = (client: MqttClient) =>
  client.on('message', (topic, payload) => {
    if (!topic.endsWith('/res')) return
    const r = JSON.parse(payload.toString()) as DeviceResponse
    if (r.reqId !== undefined) pending.get(r.reqId)?.(r)
  })
let seqNo = 0
function request(client: MqttClient, id: string, body: Record<string, unknown>) {
  const reqId = `${id}-${++seqNo}`
  const answered = new Promise<DeviceResponse>((resolve) => pending.set(reqId, resolve))
  client.publish(mqttTopics.request(site, id), JSON.stringify({ reqId, ...body }), { qos: 1 })
  return answered.finally(() => pending.delete(reqId))
}

const kiosks = await Promise.all(Array.from({ length: dispensers }, (_, i) => connect(`k${i + 1}`)))
for (const k of kiosks) answerOf(k)
const callers = await Promise.all(Array.from({ length: windows }, (_, i) => connect(`c${i + 1}`)))
for (const c of callers) answerOf(c)
const screens = await Promise.all(Array.from({ length: windows }, (_, i) => connect(`w${i + 1}`)))
/** When each window's screen showed a ticket. */
const shownAt = new Map<string, number>()
const showWaiters = new Map<string, (at: number) => void>()
for (const s of screens)
  s.on('message', (_topic, payload) => {
    const cmd = JSON.parse(payload.toString()) as { cmd: string; ticket?: string; window?: string }
    if (cmd.cmd !== 'show') return
    const key = `${cmd.window} ${cmd.ticket}`
    const at = performance.now()
    shownAt.set(key, at)
    showWaiters.get(key)?.(at)
  })
for (const [i, c] of callers.entries())
  await request(c, `c${i + 1}`, { op: 'open', window: String(i + 1) })

// Warm up, then the measured run: open loop, one request every 1/rate s, round robin.
const takes: number[] = []
const calls: number[] = []
const errors = new Map<string, number>()
const inFlight = new Set<Promise<unknown>>()
/** A window is busy from its call until its complete is answered. */
const busy = new Set<number>()
let nextKiosk = 0
let nextWindow = 0
let sent = 0

function fire(measure: boolean) {
  sent++
  // Two takes for each call+complete keep the queue from running dry.
  const window = (nextWindow++ % windows) + 1
  const doCall = sent % 3 === 0 && !busy.has(window)
  if (doCall) {
    busy.add(window)
    const c = callers[window - 1]!
    const id = `c${window}`
    const started = performance.now()
    const p = request(c, id, { op: 'call', window: String(window) }).then(async (r) => {
      if (r.ok && r.op === 'call') {
        const key = `${window} ${r.result.ticket}`
        const at =
          shownAt.get(key) ??
          (await new Promise<number>((resolve) => showWaiters.set(key, resolve)))
        showWaiters.delete(key)
        if (measure) calls.push(at - started)
        await request(c, id, { op: 'complete', window: String(window) })
      } else if (!r.ok) errors.set(r.error.code, (errors.get(r.error.code) ?? 0) + 1)
      busy.delete(window)
    })
    inFlight.add(p)
    p.finally(() => inFlight.delete(p))
    return
  }
  const k = nextKiosk++ % dispensers
  const started = performance.now()
  const p = request(kiosks[k]!, `k${k + 1}`, {
    op: 'take',
    item: sent % 7 === 0 ? 'HJ-002' : 'HJ-001',
    ...(sent % 10 === 0 ? { priority: 'elderly' } : {}),
  }).then((r) => {
    if (measure) takes.push(performance.now() - started)
    if (!r.ok) errors.set(r.error.code, (errors.get(r.error.code) ?? 0) + 1)
  })
  inFlight.add(p)
  p.finally(() => inFlight.delete(p))
}

async function drive(durationMs: number, measure: boolean): Promise<number> {
  const interval = 1000 / rate
  const start = performance.now()
  let n = 0
  while (performance.now() - start < durationMs) {
    const due = start + n * interval
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    else if (wait > 0) await new Promise((r) => setImmediate(r))
    fire(measure)
    n++
  }
  await Promise.all([...inFlight])
  return (n * 1000) / (performance.now() - start)
}

await drive(2000, false)
// How long the event loop (agent and simulated devices share it) was held up during the run.
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()
const done = await drive(seconds * 1000, true)
loopDelay.disable()
/** Sum and count of one of the agent's histograms. */
async function histogram(name: string): Promise<{ sum: number; count: number }> {
  const text = await agent.metrics.registry.getSingleMetricAsString(name)
  const read = (what: string) =>
    Number(new RegExp(`_${what}\\{[^}]*\\} ([0-9.e+-]+)`).exec(text)?.[1] ?? 0)
  return { sum: read('sum'), count: read('count') }
}
const batches = await histogram('qms_edge_journal_batch_requests')
const commits = await histogram('qms_edge_journal_commit_seconds')

for (const c of [...kiosks, ...callers, ...screens]) await c.endAsync()
await agent.close()
rmSync(dataDir, { recursive: true, force: true })

const after = await baseline('after the run')
// The disk's sync time drifts (other work on the machine); the fair baseline is the mean of
// what was measured just before and just after.
const mean = (f: (b: Baseline) => number) => (f(before) + f(after)) / 2
const base50 = mean((b) => b.rtt.p50) + mean((b) => b.commit.p50)
const base99 = mean((b) => b.rtt.p99) + mean((b) => b.commit.p99)
const take = summarize(takes)
const call = summarize(calls)
console.log('')
line(
  'edge take → answer',
  take,
  `   ${(take.p50 / base50).toFixed(2)}× / ${(take.p99 / base99).toFixed(2)}× the raw sum`,
)
line(
  'edge call → window screen',
  call,
  `   ${(call.p50 / base50).toFixed(2)}× / ${(call.p99 / base99).toFixed(2)}× the raw sum`,
)
console.log(
  `requests/s ${done.toFixed(1)} (offered ${rate}); ${batches.count} journal commits of ` +
    `${(batches.sum / Math.max(1, batches.count)).toFixed(2)} requests, ` +
    `${ms((commits.sum * 1000) / Math.max(1, commits.count))} each on average (whole run)`,
)
console.log(
  `event loop delay during the run: p50 ${ms(loopDelay.percentile(50) / 1e6)}, ` +
    `p99 ${ms(loopDelay.percentile(99) / 1e6)}, max ${ms(loopDelay.max / 1e6)}`,
)
if (errors.size > 0)
  console.log(`error answers: ${[...errors].map(([c, k]) => `${c} ${k}`).join(', ')}`)
const worst = Math.max(take.p99, call.p99)
console.log(
  `raw sum (round trip + one commit, mean of before and after): p50 ${ms(base50)}, p99 ${ms(base99)}`,
)
console.log(
  `target p99 ≤ 3 × raw sum p99 = ${ms(3 * base99)}: ${worst <= 3 * base99 ? 'met' : 'NOT met'} ` +
    `(worst p99 ${ms(worst)}, ${(worst / base99).toFixed(2)}×)`,
)
