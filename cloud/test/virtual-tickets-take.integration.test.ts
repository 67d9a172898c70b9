import { jetstream } from '@nats-io/jetstream'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * A phone takes a number: the cloud asks the hall over NATS (the edge issues the ticket and
 * answers with it), at the hall the person named or at the one the system chooses. A hall that
 * does not answer is a clear 503 within about two seconds, never a hang; bad input gets its code.
 */

const settings = {
  runs: 16,
  workers: 0,
  refreshDebounceMs: 100,
  rate: { takes: 4, windowMs: 60_000 },
}

t.test('a phone takes a number at the hall it names', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const hall = liveHall('st-a', [{ no: '1' }])
  const { cloud } = await startLiveCloud(t, { names, prefix, halls: [hall], live: { settings } })
  const sim = new SimHall(jetstream(nc), names, hall, liveCatalogue())
  sim.answerRequests(nc)
  await nc.flush()
  await sim.open('1')
  const r = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    payload: { site: 'st-a', item: 'I10', reqId: 'phone-1' },
  })
  t.equal(r.statusCode, 201)
  const body = r.json()
  t.match(body, {
    site: 'st-a',
    siteName: 'st-a服务厅',
    chosen: false,
    ticket: /^A\d{3}$/,
    item: 'I10',
    links: { status: `/api/virtual-tickets/st-a/${body.ticket}`, page: `/t/st-a/${body.ticket}` },
  })
  const issued = sim.engine.state.open.get(body.ticket)
  t.equal(issued?.channel, 'mobile', 'issued by the hall through the mobile channel')
  t.equal(issued?.reqId, 'phone-1')
})

t.test('without a hall the system chooses the one with the shorter wait', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const busy = liveHall('st-a', [{ no: '1' }], { location: { lat: 30.75, lng: 120.75 } })
  const quiet = liveHall('st-b', [{ no: '1' }, { no: '2' }], {
    location: { lat: 30.751, lng: 120.751 },
  })
  const { cloud, live } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [busy, quiet],
    live: { settings },
  })
  const a = new SimHall(jetstream(nc), names, busy, liveCatalogue())
  const b = new SimHall(jetstream(nc), names, quiet, liveCatalogue())
  a.answerRequests(nc)
  b.answerRequests(nc)
  await nc.flush()
  await a.open('1')
  for (let i = 0; i < 8; i++) await a.take('I10')
  await b.open('1')
  await b.open('2')
  const seqA = Math.max(...a.edge.journal.keys())
  await waitFor(
    async () => {
      const view = await live.views.view()
      return view.snapshots.get('st-a')?.seq === seqA && view.snapshots.has('st-b')
    },
    { what: 'both halls predicted' },
  )
  const r = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    payload: { item: 'I10', reqId: 'phone-2', lat: 30.7505, lng: 120.7505 },
  })
  t.equal(r.statusCode, 201)
  t.match(r.json(), { site: 'st-b', chosen: true, item: 'I10' })
  t.ok(b.engine.state.open.has(r.json().ticket), 'the chosen hall issued it')
  const again = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    payload: { item: 'I10', reqId: 'phone-2' },
  })
  t.equal(again.json().site, 'st-b', 'the same request id goes to the same hall')

  const none = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    payload: { item: 'NOPE', reqId: 'phone-3' },
  })
  t.equal(none.statusCode, 404)
  t.match(none.json(), { code: 'UNKNOWN_ITEM', path: '/item' })
})

t.test('an unreachable hall is a 503 within 2.5 s; bad input gets its code', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const away = liveHall('st-c', [{ no: '1' }])
  const silent = liveHall('st-d', [{ no: '1' }])
  const { cloud } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [away, silent],
    live: { settings },
  })
  // st-d receives the request and never answers; st-c has nobody listening at all.
  nc.subscribe(names.rpc('st-d', 'take'), { callback: () => undefined })
  await nc.flush()
  for (const site of ['st-c', 'st-d']) {
    const began = Date.now()
    const r = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: { site, item: 'I10', reqId: `away-${site}` },
    })
    const took = Date.now() - began
    t.equal(r.statusCode, 503, `${site}: 503`)
    t.match(r.json(), { code: 'UNAVAILABLE', messageZh: '服务点暂时无法连接' })
    t.ok(took <= 2500, `${site}: answered in ${took} ms`)
  }
  const cases: Array<[unknown, number, string, string?]> = [
    [{ site: 'st-c', item: 'I10', priority: 'vip' }, 400, 'BAD_REQUEST', '/priority'],
    [{ site: 'Not A Site', item: 'I10' }, 400, 'BAD_REQUEST', '/site'],
    [{ site: 'st-z', item: 'I10' }, 404, 'NOT_FOUND', '/site'],
    [{ item: 'I10', lat: 30.7 }, 400, 'BAD_REQUEST', '/lng'],
    [{ site: 'st-c', item: 'I10', extra: 1 }, 400, 'BAD_REQUEST'],
    [{ site: 'st-c' }, 400, 'BAD_REQUEST', '/item'],
  ]
  for (const [payload, status, code, path] of cases) {
    const r = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: payload as object,
    })
    t.equal(r.statusCode, status, JSON.stringify(payload))
    t.match(r.json(), { code, ...(path === undefined ? {} : { path }) })
  }
  const badJson = await cloud.app.inject({
    method: 'POST',
    url: '/api/virtual-tickets',
    headers: { 'content-type': 'application/json' },
    payload: '{"item":',
  })
  t.match(badJson.json(), { code: 'BAD_JSON' })
  // The takes above that reached the limiter count: past four a minute, 429 with Retry-After.
  let limited: { statusCode: number; headers: Record<string, unknown>; json(): unknown } | undefined
  for (let i = 0; i < 6 && limited === undefined; i++) {
    const r = await cloud.app.inject({
      method: 'POST',
      url: '/api/virtual-tickets',
      payload: { item: 'I10', reqId: `many-${i}` },
    })
    if (r.statusCode === 429) limited = r
  }
  t.ok(limited, 'a caller past the limit is refused')
  t.match(limited?.json(), { code: 'RATE_LIMITED' })
  t.ok(Number(limited?.headers['retry-after']) >= 1)
})
