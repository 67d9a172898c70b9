import t from 'tap'
import { resolveConfig } from '../src/config.js'
import { districtDay } from '../src/jobs/end-of-day.js'
import { dayFigures } from '../src/projections/figures.js'

t.test('defaults fill what is not given', async (t) => {
  const c = resolveConfig({ redis: { prefix: 'd1:' } })
  t.equal(c.redis.prefix, 'd1:')
  t.equal(c.redis.url, 'redis://127.0.0.1:6379')
  t.same(c.nats.servers, ['nats://127.0.0.1:4222'])
  t.equal(c.http.port, 8090)
  t.equal(c.rpc.timeoutMs, 2000)
  t.equal(c.ownership.leaseMs, 4000)
})

t.test('a bad setting is CONFIG_INVALID naming the field', async (t) => {
  t.throws(() => resolveConfig({ http: { port: 70_000 } }), {
    code: 'CONFIG_INVALID',
    path: '/http/port',
  })
  t.throws(() => resolveConfig({ nats: { root: 'a.b' } }), {
    code: 'CONFIG_INVALID',
    path: '/nats/root',
  })
  t.throws(() => resolveConfig({ ownership: { leaseMs: 1000, heartbeatMs: 800 } }), {
    code: 'CONFIG_INVALID',
    path: '/ownership/heartbeatMs',
  })
  t.throws(() => resolveConfig({ bogus: 1 } as never), { code: 'CONFIG_INVALID' })
})

t.test('the district’s day sums its halls and weights averages by counts', async (t) => {
  const a = dayFigures('d', {
    issued: '10',
    'ch:kiosk': '8',
    'ch:staff': '2',
    served: '9',
    'w:n': '9',
    'w:sum': String(9 * 600_000),
  })
  const b = dayFigures('d', {
    issued: '30',
    'ch:mobile': '30',
    served: '20',
    'w:n': '1',
    'w:sum': '60000',
  })
  const d = districtDay('d', { a, b, c: dayFigures('d', {}) })
  t.equal(d.sites, 2)
  t.equal(d.issued, 40)
  t.equal(d.served, 29)
  t.same(d.byChannel, { kiosk: 8, staff: 2, mobile: 30 })
  t.equal(d.waitMeanMin, 9.1)
  t.equal(d.selfServiceShare, 0.95)
})
