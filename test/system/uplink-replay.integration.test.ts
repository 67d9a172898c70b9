import type { SiteDetail } from '@qms/protocol'
import t from 'tap'
import {
  natsUrl,
  type Teardown,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '../src/index.js'
import {
  connectDevice,
  connectTo,
  type EdgeProcess,
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
 * A gap, with real processes: a hall moves to a new event stream (a district's JetStream rebuilt
 * elsewhere) with its journal's first events acknowledged by the old one. Its next events arrive
 * first; the cloud sees the gap and asks the hall to replay it; the hall publishes the missing
 * range from its journal and the cloud converges on all of the hall's events, each once.
 */

const SITE = 'st-01'
t.setTimeout(300_000)

interface EdgeState {
  seq: number
  link: { connected: boolean; behindEvents: number }
}

async function takes(edge: EdgeProcess, t: Teardown, count: number) {
  const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1')
  for (let i = 0; i < count; i++) {
    const r = await k1.request({ op: 'take', item: 'HJ-001' })
    if (!r.ok) throw new Error(`take refused: ${JSON.stringify(r)}`)
  }
  await k1.client.endAsync()
}

t.test('the cloud asks for a gap, the hall replays it, the cloud converges', async (t) => {
  const dir = await tempDir(t)
  const hallFile = await sampleHall(dir, SITE)
  const dataDir = `${dir}/data`
  const old = uniqueNatsNames(t)
  const oldCloud = await spawnCloud(t, {
    natsUrl: natsUrl(),
    names: old,
    redisPrefix: uniqueRedisPrefix(t),
  })
  let edge = await spawnEdge(t, { hallFile, dataDir, natsUrl: natsUrl(), names: old })
  explainFailure(t, { edge: edge.proc, oldCloud: oldCloud.proc })
  const state = () => getJson<EdgeState>(`${edge.httpUrl}/api/state`)
  await waitFor(async () => (await state()).link.connected, { what: 'up', timeoutMs: 30_000 })
  await takes(edge, t, 150)
  const k = (await state()).seq
  await waitFor(async () => (await state()).link.behindEvents === 0, { what: 'all sent' })
  t.equal(await edge.proc.stop('SIGTERM'), 0)
  await oldCloud.proc.stop('SIGTERM')

  // The new stream and a new cloud: the hall's cursor says 1..k are acknowledged.
  const names = uniqueNatsNames(t)
  const cloud = await spawnCloud(t, {
    natsUrl: natsUrl(),
    names,
    redisPrefix: uniqueRedisPrefix(t),
  })
  edge = await spawnEdge(t, { hallFile, dataDir, natsUrl: natsUrl(), names })
  explainFailure(t, { edge: edge.proc, cloud: cloud.proc })
  await waitFor(async () => (await state()).link.connected, { what: 'up again', timeoutMs: 30_000 })
  await takes(edge, t, 30)
  const n = (await state()).seq
  t.ok(n > k)

  const cookie = await signIn(cloud.url)
  const site = () => getJson<SiteDetail>(`${cloud.url}/api/sites/${SITE}`, cookie)
  await waitFor(async () => (await site()).seq === n, {
    what: 'the cloud at the hall’s last seq after the replay',
    timeoutMs: 90_000,
  })
  const detail = await site()
  t.equal(detail.applied, n, 'every event applied')
  t.equal(detail.skipped, 0, 'none passed over: the hall had them all')
  t.same(detail.rejected, {})
  t.equal(detail.today?.issued, 180, 'every ticket of the day')

  const nc = await connectTo(t, natsUrl())
  const stored = await readEvents(nc, names, SITE)
  const seqs = stored.map((s) => s.event.seq)
  t.equal(new Set(seqs).size, seqs.length, 'each event once in the new stream')
  t.same(
    [...seqs].sort((a, b) => a - b),
    Array.from({ length: n }, (_, i) => i + 1),
    'all of 1..N',
  )
  t.ok(
    stored.every((s) => s.msgId === `${SITE}:${s.event.seq}`),
    'with their original ids',
  )
  t.equal(seqs[0], k + 1, 'the new events came first; the gap was replayed after')

  const edgeMetrics = await (await fetch(`${edge.httpUrl}/metrics`)).text()
  t.ok((metricValue(edgeMetrics, 'qms_edge_uplink_replays_total', { result: 'ok' }) ?? 0) >= 1)
  t.ok((metricValue(edgeMetrics, 'qms_edge_uplink_replayed_events_total') ?? 0) >= k)
  const cloudMetrics = await (await fetch(`${cloud.url}/metrics`)).text()
  t.ok(
    (metricValue(cloudMetrics, 'qms_cloud_replay_requests_total', { result: 'ok' }) ?? 0) >= 1,
    'the cloud asked',
  )
})
