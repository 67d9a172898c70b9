import type { SiteDetail } from '@qms/protocol'
import t from 'tap'
import {
  natsUrl,
  startTcpProxy,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '../src/index.js'
import {
  connectDevice,
  connectTo,
  type Device,
  exactlyInOrder,
  explainFailure,
  getJson,
  metricValue,
  readEvents,
  sampleHall,
  signIn,
  spawnCloud,
  spawnEdge,
  tempDir,
} from './uplink-system.js'

/*
 * One hall's link to the cloud cut under load, with real processes: `qms-edge` for a sample
 * hall driven by real MQTT devices, its uplink through a TCP proxy the test cuts and restores,
 * and `qms-cloud` with its own Redis prefix and NATS names. The hall works through the cut; a
 * phone take gets a clear 503 at once; afterwards the cloud holds exactly the hall's events,
 * once each, in order, and its figures match the hall's.
 */

const SITE = 'st-01'
t.setTimeout(300_000)

interface EdgeState {
  seq: number
  link: { connected: boolean; behindEvents: number; behindSec: number }
  waiting: unknown[]
}

/** Devices at work until stopped: two dispensers take numbers, two callers call and complete. */
function startLoad(devices: { k1: Device; k2: Device; c1: Device; c2: Device }) {
  const tally = { takes: 0, calls: 0, completes: 0, refused: [] as string[] }
  let running = true
  const dispenser = async (d: Device, item: string) => {
    while (running) {
      const r = await d.request({ op: 'take', item })
      if (r.ok) tally.takes++
      else tally.refused.push(`${d.id} take ${r.error.code}`)
    }
  }
  const caller = async (d: Device, window: string) => {
    const opened = await d.request({ op: 'open', window })
    if (!opened.ok) tally.refused.push(`${d.id} open ${opened.error.code}`)
    while (running) {
      const call = await d.request({ op: 'call', window })
      if (!call.ok) {
        if (call.error.code !== 'NO_TICKET') tally.refused.push(`${d.id} call ${call.error.code}`)
        continue
      }
      tally.calls++
      const done = await d.request({ op: 'complete', window })
      if (done.ok) tally.completes++
      else tally.refused.push(`${d.id} complete ${done.error.code}`)
    }
  }
  const all = Promise.all([
    dispenser(devices.k1, 'HJ-001'),
    dispenser(devices.k2, 'HJ-002'),
    caller(devices.c1, '1'),
    caller(devices.c2, '2'),
  ])
  return {
    tally,
    async stop() {
      running = false
      await all
    },
  }
}

t.test(
  'a cut link under load: the hall goes on, the cloud ends with exactly its events',
  async (t) => {
    const names = uniqueNatsNames(t)
    const redisPrefix = uniqueRedisPrefix(t)
    const dir = await tempDir(t)
    const nats = new URL(natsUrl())
    const proxy = await startTcpProxy(t, { host: nats.hostname, port: Number(nats.port) })
    const cloud = await spawnCloud(t, { natsUrl: natsUrl(), names, redisPrefix })
    const edge = await spawnEdge(t, {
      hallFile: await sampleHall(dir, SITE),
      dataDir: `${dir}/data`,
      natsUrl: `nats://127.0.0.1:${proxy.port}`,
      names,
    })
    const cookie = await signIn(cloud.url)
    const state = () => getJson<EdgeState>(`${edge.httpUrl}/api/state`)
    const site = () => getJson<SiteDetail>(`${cloud.url}/api/sites/${SITE}`, cookie)
    await waitFor(async () => (await state()).link.connected, {
      what: 'the uplink up',
      timeoutMs: 30_000,
    })

    const devices = {
      k1: await connectDevice(t, edge.mqttUrl, SITE, 'k1'),
      k2: await connectDevice(t, edge.mqttUrl, SITE, 'k2'),
      c1: await connectDevice(t, edge.mqttUrl, SITE, 'c1'),
      c2: await connectDevice(t, edge.mqttUrl, SITE, 'c2'),
    }
    const load = startLoad(devices)
    explainFailure(t, { edge: edge.proc, cloud: cloud.proc }, () => JSON.stringify(load.tally))
    await waitFor(async () => ((await site().catch(() => undefined))?.seq ?? 0) > 200, {
      what: 'the cloud applying the hall’s events',
      timeoutMs: 60_000,
    })

    // Cut.
    const cutAt = performance.now()
    proxy.cut()
    await waitFor(async () => !(await state()).link.connected, { what: 'the hall seeing the cut' })
    const noticed = (performance.now() - cutAt) / 1000
    const takesAtCut = load.tally.takes
    const asked = performance.now()
    const phone = await fetch(`${cloud.url}/api/virtual-tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: SITE, item: 'HJ-001' }),
    })
    const answeredIn = (performance.now() - asked) / 1000
    t.equal(phone.status, 503, 'a phone take while the hall is unreachable: 503')
    t.match(await phone.json(), { code: 'UNAVAILABLE' })
    t.ok(answeredIn < 2.5, `answered in ${answeredIn.toFixed(3)} s`)
    await waitFor(() => load.tally.takes > takesAtCut + 1000, {
      what: 'the hall taking numbers while cut off',
      timeoutMs: 60_000,
    })
    const cutState = await state()
    t.equal(cutState.link.connected, false)
    t.ok(cutState.link.behindEvents > 1000, `${cutState.link.behindEvents} events behind`)

    // Restore.
    proxy.restore()
    const restoredAt = performance.now()
    await waitFor(async () => (await state()).link.connected, {
      what: 'the link back',
      timeoutMs: 30_000,
    })
    await waitFor(async () => (await state()).link.behindEvents < 50, {
      what: 'the hall catching up',
      timeoutMs: 60_000,
    })
    const caughtUp = (performance.now() - restoredAt) / 1000
    await load.stop()
    t.same(load.tally.refused, [], 'every device request answered ok')

    const final = await state()
    const n = final.seq
    await waitFor(async () => (await state()).link.behindEvents === 0, { what: 'all acknowledged' })
    await waitFor(async () => (await site()).seq === n, {
      what: 'the cloud at the hall’s last seq',
      timeoutMs: 60_000,
    })
    t.comment(
      `cut noticed in ${noticed.toFixed(3)} s; ${cutState.link.behindEvents} events behind at restore; caught up ${caughtUp.toFixed(2)} s after; ${n} events in all`,
    )

    const nc = await connectTo(t, natsUrl())
    const stored = await readEvents(nc, names, SITE)
    t.equal(exactlyInOrder(stored, SITE, n), true, 'the stream holds 1..N once each, in order')

    const detail = await site()
    t.equal(detail.seq, n)
    t.equal(detail.applied, n, 'every event applied')
    t.equal(detail.skipped, 0, 'none passed over')
    t.same(detail.rejected, {}, 'none refused')
    t.notOk(detail.link.gapFrom, 'no gap open')
    const count = (type: string) => stored.filter((s) => s.event.type === type).length
    t.equal(detail.today?.issued, count('ticket.issued'))
    t.equal(detail.today?.issued, load.tally.takes, 'every take the devices were told of')
    t.equal(detail.today?.called, load.tally.calls)
    t.equal(detail.today?.served, load.tally.completes)
    t.equal(detail.waiting, final.waiting.length, 'the same people waiting as the hall shows')

    const cloudMetrics = await (await fetch(`${cloud.url}/metrics`)).text()
    t.equal(
      metricValue(cloudMetrics, 'qms_cloud_events_duplicate_total') ?? 0,
      0,
      'no duplicates reached the cloud',
    )
    const edgeMetrics = await (await fetch(`${edge.httpUrl}/metrics`)).text()
    t.ok(
      (metricValue(edgeMetrics, 'qms_edge_uplink_reconnects_total') ?? 0) >= 1,
      'the hall counted the reconnect',
    )
    t.equal(metricValue(edgeMetrics, 'qms_edge_link_connected'), 1)
    t.equal(metricValue(edgeMetrics, 'qms_edge_link_behind_events'), 0)

    // The link restored, a phone take works again and the ticket is the hall's.
    const again = await fetch(`${cloud.url}/api/virtual-tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: SITE, item: 'HJ-001' }),
    })
    t.equal(again.status, 201)
    const taken = (await again.json()) as { ticket: string }
    const atHall = await fetch(`${edge.httpUrl}/api/tickets/${taken.ticket}`)
    t.equal(atHall.status, 200, `${taken.ticket} is the hall’s`)
    t.match(await atHall.json(), { ticket: taken.ticket, channel: 'mobile', state: 'waiting' })
  },
)
