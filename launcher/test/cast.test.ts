import { EventEmitter } from 'node:events'
import type { HallSnapshot } from '@qms/protocol'
import t from 'tap'
import { sampleDir } from '../src/layout/bins.js'
import { readHall, readSample } from '../src/layout/hall-files.js'
import { resolveOptions } from '../src/options.js'
import { type Booth, scoreFor, startBooth } from '../src/sim/booth.js'
import { castHall, type HallDevices } from '../src/sim/devices.js'

/* Who plays which device, the booths that follow the windows, and the options' checks. */

const sample = readSample(sampleDir())

t.test('the arrivals drive one kiosk and every keypad; the rest is switched on', async (t) => {
  const hub = readHall(sample, 'hub')
  const cast = castHall(hub, { external: new Set(), traffic: true })
  t.equal(cast.kiosk, 'k1')
  t.same([...cast.traffic.keys()].sort(), ['k1', ...hub.windows.map((w) => `c${w.no}`)].sort())
  t.equal(cast.traffic.get('k1'), 'demo-hub-k1', 'the sample’s demo token')
  for (const id of ['k2', 'd1', 'w1', 's1', 'e1']) t.ok(cast.ambient.has(id), `${id} switched on`)
  t.equal(cast.traffic.size + cast.ambient.size, hub.devices.length, 'every device has a part')
})

t.test('external devices are left alone; a hall without a kiosk gets no arrivals', async (t) => {
  const hub = readHall(sample, 'hub')
  const cast = castHall(hub, { external: new Set(['hub/k1', 'hub/c1', 'st-01/k2']), traffic: true })
  t.equal(cast.kiosk, 'k2', 'the next free kiosk')
  t.notOk(cast.traffic.has('c1') || cast.ambient.has('c1'), 'window 1’s keypad is someone else’s')
  t.notOk(cast.ambient.has('k1'))
  const point = castHall(readHall(sample, 'pt-01'), {
    external: new Set(['pt-01/k1']),
    traffic: true,
  })
  t.equal(point.kiosk, undefined)
  t.equal(point.traffic.size, 0)
  t.ok(point.ambient.has('c1'), 'its keypad is switched on, idle')
  const quiet = castHall(hub, { external: new Set(), traffic: false })
  t.equal(quiet.traffic.size, 0, 'no arrivals: everything ambient')
})

t.test('a hall file whose tokens are not the demo ones is refused with the device', async (t) => {
  const hub = readHall(sample, 'hub')
  hub.devices[0] = { ...hub.devices[0]!, tokenHash: `sha256:${'0'.repeat(64)}` }
  t.throws(() => castHall(hub, { external: new Set(), traffic: true }), /hall hub: \/devices\/0/)
})

t.test('ratings: mostly fives and fours', async (t) => {
  t.equal(scoreFor(0), 5)
  t.equal(scoreFor(0.7), 4)
  t.equal(scoreFor(0.9), 3)
  t.equal(scoreFor(0.97), 2)
  t.equal(scoreFor(0.999), 1)
})

/** Devices that record what they were asked to do. */
function fakeHall() {
  const calls: string[] = []
  const watcher = Object.assign(new EventEmitter(), { kind: 'hall-display', online: true })
  const sensor = {
    kind: 'sensor',
    window: '5',
    online: true,
    presence: async (p: boolean) => {
      calls.push(`presence ${p}`)
      return { ok: true }
    },
  }
  const pad = {
    kind: 'evaluator',
    window: '5',
    online: true,
    rate: async (ticket: string, score: number) => {
      calls.push(`rate ${ticket} ${score}`)
      return { ok: score !== 1 }
    },
  }
  const devices = { devices: [watcher, sensor, pad] } as unknown as HallDevices
  const snapshot = (state: string, ticket?: string) =>
    watcher.emit('snapshot', {
      windows: [{ no: '5', state, ...(ticket === undefined ? {} : { ticket }) }],
    } as unknown as HallSnapshot)
  return { devices, snapshot, calls }
}

t.test('the booth follows the window: seated while served, a rating when done', async (t) => {
  const { devices, snapshot, calls } = fakeHall()
  const booth: Booth = startBooth(devices, () => 0.1)
  snapshot('calling', 'A001')
  snapshot('serving', 'A001')
  snapshot('serving', 'A001')
  snapshot('calling', 'A002')
  snapshot('serving', 'A002')
  snapshot('idle')
  await new Promise((r) => setImmediate(r))
  t.same(calls, [
    'presence true',
    'presence false',
    'rate A001 5',
    'presence true',
    'presence false',
    'rate A002 5',
  ])
  t.equal(booth.presses, 6)
  booth.close()
  snapshot('serving', 'A003')
  t.equal(calls.length, 6, 'closed: no more presses')
})

t.test('a refused press is counted', async (t) => {
  const { devices, snapshot } = fakeHall()
  let u = 0
  const draws = [0.1, 0.999] // rate, then score 1, which the fake refuses
  const booth = startBooth(devices, () => draws[u++ % 2]!)
  snapshot('serving', 'A001')
  snapshot('idle')
  await new Promise((r) => setImmediate(r))
  t.equal(booth.refused, 1)
})

t.test('options: defaults, and refusals that name the problem', async (t) => {
  const o = resolveOptions({ dataDir: '/tmp/x' })
  t.same(o.halls, ['hub', 'st-01', 'st-02', 'st-03', 'pt-01'])
  t.equal(o.host, '127.0.0.1')
  t.equal(o.publicHost, '127.0.0.1')
  t.equal(o.natsUrl, 'nats://127.0.0.1:4222')
  t.equal(o.redisUrl, 'redis://127.0.0.1:6379')
  t.match(o.traffic, { speed: 30, scenario: /scenarios\/district-day\.json$/ })
  t.equal(resolveOptions({ host: '0.0.0.0' }).publicHost, '127.0.0.1', 'URLs use loopback')
  t.equal(resolveOptions({ traffic: false }).traffic, false)
  t.throws(() => resolveOptions({ halls: [] }), /no halls/)
  t.throws(() => resolveOptions({ halls: ['hub', 'hub'] }), /named twice/)
  t.throws(
    () => resolveOptions({ hallNats: { 'st-09': 'nats://x:1' } }),
    /st-09, which does not run/,
  )
  t.throws(() => resolveOptions({ traffic: { speed: 0 } }), /speed must be above 0/)
})
