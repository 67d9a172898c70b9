import { jetstream } from '@nats-io/jetstream'
import { type CloudCommand, PROTOCOL_VERSION, type SiteDetail } from '@qms/protocol'
import t from 'tap'
import { natsUrl, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '../src/index.js'
import {
  connectDevice,
  connectTo,
  exactlyInOrder,
  explainFailure,
  getJson,
  metricValue,
  readEvents,
  sampleHall,
  signIn,
  spawnCloud,
  spawnEdge,
  startStallProxy,
  tempDir,
} from './uplink-system.js'

/*
 * A hall out of reach, with real `qms-edge` and `qms-cloud` processes: a phone take gets a clear
 * 503 within the cloud's 2 s RPC timeout when the hall's link has gone silent, and at once when
 * the hall is stopped, never a hang; commands sent while the hall was stopped arrive when it
 * starts again, the stale one dropped and counted; the cloud ends with exactly the hall's events.
 */

const SITE = 'st-01'
t.setTimeout(300_000)

interface EdgeState {
  seq: number
  diversion?: boolean
  link: { connected: boolean; behindEvents: number }
}

let commandNo = 0
function command<T extends CloudCommand['type']>(
  type: T,
  data: Extract<CloudCommand, { type: T }>['data'],
  sentAgoMs: number,
  ttlMs: number,
): CloudCommand {
  const sent = Date.now() - sentAgoMs
  return {
    v: PROTOCOL_VERSION,
    id: `test-${Date.now().toString(36)}-${++commandNo}`,
    site: SITE,
    ts: new Date(sent).toISOString(),
    expiresAt: new Date(sent + ttlMs).toISOString(),
    type,
    data,
  } as CloudCommand
}

const phoneTake = async (cloudUrl: string) => {
  const started = performance.now()
  const res = await fetch(`${cloudUrl}/api/virtual-tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: SITE, item: 'HJ-001' }),
  })
  return { res, seconds: (performance.now() - started) / 1000 }
}

t.test(
  'a hall out of reach: 503 within the RPC timeout, commands kept for it, nothing lost',
  async (t) => {
    const names = uniqueNatsNames(t)
    const redisPrefix = uniqueRedisPrefix(t)
    const dir = await tempDir(t)
    const hallFile = await sampleHall(dir, SITE)
    const nats = new URL(natsUrl())
    const proxy = await startStallProxy(t, { host: nats.hostname, port: Number(nats.port) })
    const cloud = await spawnCloud(t, { natsUrl: natsUrl(), names, redisPrefix })
    const edgeOptions = {
      hallFile,
      dataDir: `${dir}/data`,
      natsUrl: `nats://127.0.0.1:${proxy.port}`,
      names,
    }
    let edge = await spawnEdge(t, edgeOptions)
    explainFailure(t, { edge: edge.proc, cloud: cloud.proc })
    const state = () => getJson<EdgeState>(`${edge.httpUrl}/api/state`)
    await waitFor(async () => (await state()).link.connected, {
      what: 'the uplink up',
      timeoutMs: 30_000,
    })

    // Reachable: the hall issues the phone's ticket.
    const first = await phoneTake(cloud.url)
    t.equal(first.res.status, 201)
    const { ticket } = (await first.res.json()) as { ticket: string }
    t.match(await getJson(`${edge.httpUrl}/api/tickets/${ticket}`), { ticket, channel: 'mobile' })

    // Silent: the request reaches nobody who answers; the cloud gives up after its RPC timeout.
    proxy.stall()
    const silent = await phoneTake(cloud.url)
    t.equal(silent.res.status, 503)
    t.match(await silent.res.json(), { code: 'UNAVAILABLE' })
    t.ok(
      silent.seconds < 3,
      `503 after ${silent.seconds.toFixed(3)} s (the cloud's RPC timeout is 2 s)`,
    )
    const stalledAt = performance.now()
    const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1')
    for (let i = 0; i < 20; i++) t.ok((await k1.request({ op: 'take', item: 'HJ-002' })).ok)
    await waitFor(async () => !(await state()).link.connected, {
      what: 'the hall noticing the silent link',
      timeoutMs: 30_000,
    })
    t.comment(`silent link noticed in ${((performance.now() - stalledAt) / 1000).toFixed(2)} s`)
    proxy.resume()
    await waitFor(async () => (await state()).link.connected, {
      what: 'the link back',
      timeoutMs: 30_000,
    })

    // Stopped: nothing listens on the hall's subject; the answer is immediate.
    t.equal(await edge.proc.stop('SIGTERM'), 0, 'the hall stops cleanly')
    const stopped = await phoneTake(cloud.url)
    t.equal(stopped.res.status, 503)
    t.ok(stopped.seconds < 3, `503 after ${stopped.seconds.toFixed(3)} s with the hall stopped`)

    // Commands for the stopped hall wait in its consumer.
    const nc = await connectTo(t, natsUrl())
    const js = jetstream(nc)
    const send = (c: CloudCommand) =>
      js.publish(names.commands(SITE), JSON.stringify(c), { msgID: c.id })
    await send(command('config', { diversion: true }, 0, 600_000))
    await send(command('config', { recallLimit: 1 }, 7_200_000, 3_600_000)) // stale an hour ago

    edge = await spawnEdge(t, edgeOptions)
    explainFailure(t, { edge: edge.proc })
    await waitFor(async () => (await state()).diversion === true, {
      what: 'the commands applied after the restart',
      timeoutMs: 30_000,
    })
    await waitFor(
      async () => {
        const m = await (await fetch(`${edge.httpUrl}/metrics`)).text()
        return metricValue(m, 'qms_edge_uplink_commands_total', { result: 'COMMAND_EXPIRED' }) === 1
          ? m
          : undefined
      },
      { what: 'the stale command counted' },
    ).then((m) => {
      // The live cloud sends predictions and guidance of its own: ours is among those applied.
      t.ok((metricValue(m, 'qms_edge_uplink_commands_total', { result: 'applied' }) ?? 0) >= 1)
      t.equal(metricValue(m, 'qms_edge_commands_dropped_total', { reason: 'expired' }), 1)
    })

    // Nothing was lost across the silence, the stop and the restart.
    const n = (await state()).seq
    await waitFor(async () => (await state()).link.behindEvents === 0, { what: 'all sent' })
    const cookie = await signIn(cloud.url)
    await waitFor(
      async () => (await getJson<SiteDetail>(`${cloud.url}/api/sites/${SITE}`, cookie)).seq === n,
      { what: 'the cloud at the hall’s seq', timeoutMs: 60_000 },
    )
    const detail = await getJson<SiteDetail>(`${cloud.url}/api/sites/${SITE}`, cookie)
    t.equal(detail.applied, n)
    t.equal(detail.skipped, 0)
    t.equal(exactlyInOrder(await readEvents(nc, names, SITE), SITE, n), true, 'exactly 1..N')
  },
)
