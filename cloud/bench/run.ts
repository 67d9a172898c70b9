import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { Redis } from 'ioredis'
import { createCloud } from '../src/cloud.js'
import { type District, type DistrictSite, emptyDistrict } from '../src/district/district.js'
import type { AppliedBatch } from '../src/intake/intake.js'
import { simCategoryOf } from '../test/helpers/hall-events.js'

/*
 * npm run bench -w cloud
 *
 * Many simulated halls per publisher process send realistic event mixes (issued, called,
 * started, completed, recalls, no-shows, transfers, cancellations, ratings, devices…) to
 * JetStream; one cloud instance applies them to the Redis projections. Printed beside the raw
 * JetStream rates measured in the same run, on a scratch stream, with the same publishers:
 *
 *   1. raw publish      the publishers' events/s into a scratch stream (PubAck each)
 *   2. raw consume      that stream read back as the cloud reads (a pull consumer per hall,
 *                       JSON parsed, acknowledged) without checking, applying or writing
 *   3. cloud catch-up   a backlog of hall events applied by a cloud started after it was sent
 *   4. cloud live       halls sending at a steady rate while the cloud applies: applied events/s
 *                       and projection lag p50/p99 (hall timestamp → Redis write)
 *
 * Targets on a 2-core machine: ≥ 10,000 events/s on one instance, lag p99 < 1 s, ≥ 0.5 of raw.
 * Settings (env): BENCH_HALLS (120), BENCH_EVENTS (240000: per phase), BENCH_PUBLISHERS (2),
 * BENCH_RATE (5000 events/s in the live phase: the simulated halls, NATS, Redis and the cloud
 * share the machine's two cores, so the halls' rate is kept below what saturates them),
 * QMS_NATS_URL, QMS_REDIS_URL.
 */

const env = process.env
const HALLS = Number(env.BENCH_HALLS ?? 120)
const EVENTS = Number(env.BENCH_EVENTS ?? 240_000)
const PUBLISHERS = Number(env.BENCH_PUBLISHERS ?? 2)
const RATE = Number(env.BENCH_RATE ?? 5000)
const NATS = env.QMS_NATS_URL ?? 'nats://127.0.0.1:4222'
const REDIS = env.QMS_REDIS_URL ?? 'redis://127.0.0.1:6379'
const WINDOW = 1000
const id = randomUUID().replaceAll('-', '').slice(0, 8)
const root = `bench${id}`
const streamPrefix = `BENCH${id.toUpperCase()}`
const prefix = `bench${id}:`
const perSite = Math.ceil(EVENTS / HALLS)
const total = perSite * HALLS

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const quantile = (sorted: number[], q: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

/**
 * Runs the publisher processes over `sites`; resolves with the aggregate events/s, timed by
 * the publishers themselves (their start-up is not counted).
 */
async function publish(opts: {
  sites: string[]
  rate: number
  raw: boolean
  seed: number
}): Promise<{ rate: number; ackP50: number; ackP99: number }> {
  const shares = Array.from({ length: PUBLISHERS }, (_, i) =>
    opts.sites.filter((_, j) => j % PUBLISHERS === i),
  )
  const reports: { ms: number; ackP50: number; ackP99: number }[] = []
  await Promise.all(
    shares.map(
      (sites, i) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--conditions=@qms/source',
              '--import=tsx',
              new URL('./publisher.ts', import.meta.url).pathname,
              JSON.stringify({
                servers: NATS,
                root,
                streamPrefix,
                sites,
                perSite,
                rate: opts.rate / PUBLISHERS,
                window: WINDOW,
                raw: opts.raw,
                seed: opts.seed + i * 1000,
              }),
            ],
            { stdio: ['ignore', 'pipe', 'inherit'] },
          )
          let out = ''
          child.stdout?.on('data', (d: Buffer) => {
            out += d.toString()
          })
          child.on('exit', (code) => {
            if (code !== 0) return reject(new Error(`publisher exited ${code}`))
            reports.push(JSON.parse(out) as { ms: number; ackP50: number; ackP99: number })
            resolve()
          })
        }),
    ),
  )
  return {
    rate: total / (Math.max(...reports.map((r) => r.ms)) / 1000),
    ackP50: Math.max(...reports.map((r) => r.ackP50)),
    ackP99: Math.max(...reports.map((r) => r.ackP99)),
  }
}

/**
 * The benchmark's district: the halls of the live phase are configured, so the cloud owns them
 * and has their consumers ready before they send (as with a real district); the catch-up halls
 * are learnt from their events.
 */
function benchDistrict(configured: string[]): District {
  const halls = new Map<string, DistrictSite>(
    configured.map((id) => [
      id,
      {
        id,
        name: id,
        kind: 'station',
        location: { lat: 30.7, lng: 120.7 },
        timezone: 'Asia/Shanghai',
      },
    ]),
  )
  return { ...emptyDistrict(), sites: halls, categoryOf: simCategoryOf }
}

const sites = (tag: string) =>
  Array.from({ length: HALLS }, (_, i) => `${tag}-${String(i).padStart(3, '0')}`)

const nc = await connect({ servers: NATS, name: 'qms-bench' })
const jsm = await jetstreamManager(nc)
const redis = new Redis(REDIS)
const cleanup = async () => {
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(streamPrefix)) await jsm.streams.delete(name).catch(() => undefined)
  }
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next
    if (keys.length > 0) await redis.unlink(...keys)
  } while (cursor !== '0')
}

console.log(
  `qms-cloud bench: ${HALLS} halls, ${fmt(total)} events per phase, ${PUBLISHERS} publisher processes, live rate ${fmt(RATE)}/s`,
)
try {
  // 1–2. Raw JetStream on a scratch stream with the same publishers and payloads.
  const scratch = `${streamPrefix}_RAW`
  await jsm.streams.add({
    name: scratch,
    subjects: [`${root}.raw.>`],
    duplicate_window: 300e9,
    allow_direct: true,
  })
  const rawPublish = (await publish({ sites: sites('raw'), rate: 0, raw: true, seed: 1 })).rate
  // Read back as the cloud reads: one pull consumer per hall, JSON parsed, acknowledged (AckAll)
  // per pulled batch — everything the cloud does but check, apply and write to Redis.
  const js = jetstream(nc)
  let consumed = 0
  const rawSites = sites('raw')
  for (const site of rawSites) {
    await jsm.consumers.add(scratch, {
      durable_name: `raw-${site}`,
      ack_policy: AckPolicy.All,
      filter_subject: `${root}.raw.${site}`,
      max_ack_pending: 20_000,
    })
  }
  const consumeStart = performance.now()
  await new Promise<void>((resolve) => {
    for (const site of rawSites) {
      void (async () => {
        const messages = await (await js.consumers.get(scratch, `raw-${site}`)).consume({
          max_messages: 1000,
        })
        let last: { ack(): void } | undefined
        let n = 0
        for await (const m of messages) {
          JSON.parse(new TextDecoder().decode(m.data))
          last = m
          if (++n % 100 === 0 || n === perSite) last.ack()
          if (++consumed === total) resolve()
          if (n === perSite) break
        }
      })()
    }
  })
  const rawConsume = total / ((performance.now() - consumeStart) / 1000)
  await jsm.streams.delete(scratch)

  // 3. Catch-up: a backlog sent before the cloud starts.
  const cloudConfig = {
    instanceId: `bench-${id}`,
    nats: { servers: [NATS], root, streamPrefix },
    redis: { url: REDIS, prefix },
    http: { listen: false },
    jobs: { enabled: false },
    intake: { discoveryMs: 500 },
  }
  // The streams exist before the backlog is sent: a short-lived cloud creates them.
  await (
    await createCloud({
      config: cloudConfig,
      district: benchDistrict([]),
    })
  ).close()
  const backlogPublish = (await publish({ sites: sites('cu'), rate: 0, raw: false, seed: 2 })).rate
  let applied = 0
  let firstApplied = 0
  let firstLive = 0
  let catchUpDone: () => void = () => {}
  const caughtUp = new Promise<void>((r) => {
    catchUpDone = r
  })
  const lags: number[] = []
  const intakeLags: number[] = []
  let live = false
  const onApplied = (b: AppliedBatch) => {
    if (firstApplied === 0) firstApplied = performance.now()
    applied += b.count
    if (live && firstLive === 0) firstLive = performance.now()
    if (live) for (const l of b.lagsMs) lags.push(l)
    if (live) for (const l of b.intakeLagsMs) intakeLags.push(l)
    if (!live && applied >= total) catchUpDone()
  }
  const catchUpStart = performance.now()
  const cloud = await createCloud({
    config: cloudConfig,
    district: benchDistrict(sites('lv')),
  })
  cloud.intake.on('applied', onApplied)
  await caughtUp
  const startup = firstApplied - catchUpStart
  const catchUp = total / ((performance.now() - firstApplied) / 1000)

  // 4. Live: halls sending at a steady rate while the cloud applies.
  while (sites('lv').some((s) => cloud.intake.worker(s)?.phase !== 'running')) {
    await new Promise((r) => setTimeout(r, 50))
  }
  live = true
  applied = 0
  const liveSites = sites('lv')
  const livePublish = await publish({ sites: liveSites, rate: RATE, raw: false, seed: 3 })
  while (applied < total) await new Promise((r) => setTimeout(r, 20))
  const liveApplied = total / ((performance.now() - firstLive) / 1000)
  lags.sort((a, b) => a - b)
  const p50 = quantile(lags, 0.5)
  const p99 = quantile(lags, 0.99)
  intakeLags.sort((a, b) => a - b)
  const restarts = (await cloud.metrics.siteRestarts.get()).values.reduce((n, v) => n + v.value, 0)
  await cloud.close()

  const ratio = (a: number, b: number) => (a / b).toFixed(2)
  const row = (label: string, value: string, note = '') =>
    console.log(`  ${label.padEnd(34)} ${value.padStart(14)}  ${note}`)
  console.log('\nraw JetStream (scratch stream, same run)')
  row('publish (PubAck each)', `${fmt(rawPublish)}/s`)
  row('consume (pull per hall, parse, ack)', `${fmt(rawConsume)}/s`)
  console.log('\ncloud, one instance')
  row(
    'backlog publish',
    `${fmt(backlogPublish)}/s`,
    `${ratio(backlogPublish, rawPublish)} of raw publish`,
  )
  row(
    'catch-up: start to first write',
    `${fmt(startup)} ms`,
    `(${HALLS} halls loaded, consumers made)`,
  )
  row(
    'catch-up: applied',
    `${fmt(catchUp)}/s`,
    `${ratio(catchUp, rawConsume)} of raw consume  (target ≥ 10,000/s, ≥ 0.5)`,
  )
  row('live: halls sending', `${fmt(livePublish.rate)}/s`, `(asked ${fmt(RATE)}/s)`)
  row(
    'live: hall → PubAck p50 / p99',
    `${livePublish.ackP50} / ${livePublish.ackP99} ms`,
    '(JetStream’s share of the lag)',
  )
  row(
    'live: applied',
    `${fmt(liveApplied)}/s`,
    `${ratio(liveApplied, livePublish.rate)} of the halls’ rate`,
  )
  row('live: projection lag p50', `${p50.toFixed(0)} ms`)
  row('live: projection lag p99', `${p99.toFixed(0)} ms`, '(target < 1000 ms)')
  row(
    'live: stored → projection p50 / p99',
    `${quantile(intakeLags, 0.5).toFixed(0)} / ${quantile(intakeLags, 0.99).toFixed(0)} ms`,
    '(the cloud’s own share)',
  )
  row('hall restarts (should be 0)', String(restarts))
  const met = catchUp >= 10_000 && p99 < 1000 && catchUp / rawConsume >= 0.5
  console.log(`\ntargets ${met ? 'met' : 'NOT met'}`)
} finally {
  await cleanup()
  redis.disconnect()
  await nc.close()
}
