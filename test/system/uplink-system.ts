import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node'
import type { DeviceResponse, EventEnvelope, HallConfig, NatsNames } from '@qms/protocol'
import { mqttTopics } from '@qms/protocol'
import mqtt, { type MqttClient } from 'mqtt'
import { redisUrl, type Spawned, spawnProcess, type Teardown } from '../src/index.js'

/*
 * Whole-system helpers for the uplink's tests: the real `qms-edge` and `qms-cloud` as child
 * processes (compiled: run `npx tsc -b` first), real MQTT devices of a sample hall, and reading
 * back what the event stream holds.
 */

const root = new URL('../../', import.meta.url)
export const EDGE_BIN = new URL('edge-agent/bin/qms-edge.js', root).pathname
export const CLOUD_BIN = new URL('cloud/bin/qms-cloud.js', root).pathname
const SAMPLE = new URL('protocol/sample/', root).pathname

export async function tempDir(t: Teardown, prefix = 'qms-system-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/**
 * A sample hall's file in `dir`, without its ticket printers (none listen here: every take would
 * journal a print fault) and with the sample catalogue by absolute path.
 */
export async function sampleHall(dir: string, site: string): Promise<string> {
  const hall = JSON.parse(
    await readFile(join(SAMPLE, 'halls', `${site}.json`), 'utf8'),
  ) as HallConfig
  delete hall.printers
  for (const d of hall.devices) delete d.printer
  hall.catalogue = join(SAMPLE, 'catalogue.json')
  const file = join(dir, `${site}.json`)
  await writeFile(file, JSON.stringify(hall))
  return file
}

const namesEnv = (names: NatsNames) => ({
  QMS_NATS_ROOT: names.root,
  QMS_STREAM_PREFIX: names.eventStream.replace(/_EVT$/, ''),
})

export interface CloudProcess {
  proc: Spawned
  url: string
}

/** `qms-cloud` on a free port with its own Redis prefix and NATS names; jobs off. */
export async function spawnCloud(
  t: Teardown,
  options: { natsUrl: string; names: NatsNames; redisPrefix: string; env?: NodeJS.ProcessEnv },
): Promise<CloudProcess> {
  const proc = spawnProcess(t, process.execPath, [CLOUD_BIN], {
    env: {
      QMS_NATS_URL: options.natsUrl,
      QMS_REDIS_URL: redisUrl(),
      QMS_REDIS_PREFIX: options.redisPrefix,
      QMS_HTTP_PORT: '0',
      QMS_HTTP_HOST: '127.0.0.1',
      QMS_JOBS: '0',
      QMS_LOG_LEVEL: 'info',
      ...namesEnv(options.names),
      ...options.env,
    },
  })
  const line = await proc.waitForLine(/"msg":"listening"/, 60_000)
  const { port } = JSON.parse(line) as { port: number }
  return { proc, url: `http://127.0.0.1:${port}` }
}

export interface EdgeProcess {
  proc: Spawned
  mqttUrl: string
  httpUrl: string
}

/** `qms-edge` for a hall file on free ports, with its journal in `dataDir` and an uplink. */
export async function spawnEdge(
  t: Teardown,
  options: {
    hallFile: string
    dataDir: string
    natsUrl: string
    names: NatsNames
    env?: NodeJS.ProcessEnv
  },
): Promise<EdgeProcess> {
  const proc = spawnProcess(t, process.execPath, [EDGE_BIN, '--config', options.hallFile], {
    env: {
      QMS_BROKER_PORT: '0',
      QMS_BROKER_WS_PORT: '0',
      QMS_HTTP_PORT: '0',
      QMS_HTTP_HOST: '127.0.0.1',
      QMS_DATA_DIR: options.dataDir,
      QMS_NATS_URL: options.natsUrl,
      QMS_LOG_LEVEL: 'info',
      ...namesEnv(options.names),
      ...options.env,
    },
  })
  const line = await proc.waitForLine(/"event":"listening"/, 60_000)
  const { mqtt: mqttPort, http } = JSON.parse(line) as { mqtt: number; http: number }
  return { proc, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, httpUrl: `http://127.0.0.1:${http}` }
}

export async function getJson<T>(url: string, cookie?: string): Promise<T> {
  const res = await fetch(url, cookie === undefined ? {} : { headers: { cookie } })
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Signs in to the cloud's console with the sample district's demo admin; returns the cookie. */
export async function signIn(cloudUrl: string): Promise<string> {
  const res = await fetch(`${cloudUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: 'chenghu-admin' }),
  })
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (cookie === undefined) throw new Error('sign-in set no cookie')
  return cookie
}

export interface Device {
  id: string
  client: MqttClient
  /** Sends a request and resolves with the edge's answer. */
  request(body: Record<string, unknown>): Promise<DeviceResponse>
}

let counter = 0

/** A real MQTT device of a sample hall (demo token), TCP_NODELAY set. */
export async function connectDevice(
  t: Teardown,
  url: string,
  site: string,
  id: string,
): Promise<Device> {
  const client = await mqtt.connectAsync(url, {
    clientId: id,
    username: id,
    password: `demo-${site}-${id}`,
    reconnectPeriod: 0,
  })
  ;(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true)
  t.teardown(() => client.endAsync(true))
  const waiting = new Map<string, (r: DeviceResponse) => void>()
  client.on('message', (_topic, payload) => {
    const r = JSON.parse(payload.toString()) as DeviceResponse
    if (r.reqId !== undefined) waiting.get(r.reqId)?.(r)
    if (r.reqId !== undefined) waiting.delete(r.reqId)
  })
  await client.subscribeAsync(mqttTopics.response(site, id), { qos: 1 })
  return {
    id,
    client,
    request(body) {
      const reqId = `${id}-${process.pid}-${++counter}`
      const answer = new Promise<DeviceResponse>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${id}: no answer to ${reqId}`)), 20_000)
        waiting.set(reqId, (r) => {
          clearTimeout(timer)
          resolve(r)
        })
      })
      // A lost connection shows as no answer; the publish's own error says nothing more.
      client
        .publishAsync(mqttTopics.request(site, id), JSON.stringify({ reqId, ...body }), { qos: 1 })
        .catch(() => undefined)
      return answer
    },
  }
}

export async function connectTo(t: Teardown, url: string, opts = {}): Promise<NatsConnection> {
  const nc = await connect({ servers: url, name: 'qms-system-test', ...opts })
  t.teardown(() => nc.close())
  return nc
}

export interface StoredEvent {
  msgId: string
  event: EventEnvelope
}

/** Every message on a hall's event subject, in stream order. */
export async function readEvents(
  nc: NatsConnection,
  names: NatsNames,
  site: string,
): Promise<StoredEvent[]> {
  const jsm = await jetstreamManager(nc)
  const subject = names.events(site)
  const info = await jsm.streams.info(names.eventStream, { subjects_filter: subject })
  const total = info.state.subjects?.[subject] ?? 0
  const out: StoredEvent[] = []
  if (total === 0) return out
  const { name } = await jsm.consumers.add(names.eventStream, {
    filter_subject: subject,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    inactive_threshold: nanos(60_000),
  })
  const consumer = await jetstream(nc).consumers.get(names.eventStream, name)
  while (out.length < total) {
    const batch = await consumer.fetch({
      max_messages: Math.min(1000, total - out.length),
      expires: 5000,
    })
    let got = 0
    for await (const m of batch) {
      got++
      out.push({ msgId: m.headers?.get('Nats-Msg-Id') ?? '', event: m.json<EventEnvelope>() })
    }
    if (got === 0) break
  }
  return out
}

/** Whether `stored` is exactly seq 1..n once each, in order, with the message ids `<site>:<seq>`. */
export function exactlyInOrder(stored: StoredEvent[], site: string, n: number): string | true {
  if (stored.length !== n) return `${stored.length} messages stored, expected ${n}`
  for (let i = 0; i < n; i++) {
    const s = stored[i] as StoredEvent
    if (s.event.seq !== i + 1) return `message ${i + 1} in the stream has seq ${s.event.seq}`
    if (s.msgId !== `${site}:${i + 1}`) return `message ${i + 1} has id ${s.msgId}`
  }
  return true
}

/** A metric's value from a Prometheus text page (the first series matching all labels). */
export function metricValue(page: string, name: string, labels: Record<string, string> = {}) {
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return undefined
}

/**
 * When the test fails, writes the tail of each process's output (and `more`) to stderr: a
 * whole-system failure is explained by what the processes said.
 */
export function explainFailure(
  t: Teardown & { passing(): boolean },
  procs: Record<string, Spawned>,
  more?: () => string,
): void {
  t.teardown(() => {
    if (t.passing()) return
    for (const [name, proc] of Object.entries(procs))
      process.stderr.write(`\n--- ${name} (last lines) ---\n${proc.output().slice(-6000)}\n`)
    if (more !== undefined) process.stderr.write(`\n--- test ---\n${more()}\n`)
  })
}

export interface StallProxy {
  port: number
  /** Stops carrying bytes both ways without closing anything: a link gone silent. */
  stall(): void
  /** Carries bytes again (what waited in TCP buffers goes through). */
  resume(): void
}

/**
 * A TCP proxy that can go silent: unlike a cut, nobody learns that the link is gone, so only
 * timeouts and pings can tell (a dead mobile link, a router losing state).
 */
export async function startStallProxy(
  t: Teardown,
  target: { host: string; port: number },
): Promise<StallProxy> {
  const { createConnection, createServer } = await import('node:net')
  const sockets = new Set<import('node:net').Socket>()
  /** Bytes held while stalled, per direction, in order. */
  const held: Array<{ to: import('node:net').Socket; data: Buffer }> = []
  let stalled = false
  const carry = (to: import('node:net').Socket) => (data: Buffer) => {
    if (stalled) held.push({ to, data })
    else to.write(data)
  }
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.host, port: target.port })
    for (const s of [client, upstream]) {
      s.setNoDelay(true)
      sockets.add(s)
    }
    client.on('data', carry(upstream))
    upstream.on('data', carry(client))
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  )
  return {
    port: (server.address() as { port: number }).port,
    stall() {
      stalled = true
    },
    resume() {
      stalled = false
      for (const { to, data } of held.splice(0)) if (!to.destroyed) to.write(data)
    },
  }
}
