import { jetstream } from '@nats-io/jetstream'
import type { Guidance } from '@qms/protocol'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * Guidance delivered: a busy hall's banner (hall screen, kiosk, printed ticket) suggests 掌办 for
 * items that can be done on the phone and, once diversion is on, a nearby hall clearly shorter
 * for its busy category; people who take a number under that banner count as on their way there,
 * so the next advice weighs them. Phones ask for the same advice through the public API.
 */

t.test('the banner of a busy hall, diversion on and off, and advice for phones', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const busy = liveHall('st-a', [{ no: '1' }], { location: { lat: 30.75, lng: 120.75 } })
  const quiet = liveHall('st-b', [{ no: '1' }, { no: '2' }, { no: '3' }], {
    location: { lat: 30.752, lng: 120.752 },
  })
  const { cloud, live } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [busy, quiet],
    live: { settings: { runs: 24, workers: 0, refreshDebounceMs: 100, busyMinutes: 5 } },
  })
  const app = cloud.app
  const js = jetstream(nc)
  const a = new SimHall(js, names, busy, liveCatalogue())
  const b = new SimHall(js, names, quiet, liveCatalogue())
  await a.readCommands(t)
  for (const w of ['1', '2', '3']) await b.open(w)
  await a.open('1')
  for (let i = 0; i < 8; i++) await a.take(i % 4 === 0 ? 'P12' : 'I10')

  const first = await a.command('guidance', (c) => c.data.items.some((g) => g.kind === 'online'))
  const online = first.data.items.find((g) => g.kind === 'online')!
  t.match(online, { item: 'P12', category: 'PP', url: 'https://zhangban.example.gov.cn/P12' })
  t.match(online.text, /掌上办/)
  t.notOk(
    first.data.items.some((g) => g.kind === 'hall'),
    'no other hall is suggested while diversion is off',
  )

  await live.guidance.setDiversion('st-a', true)
  const config = await a.command('config', (c) => c.data.diversion === true)
  t.ok(config)
  const diverted = await a.command('guidance', (c) => c.data.items.some((g) => g.kind === 'hall'))
  const hall = diverted.data.items.find((g) => g.kind === 'hall') as Guidance
  t.match(hall, { site: 'st-b', siteName: 'st-b服务厅', category: 'ID' })
  t.notOk('item' in hall, 'it is advice for the category, at the kiosk and on the screen')
  t.match(hall.text, /^身份证业务：st-b服务厅办理更快/)
  t.ok((hall.savingMin ?? 0) >= 5, 'clearly shorter')

  // Advice for a phone standing in the busy hall: the same hall; its trip counted.
  const rec = await app.inject('/api/recommendations?item=I10&site=st-a')
  t.equal(rec.statusCode, 200)
  t.match(rec.json(), { decision: 'hall', site: 'st-b', siteName: 'st-b服务厅' })
  const before = rec.json().candidates.find((c: { site: string }) => c.site === 'st-b').totalMin

  // People taking numbers under that banner count as on their way to st-b.
  for (let i = 0; i < 6; i++) await a.take('I10')
  await waitFor(async () => (await cloud.redis.zcard(cloud.keys.live.pending('st-b'))) >= 6, {
    what: 'arrivals counted as on their way',
  })
  const after = (await app.inject('/api/recommendations?item=I10&site=st-a'))
    .json()
    .candidates.find((c: { site: string }) => c.site === 'st-b').totalMin
  t.ok(after > before, `those already sent weigh on the advice (${before} → ${after} min)`)

  const phone = await app.inject('/api/recommendations?item=P12&lat=30.751&lng=120.751')
  t.match(phone.json(), { decision: 'online', guidance: [{ kind: 'online' }] })

  await live.guidance.setDiversion('st-a', false)
  await a.command('config', (c) => c.data.diversion === false)
  const off = await a.command(
    'guidance',
    (c) =>
      Date.parse(c.ts) > Date.parse(diverted.ts) && !c.data.items.some((g) => g.kind === 'hall'),
  )
  t.ok(off, 'diversion off: no more suggestion of another hall')

  const halls = await app.inject('/api/halls')
  t.equal(halls.statusCode, 200)
  t.equal(halls.json().total, 2)
  t.match(
    halls.json().halls.find((h: { id: string }) => h.id === 'st-a'),
    {
      name: 'st-a服务厅',
      kind: 'station',
      open: true,
      waiting: Number,
      items: Array,
    },
  )
  const onlyI10 = await app.inject('/api/halls?item=I10')
  for (const h of onlyI10.json().halls)
    t.same(
      h.items.map((i: { item: string }) => i.item),
      ['I10'],
    )

  const doc = (await app.inject('/docs/json')).json()
  for (const path of [
    '/api/halls',
    '/api/predictions',
    '/api/recommendations',
    '/api/virtual-tickets/{site}/{ticket}',
    '/api/virtual-tickets/{site}/{ticket}/events',
    '/api/virtual-tickets/{site}/{ticket}/handoff',
    '/api/alerts/{id}/act',
    '/api/sites/{id}/diversion',
    '/api/sites/{id}/trend',
  ])
    t.ok(doc.paths[path], `${path} is documented at /docs`)
  for (const schema of ['PublicHallList', 'VirtualTicketStatus', 'Alert', 'AlertAction'])
    t.ok(doc.components.schemas[schema], `${schema} in the document`)

  for (const [url, status, code] of [
    ['/api/recommendations?item=NOPE', 404, 'UNKNOWN_ITEM'],
    ['/api/recommendations?item=I10&lat=30', 400, 'BAD_REQUEST'],
    ['/api/recommendations?item=I10&site=st-z', 404, 'NOT_FOUND'],
    ['/api/recommendations?item=I10&site=st-a&lat=1&lng=1', 400, 'BAD_REQUEST'],
    ['/api/recommendations', 400, 'BAD_REQUEST'],
    ['/api/predictions?site=st-z', 404, 'NOT_FOUND'],
    ['/api/predictions?site=st-a&item=NOPE', 404, 'UNKNOWN_ITEM'],
    ['/api/halls?item=bad item', 400, 'BAD_REQUEST'],
  ] as const) {
    const r = await app.inject(url)
    t.equal(r.statusCode, status, url)
    t.equal(r.json().code, code, url)
  }
})
