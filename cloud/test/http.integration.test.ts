import { jetstream } from '@nats-io/jetstream'
import { connectNats, connectRedis, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { consolePlugin } from '../src/console/plugin.js'
import { loadDistrict, sampleDistrictPath } from '../src/district/district.js'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, startTestCloud } from './helpers/cloud.js'
import { DEMO, signIn } from './helpers/console.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim, simCategoryOf } from './helpers/hall-events.js'

/*
 * The cloud's HTTP API with fastify's inject(): health, metrics, the district's halls and one
 * hall's live state, OpenAPI built from the protocol's schemas, protocol error bodies.
 */

t.test('the HTTP API shows the district and every hall’s live state', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const nc = await connectNats(t)
  const redis = connectRedis(t)
  const sample = await loadDistrict(sampleDistrictPath())
  t.equal(sample.sites.size, 42, 'the sample district has 42 halls')
  const district = {
    ...sample,
    categoryOf: (i: string) => sample.categoryOf(i) ?? simCategoryOf(i),
  }
  const cloud = await startTestCloud(t, { names, prefix, district, plugins: [consolePlugin()] })
  const app = cloud.app
  // The halls' API is behind the console's sign-in (auth-cloud.integration.test.ts: the roles).
  const headers = (await signIn(app, DEMO.admin)).read
  // The hub (configured) and a hall the district does not list, both sending events.
  const sims = [
    new HallSim({ site: 'hub', seed: 1, windows: 6 }),
    new HallSim({ site: 'pop-up', seed: 2 }),
  ]
  const js = jetstream(nc)
  for (const sim of sims) await new TestEdge(js, names, sim.site).publishAll(sim.take(120))
  for (const sim of sims) {
    await waitFor(async () => (await checkpointOf(redis, keys, sim.site)).seq === 120, {
      what: `${sim.site} applied`,
      timeoutMs: 30_000,
    })
  }

  await t.test('healthz', async (t) => {
    const r = await app.inject('/healthz')
    t.equal(r.statusCode, 200)
    t.match(r.json(), { status: 'ok', nats: true, redis: true, instance: cloud.instanceId })
    t.ok(r.json().ownedSites >= 43)
  })

  await t.test('metrics', async (t) => {
    const r = await app.inject('/metrics')
    t.equal(r.statusCode, 200)
    t.match(r.headers['content-type'], /text\/plain/)
    t.match(r.body, /qms_cloud_events_applied_total\{[^}]*type="ticket.issued"/)
    t.match(r.body, /qms_cloud_projection_lag_seconds_bucket/)
    t.match(r.body, /qms_cloud_owned_sites\{[^}]*\} 43/)
  })

  await t.test('sites', async (t) => {
    const r = await app.inject({ url: '/api/sites', headers })
    t.equal(r.statusCode, 200)
    const list = r.json()
    t.equal(list.total, 43, 'the 42 configured halls and the one learnt from its events')
    const hub = list.sites.find((s: { id: string }) => s.id === 'hub')
    t.match(hub, {
      id: 'hub',
      name: '澄湖区公安局行政服务中心',
      kind: 'hub',
      configured: true,
      seq: 120,
      location: { lat: Number, lng: Number },
    })
    const popUp = list.sites.find((s: { id: string }) => s.id === 'pop-up')
    t.match(popUp, { id: 'pop-up', configured: false, seq: 120 })
    const quiet = list.sites.find((s: { id: string }) => s.id === 'pt-12')
    t.match(quiet, { configured: true, seq: 0, waiting: 0 })
  })

  await t.test('one site', async (t) => {
    const r = await app.inject({ url: '/api/sites/hub', headers })
    t.equal(r.statusCode, 200)
    const d = r.json()
    t.equal(d.windows.length, 6)
    t.ok(
      d.windows.every((w: { state: string }) =>
        ['idle', 'calling', 'serving', 'paused', 'closed'].includes(w.state),
      ),
    )
    const waitingTickets = d.queues.flatMap((q: { tickets: { state: string }[] }) =>
      q.tickets.filter((x) => x.state === 'waiting'),
    )
    t.equal(waitingTickets.length, d.waiting, 'queues per item add up to the waiting count')
    t.equal(d.applied, 120)
    t.ok(d.devices.length > 0)
    t.ok(Array.isArray(d.calls))
    t.same(d.rejected, {})
  })

  await t.test('a day and the history', async (t) => {
    const day = await app.inject({ url: '/api/sites/hub/days/2026-11-30', headers })
    t.equal(day.statusCode, 200)
    t.equal(day.json().issued, sims[0]!.tally.issued)
    const hist = await app.inject({ url: '/api/sites/hub/history?count=5', headers })
    t.equal(hist.statusCode, 200)
    t.ok(hist.json().length > 0 && hist.json().length <= 5)
    t.match(hist.json()[0], { site: 'hub', ticket: String, outcome: String, issuedAt: String })
  })

  await t.test('errors carry the protocol’s codes', async (t) => {
    const missing = await app.inject({ url: '/api/sites/nowhere', headers })
    t.equal(missing.statusCode, 404)
    t.match(missing.json(), { code: 'NOT_FOUND', messageZh: '未找到' })
    const bad = await app.inject({ url: '/api/sites/Not_A_Site', headers })
    t.equal(bad.statusCode, 400)
    t.match(bad.json(), { code: 'BAD_REQUEST' })
    const badDay = await app.inject({ url: '/api/sites/hub/days/30-11-2026', headers })
    t.equal(badDay.statusCode, 400)
    const noRoute = await app.inject('/api/nothing')
    t.equal(noRoute.statusCode, 404)
    t.match(noRoute.json(), { code: 'NOT_FOUND' })
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      headers: { 'content-type': 'application/json' },
      payload: '{"site":',
    })
    t.equal(badJson.statusCode, 400)
    t.match(badJson.json(), { code: 'BAD_JSON' })
  })

  await t.test('OpenAPI documents the routes with the protocol’s schemas', async (t) => {
    const r = await app.inject('/docs/json')
    t.equal(r.statusCode, 200)
    const doc = r.json()
    for (const schema of [
      'EventEnvelope',
      'CloudCommand',
      'SiteDetail',
      'SiteList',
      'TakeResult',
      'ErrorBody',
      'TicketHistoryEntry',
    ]) {
      t.ok(doc.components.schemas[schema], `${schema} in the document`)
    }
    t.ok(doc.paths['/api/sites/{id}'].get)
    t.ok(doc.paths['/api/virtual-tickets'].post)
    const ui = await app.inject('/docs/')
    t.equal(ui.statusCode, 200)
  })
})
