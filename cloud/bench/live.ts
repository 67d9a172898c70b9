import { readFileSync } from 'node:fs'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { createQueueEngine, type QueueRequest } from '@qms/edge-agent/queue'
import {
  type Catalogue,
  type CloudCommand,
  type EventEnvelope,
  type HallConfig,
  natsNames,
} from '@qms/protocol'
import { Redis } from 'ioredis'
import { createCloud } from '../src/cloud.js'
import { emptyDistrict } from '../src/district/district.js'
import { type Live, livePlugin } from '../src/live/plugin.js'
import {
  createForwardPredictor,
  createHallStats,
  learnEvent,
  refreshHall,
} from '../src/predict/index.js'

/*
 * The live cloud's timings on the sample hub with 200 people waiting (24 windows, every one
 * busy), with a real NATS and Redis:
 *
 *   1. a full refresh of the hub: the forward predictor (200 runs) over every waiting ticket and a
 *      newcomer to every offered item, in the prediction worker, then the statuses, balance and
 *      banner — beside the raw predictor on the same state on the main thread (the floor);
 *   2. end to end, an event published by the hall → the `predictions` command that saw it read
 *      from the hall's `cmd-<site>` consumer — beside the raw JetStream round trip of a message
 *      to that same consumer (the floor of any command).
 *
 *   npx tsx --conditions=@qms/source cloud/bench/live.ts   (BENCH_SAMPLES=10, BENCH_RUNS=200)
 */

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 10)
const RUNS = Number(process.env.BENCH_RUNS ?? 200)
const NATS = process.env.QMS_NATS_URL ?? 'nats://127.0.0.1:4222'
const REDIS = process.env.QMS_REDIS_URL ?? 'redis://127.0.0.1:6379'
const id = Math.random().toString(36).slice(2, 10)
const names = natsNames({ root: `bench${id}`, streamPrefix: `BENCH${id.toUpperCase()}` })
const prefix = `bench${id}:`

const sample = new URL('../../protocol/sample/', import.meta.url)
const catalogue = JSON.parse(readFileSync(new URL('catalogue.json', sample), 'utf8')) as Catalogue
const hall = JSON.parse(readFileSync(new URL('halls/hub.json', sample), 'utf8')) as HallConfig
// Open around the clock, so the figures do not depend on the hour the bench runs.
hall.hours = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }]

const ms = (n: number) => `${n.toFixed(1)} ms`
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}
const sleep = (n: number) => new Promise((r) => setTimeout(r, n))

const nc = await connect({ servers: NATS })
const js = jetstream(nc)
let live: Live | undefined
const cloud = await createCloud({
  district: {
    ...emptyDistrict(),
    catalogue,
    categoryOf: (i) => catalogue.items.find((x) => x.code === i)?.category,
  },
  config: {
    nats: { servers: [NATS], root: names.root, streamPrefix: `BENCH${id.toUpperCase()}` },
    redis: { url: REDIS, prefix },
    http: { listen: false },
    jobs: { enabled: false },
  },
  plugins: [
    livePlugin({
      halls: [hall],
      catalogue,
      settings: { runs: RUNS, workers: 1, refreshEveryMs: 3_600_000 },
      ...(process.env.BENCH_DEBUG
        ? { logger: (await import('pino')).pino({ level: 'debug' }) }
        : {}),
      onStart: (l) => {
        live = l
      },
    }),
  ],
})

// The hall: every window open and busy, 200 more waiting, events published as its edge does.
const engine = createQueueEngine({ hall, catalogue })
const events: EventEnvelope[] = []
let rid = 0
const publish = async (request: Partial<QueueRequest> & { op: string }) => {
  const now = Date.now()
  const d = engine.execute({ reqId: `b${++rid}`, ...request } as QueueRequest, { now })
  if (!d.ok) return // a window with nobody to call for it stays idle
  for (const e of d.events) {
    const envelope = {
      v: 1,
      site: 'hub',
      seq: events.length + 1,
      ts: new Date(now).toISOString(),
      ...e,
    } as EventEnvelope
    events.push(envelope)
    await js.publish(names.events('hub'), JSON.stringify(envelope), {
      msgID: names.eventMsgId('hub', envelope.seq),
    })
  }
}
const offered = [...engine.model.offered.values()]
const total = offered.reduce((n, i) => n + (i.demand ?? 1), 0)
let seed = 7
const pick = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  let u = (seed / 2 ** 31) * total
  for (const i of offered) {
    u -= i.demand ?? 1
    if (u <= 0) return i.code
  }
  return offered[0]!.code
}
for (const w of hall.windows) await publish({ op: 'open', window: w.no })
for (let i = 0; i < 200 + hall.windows.length; i++) await publish({ op: 'take', item: pick() })
for (const w of hall.windows) await publish({ op: 'call', window: w.no })

// The hall's command consumer, read as the edge reads it.
const received: Array<{ at: number; cmd: CloudCommand }> = []
let consumer: Awaited<ReturnType<typeof js.consumers.get>> | undefined
while (consumer === undefined) {
  consumer = await js.consumers.get(names.commandStream, 'cmd-hub').catch(() => undefined)
  if (consumer === undefined) await sleep(100)
}
const messages = await consumer.consume()
void (async () => {
  for await (const m of messages) {
    received.push({ at: performance.now(), cmd: JSON.parse(m.string()) as CloudCommand })
    m.ack()
  }
})()
const predictionFor = async (seq: number, since: number, timeoutMs = 60_000) => {
  const deadline = performance.now() + timeoutMs
  let shown = 0
  for (;;) {
    if (process.env.BENCH_DEBUG && received.length > shown) {
      for (const r of received.slice(shown))
        console.error(r.cmd.type, (r.cmd.data as { seq?: number }).seq)
      shown = received.length
    }
    const hit = received.find(
      (r) => r.at >= since && r.cmd.type === 'predictions' && r.cmd.data.seq >= seq,
    )
    if (hit !== undefined) return hit
    if (performance.now() > deadline) throw new Error(`no predictions for seq ${seq}`)
    await sleep(2)
  }
}
await predictionFor(events.length, 0, 120_000)
const waiting = engine.waiting().length
console.log(
  `hub: ${hall.windows.length} windows busy, ${waiting} waiting, ${offered.length} items, ${RUNS} runs`,
)

// 1. Full refresh: the live pipeline against the raw predictor on the same state.
const hallLive = live!.halls.hall('hub')!
const refreshMs: number[] = []
const predictMs: number[] = []
const hist = live!.metrics.predictSeconds
for (let i = 0; i < SAMPLES; i++) {
  const before = (await hist.get()).values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0
  const t0 = performance.now()
  const done = new Promise<void>((resolve) => hallLive.once('refreshed', () => resolve()))
  hallLive.markDirty()
  await done
  refreshMs.push(performance.now() - t0)
  const after = (await hist.get()).values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0
  predictMs.push((after - before) * 1000)
  await sleep(1100)
}
const stats = createHallStats('hub')
const state = engine.state
for (const e of events) learnEvent(stats, state, e, Date.parse(e.ts))
const rawMs: number[] = []
for (let i = 0; i < Math.min(SAMPLES, 5); i++) {
  const t0 = performance.now()
  refreshHall(createForwardPredictor({ runs: RUNS }), { state, stats, now: Date.now() })
  rawMs.push(performance.now() - t0)
}
const med = (xs: number[]) => pct(xs, 0.5)
console.log(`\n1. full refresh of the hub (median of ${SAMPLES})`)
console.log(
  `   live refresh, start → command stored     ${ms(med(refreshMs))}   p90 ${ms(pct(refreshMs, 0.9))}`,
)
console.log(`   of which the predictor in its worker     ${ms(med(predictMs))}`)
console.log(
  `   raw predictor, same state, main thread   ${ms(med(rawMs))}   ratio ${(med(refreshMs) / med(rawMs)).toFixed(2)}×`,
)

// 2. End to end: one event at a time, spaced so the debounce never holds it back.
const e2e: number[] = []
for (let i = 0; i < SAMPLES; i++) {
  await sleep(1200)
  const t0 = performance.now()
  await publish({ op: 'take', item: pick() })
  const hit = await predictionFor(events.length, t0)
  e2e.push(hit.at - t0)
}
const raw: number[] = []
for (let i = 0; i < SAMPLES; i++) {
  const t0 = performance.now()
  const marker = `raw-${i}`
  await js.publish(names.commands('hub'), JSON.stringify({ type: 'raw', id: marker }))
  for (;;) {
    if (received.some((r) => (r.cmd as { id?: string }).id === marker)) break
    await sleep(1)
  }
  raw.push(performance.now() - t0)
}
console.log(
  `\n2. event published by the hall → predictions command at the hall (${SAMPLES} events)`,
)
console.log(
  `   live                          p50 ${ms(pct(e2e, 0.5))}   p90 ${ms(pct(e2e, 0.9))}   max ${ms(Math.max(...e2e))}`,
)
console.log(`   raw JetStream command hop      p50 ${ms(pct(raw, 0.5))}   p90 ${ms(pct(raw, 0.9))}`)
console.log(`   ratio (p50)                    ${(pct(e2e, 0.5) / pct(raw, 0.5)).toFixed(0)}×`)

await messages.close()
await cloud.close()
const jsm = await jetstreamManager(nc)
for await (const s of jsm.streams.names())
  if (s.startsWith(`BENCH${id.toUpperCase()}_`)) await jsm.streams.delete(s)
await nc.close()
const redis = new Redis(REDIS)
let cursor = '0'
do {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
  cursor = next
  if (keys.length > 0) await redis.unlink(...keys)
} while (cursor !== '0')
redis.disconnect()
