import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectAsync } from 'mqtt'
import { EventCalendar } from '../src/accelerated/calendar.js'
import { runAccelerated } from '../src/accelerated/run.js'
import { Caller } from '../src/devices/caller.js'
import { loadScenario } from '../src/scenario/load.js'

/*
 * Benchmarks (figures for the report, never a pass/fail):
 * 1. Accelerated mode: the sample district's full day; simulated events per second and wall
 *    time, beside a raw baseline measured in the same run — the same number of bare event
 *    calendar operations (schedule + run an empty event), without the engine or the people.
 * 2. Live mode: devices per core — the CPU time each simulated caller spends per simulated
 *    minute (one request and its answer, and the hall snapshot every 10 simulated seconds), the
 *    broker in another process; beside a raw mqtt.js client doing the same traffic.
 */

const here = new URL('.', import.meta.url).pathname

function accelerated() {
  const loaded = loadScenario(join(here, '../scenarios/sample-normal-day.json'))
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
  runAccelerated({ scenario: loaded.value }) // warm-up
  const runs = [1, 2, 3].map(() => runAccelerated({ scenario: loaded.value }))
  const best = runs.reduce((a, b) => (a.stats.wallMs < b.stats.wallMs ? a : b))
  const events = best.stats.events
  // Raw baseline: the same number of bare calendar events, each scheduling the next.
  const cal = new EventCalendar(0)
  let left = events
  const tick = () => {
    if (--left > 0) cal.after(Math.random() * 1000, tick)
  }
  for (let i = 0; i < 200; i++) cal.at(Math.random() * 1000, tick)
  const t0 = performance.now()
  cal.run()
  const rawMs = performance.now() - t0
  const simRate = events / (best.stats.wallMs / 1000)
  const rawRate = cal.processed / (rawMs / 1000)
  console.log('accelerated — sample district, full day (sample-normal-day.json)')
  console.log(
    `  people ${best.summary.total.arrivals}, halls ${best.sites.length}, simulated events ${events}`,
  )
  console.log(
    `  wall time ${best.stats.wallMs.toFixed(0)} ms (best of 3 after a warm-up; runs: ${runs.map((r) => r.stats.wallMs.toFixed(0)).join(', ')} ms)`,
  )
  console.log(
    `  ${simRate.toFixed(0)} simulated events/s; raw calendar ${rawRate.toFixed(0)} events/s; ratio ${(rawRate / simRate).toFixed(1)}× (engine + people per event)`,
  )
}

async function live() {
  const n = Number(process.env.QMS_BENCH_DEVICES ?? 200)
  const speed = 60
  const simMinutes = 20
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'broker-child.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve) =>
    child.stdout.once('data', (d: Buffer) =>
      resolve((JSON.parse(d.toString()) as { port: number }).port),
    ),
  )
  const url = `mqtt://127.0.0.1:${port}`
  const snapshot = JSON.stringify({
    v: 1,
    site: 'bench',
    name: '基准厅',
    ts: new Date().toISOString(),
    day: '2026-03-02',
    seq: 1,
    open: true,
    calls: [],
    windows: [],
    queues: [],
    guidance: [],
    link: { connected: true, behindEvents: 0, behindSec: 0 },
  })
  const realMs = (simMinutes * 60_000) / speed

  const measure = async (
    label: string,
    each: (i: number) => Promise<{ send(): Promise<void>; close(): Promise<void> }>,
  ) => {
    const devices = await Promise.all(Array.from({ length: n }, (_, i) => each(i)))
    await sleep(500)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    let seq = 1
    const timers: NodeJS.Timeout[] = []
    // Each device: one request per simulated minute, spread out; a hall snapshot every 10 s.
    devices.forEach((d, i) => {
      const start = setTimeout(
        () => {
          void d.send()
          timers.push(setInterval(() => void d.send(), 60_000 / speed))
        },
        (i / n) * (60_000 / speed),
      )
      timers.push(start)
    })
    timers.push(
      setInterval(
        () => child.stdin.write(`${snapshot.replace('"seq":1', `"seq":${++seq}`)}\n`),
        10_000 / speed,
      ),
    )
    await sleep(realMs)
    for (const t of timers) clearInterval(t)
    const cpu = process.cpuUsage(cpu0)
    const wall = performance.now() - t0
    await Promise.all(devices.map((d) => d.close()))
    const cpuMs = (cpu.user + cpu.system) / 1000
    const perDeviceMinute = cpuMs / (n * simMinutes)
    console.log(
      `  ${label}: ${n} devices, ${simMinutes} simulated min at ${speed}× in ${(wall / 1000).toFixed(1)} s: CPU ${cpuMs.toFixed(0)} ms → ${perDeviceMinute.toFixed(3)} ms per device per simulated minute → ${(60_000 / perDeviceMinute).toFixed(0)} devices per core in real time`,
    )
    return perDeviceMinute
  }
  console.log('live — simulated callers against a broker in another process')
  const dev = await measure('qms-sim Caller', async (i) => {
    const c = new Caller({ url, site: 'bench', id: `c${i}`, window: String(i), token: 'x' })
    await c.connect()
    return {
      send: async () => void (await c.call().catch(() => undefined)),
      close: () => c.close(),
    }
  })
  const raw = await measure('raw mqtt.js client', async (i) => {
    const client = await connectAsync(url, { clientId: `r${i}`, reconnectPeriod: 0 })
    client.on('error', () => undefined)
    ;(client.stream as { setNoDelay?: (b: boolean) => void }).setNoDelay?.(true)
    await client.subscribeAsync([`qms/v1/bench/dev/r${i}/res`, 'qms/v1/bench/hall'], { qos: 1 })
    let k = 0
    return {
      send: async () => {
        await client.publishAsync(
          `qms/v1/bench/dev/r${i}/req`,
          JSON.stringify({ reqId: `r${i}-${++k}`, op: 'call', window: String(i) }),
          { qos: 1 },
        )
      },
      close: () => client.endAsync(true).catch(() => undefined),
    }
  })
  console.log(
    `  ratio ${(dev / raw).toFixed(2)}× the raw client's CPU (validation of every message, timeouts, retries, state)`,
  )
  child.stdin.end()
  child.kill()
}

accelerated()
await live()
