import { jetstream } from '@nats-io/jetstream'
import { connectNats, connectRedis, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { guard } from '../src/auth/guard.js'
import { consolePlugin } from '../src/console/plugin.js'
import { loadDistrict, sampleDistrictPath } from '../src/district/district.js'
import { redisKeys } from '../src/projections/keys.js'
import { checkpointOf, startTestCloud } from './helpers/cloud.js'
import { DEMO, signIn, signInHttp } from './helpers/console.js'
import { TestEdge } from './helpers/edge.js'
import { HallSim, simCategoryOf } from './helpers/hall-events.js'

/*
 * The console's sign-in on a whole cloud (the sample district, real NATS and Redis, a real HTTP
 * listener, BullMQ): the halls' API and the job board answer each role as they should, through
 * inject() and over the network.
 */

t.test('roles on the halls’ API and the job board', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const redis = connectRedis(t)
  const nc = await connectNats(t)
  const sample = await loadDistrict(sampleDistrictPath())
  const district = {
    ...sample,
    categoryOf: (i: string) => sample.categoryOf(i) ?? simCategoryOf(i),
  }
  const cloud = await startTestCloud(t, {
    names,
    prefix,
    district,
    config: {
      http: { listen: true, host: '127.0.0.1', port: 0 },
      jobs: { enabled: true, predictionEveryMs: 0 },
    },
    adminGuard: guard({ role: 'district-admin', signIn: '/console/' }),
    plugins: [consolePlugin()],
  })
  const app = cloud.app
  const base = `http://127.0.0.1:${cloud.port}`
  const js = jetstream(nc)
  for (const site of ['hub', 'st-01', 'st-02']) {
    const sim = new HallSim({ site, seed: site.length, windows: 3 })
    await new TestEdge(js, names, site).publishAll(sim.take(30))
  }
  for (const site of ['hub', 'st-01', 'st-02'])
    await waitFor(async () => (await checkpointOf(redis, keys, site)).seq === 30, {
      what: `${site} applied`,
      timeoutMs: 30_000,
    })
  const admin = await signIn(app, DEMO.admin)
  const hub = await signIn(app, DEMO.hub)

  await t.test('nobody signed in sees no hall', async (t) => {
    for (const url of [
      '/api/sites',
      '/api/sites/hub',
      '/api/sites/hub/days/2026-11-30',
      '/api/sites/hub/history',
    ]) {
      const r = await app.inject(url)
      t.equal(r.statusCode, 401, url)
      t.match(r.json(), { code: 'UNAUTHORIZED' })
    }
  })

  await t.test('a district admin sees every hall', async (t) => {
    const list = await app.inject({ url: '/api/sites', headers: admin.read })
    t.equal(list.statusCode, 200)
    t.equal(list.json().total, 42)
    for (const site of ['hub', 'st-01', 'st-02']) {
      const r = await app.inject({ url: `/api/sites/${site}`, headers: admin.read })
      t.equal(r.statusCode, 200, site)
      t.equal(r.json().seq, 30)
    }
    const missing = await app.inject({ url: '/api/sites/nowhere', headers: admin.read })
    t.equal(missing.statusCode, 404)
  })

  await t.test('a hall manager sees only their hall, in the list and by address', async (t) => {
    const list = await app.inject({ url: '/api/sites', headers: hub.read })
    t.equal(list.statusCode, 200)
    t.same(
      list.json().sites.map((s: { id: string }) => s.id),
      ['hub'],
    )
    t.equal(list.json().total, 1)
    t.equal((await app.inject({ url: '/api/sites/hub', headers: hub.read })).statusCode, 200)
    for (const url of [
      '/api/sites/st-01',
      '/api/sites/st-02/days/2026-11-30',
      '/api/sites/st-01/history?count=3',
      '/api/sites/nowhere',
    ]) {
      const r = await app.inject({ url, headers: hub.read })
      t.equal(r.statusCode, 403, url)
      t.match(r.json(), { code: 'FORBIDDEN', messageZh: '无权访问' })
    }
  })

  await t.test('over the network too, with the session cookie', async (t) => {
    const st01 = await signInHttp(base, DEMO.st01)
    const own = await fetch(`${base}/api/sites/st-01`, { headers: st01.read })
    t.equal(own.status, 200)
    t.match(await own.json(), { id: 'st-01', name: '城关派出所综合服务厅' })
    const other = await fetch(`${base}/api/sites/hub`, { headers: st01.read })
    t.equal(other.status, 403)
    t.match(await other.json(), { code: 'FORBIDDEN' })
    const list = (await (await fetch(`${base}/api/sites`, { headers: st01.read })).json()) as {
      sites: { id: string }[]
    }
    t.same(
      list.sites.map((s) => s.id),
      ['st-01'],
    )
    const me = await fetch(`${base}/api/session`, { headers: st01.read })
    t.match(await me.json(), { user: 'st-01', role: 'hall-manager', site: 'st-01' })
    const out = await fetch(`${base}/api/session`, {
      method: 'DELETE',
      headers: { ...st01.write, origin: base },
    })
    t.equal(out.status, 204)
    t.equal((await fetch(`${base}/api/sites/st-01`, { headers: st01.read })).status, 401)
  })

  await t.test('the job board is for district admins', async (t) => {
    const anon = await fetch(`${base}/admin/queues`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    })
    t.equal(anon.status, 303, 'a browser is sent to sign in')
    t.equal(anon.headers.get('location'), '/console/?next=%2Fadmin%2Fqueues')
    const anonApi = await fetch(`${base}/admin/queues/api/queues`)
    t.equal(anonApi.status, 401)
    const manager = await fetch(`${base}/admin/queues/api/queues`, { headers: hub.read })
    t.equal(manager.status, 403)
    t.match(await manager.json(), { code: 'FORBIDDEN' })
    const board = await fetch(`${base}/admin/queues`, { headers: admin.read })
    t.equal(board.status, 200)
    t.match(board.headers.get('content-type'), /html/)
    const queues = await fetch(`${base}/admin/queues/api/queues`, { headers: admin.read })
    t.equal(queues.status, 200)
    const listed = ((await queues.json()) as { queues: { name: string }[] }).queues.map(
      (q) => q.name,
    )
    t.ok(listed.includes('end-of-day'), 'the cloud’s queues are listed')
  })

  await t.test('the OpenAPI document lists the sign-in routes', async (t) => {
    const doc = (await app.inject('/docs/json')).json()
    t.ok(doc.paths['/api/session'].post)
    t.ok(doc.components.schemas.ConsoleSession)
  })
})
