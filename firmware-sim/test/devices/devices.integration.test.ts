import { createManualClock, mqttTopics } from '@qms/protocol'
import { startAedes, waitFor } from '@qms/test'
import t from 'tap'
import { backoffDelay } from '../../src/devices/backoff.js'
import { Caller } from '../../src/devices/caller.js'
import { Dispenser } from '../../src/devices/dispenser.js'
import { HallDisplay } from '../../src/devices/hall-display.js'
import type { LinkState } from '../../src/devices/link.js'
import { WindowDisplay } from '../../src/devices/window-display.js'
import { nextMessage, observer, restartableBroker, snapshot } from './helpers.js'

const site = 'h1'

t.test(
  'the status is retained, and the last will {"online":false} reaches others when the socket dies',
  async (t) => {
    const broker = await startAedes(t)
    const clock = createManualClock()
    const kiosk = new Dispenser({ url: broker.url, site, id: 'k1', token: 'x', clock, fw: '2.1.0' })
    t.teardown(() => kiosk.close())
    await kiosk.connect()

    // A client arriving later still learns the kiosk is on line: the status is retained.
    const late = await observer(t, broker.url)
    const retained = nextMessage(late, mqttTopics.status(site, 'k1'))
    await late.subscribeAsync(mqttTopics.status(site, 'k1'), { qos: 1 })
    const first = await retained
    t.same(first.payload, { online: true, kind: 'dispenser', fw: '2.1.0' })
    t.ok(first.retain)

    const will = nextMessage(
      late,
      mqttTopics.status(site, 'k1'),
      (p) => (p as { online: boolean }).online === false,
    )
    kiosk.link.kill() // the power cut: no DISCONNECT, so the broker publishes the will
    t.same((await will).payload, { online: false })

    const later = await observer(t, broker.url)
    const stillRetained = nextMessage(later, mqttTopics.status(site, 'k1'))
    await later.subscribeAsync(mqttTopics.status(site, 'k1'), { qos: 1 })
    t.same(
      (await stillRetained).payload,
      { online: false },
      'the will replaced the retained status',
    )
    t.equal(kiosk.link.state.state, 'reconnecting', 'the kiosk is trying again')
  },
)

t.test('a device resubscribes after its broker restarts and gets the hall again', async (t) => {
  const broker = await restartableBroker(t)
  await broker.start()
  const clock = createManualClock()
  const screen = new HallDisplay({
    url: broker.url,
    site,
    id: 'd1',
    token: 'x',
    clock,
    backoff: { initialMs: 1000, jitter: 0 },
  })
  t.teardown(() => screen.close())
  await screen.connect()
  t.equal(screen.link.connections, 1)

  await broker.stop()
  await waitFor(() => screen.link.state.state === 'reconnecting', { what: 'the link to notice' })
  await broker.start()
  clock.advance(1000)
  await waitFor(() => screen.online, { what: 'reconnect' })
  t.equal(screen.link.connections, 2)

  // The restarted broker knows nothing of old subscriptions: only a new SUBSCRIBE gets these.
  const edge = await observer(t, broker.url)
  await edge.publishAsync(mqttTopics.hall(site), JSON.stringify(snapshot(site, 7)), {
    qos: 1,
    retain: true,
  })
  await edge.publishAsync(
    mqttTopics.announce(site),
    JSON.stringify({
      id: 'a1',
      ticket: 'A001',
      window: '2',
      text: '请A001号到2号窗口办理',
      recall: false,
      at: new Date().toISOString(),
    }),
    { qos: 1 },
  )
  await waitFor(() => screen.snapshot?.seq === 7 && screen.announcements.length === 1, {
    what: 'hall and announce',
  })
  t.equal(screen.announcements[0]?.ticket, 'A001')
})

t.test(
  'while the broker is gone the device backs off exponentially and says so in its state',
  async (t) => {
    const broker = await restartableBroker(t) // not started: nothing listens yet
    const clock = createManualClock()
    const backoff = { initialMs: 1000, maxMs: 8000, factor: 2, jitter: 0.5, random: () => 0.5 }
    const caller = new Caller({
      url: broker.url,
      site,
      id: 'c1',
      window: '1',
      token: 'x',
      clock,
      backoff,
    })
    t.teardown(() => caller.close())
    const states: LinkState[] = []
    caller.on('state', (s) => states.push(s))
    await caller.connect({ waitOnline: false })

    const retries = () => states.filter((s) => s.state === 'reconnecting')
    for (let attempt = 0; attempt < 5; attempt++) {
      await waitFor(() => retries().length === attempt + 1, {
        what: `failed attempt ${attempt + 1}`,
      })
      const s = retries()[attempt]!
      t.equal(s.attempt, attempt + 1)
      t.equal(s.delayMs, backoffDelay(attempt, backoff), `delay before attempt ${attempt + 2}`)
      t.match(s.error, /ECONNREFUSED|connect/i)
      clock.advance(s.delayMs! - 1)
      t.equal(retries().length, attempt + 1, 'no attempt before the delay is up')
      if (attempt < 4) clock.advance(1)
    }
    t.same(
      retries().map((s) => s.delayMs),
      [750, 1500, 3000, 6000, 6000],
      'doubles up to the cap, half of each delay random',
    )
    await broker.start()
    clock.advance(1)
    await waitFor(() => caller.online, { what: 'online once the broker is back' })
    t.equal(caller.link.state.attempt, 0)
  },
)

t.test('a request with no answer in time is sent again with the same reqId', async (t) => {
  const broker = await startAedes(t)
  const clock = createManualClock()
  const kiosk = new Dispenser({
    url: broker.url,
    site,
    id: 'k1',
    token: 'x',
    clock,
    requestTimeoutMs: 3000,
  })
  t.teardown(() => kiosk.close())
  await kiosk.connect()
  const retries: string[] = []
  kiosk.on('retry', (r) => retries.push(r.reqId))

  const edge = await observer(t, broker.url)
  await edge.subscribeAsync(mqttTopics.request(site, 'k1'), { qos: 1 })
  const firstTry = nextMessage(edge, mqttTopics.request(site, 'k1'))
  const answer = kiosk.take('HJ-001', { priority: 'elderly' })
  const one = (await firstTry).payload as {
    reqId: string
    op: string
    item: string
    priority: string
  }
  t.same(
    { op: one.op, item: one.item, priority: one.priority },
    { op: 'take', item: 'HJ-001', priority: 'elderly' },
  )

  const secondTry = nextMessage(edge, mqttTopics.request(site, 'k1'))
  clock.advance(3000) // the first try is lost: no answer
  const two = (await secondTry).payload as { reqId: string }
  t.equal(two.reqId, one.reqId, 'the retry carries the same reqId')
  t.same(retries, [one.reqId])

  const result = {
    ticket: 'A001',
    item: 'HJ-001',
    itemName: '身份证',
    category: 'HJ-SFZ',
    priority: 'elderly',
    ahead: 0,
    wait: { minutes: 0 },
    issuedAt: new Date().toISOString(),
    guidance: [],
    printed: 'printed',
  }
  const reply = { reqId: one.reqId, ok: true, op: 'take', result }
  await edge.publishAsync(mqttTopics.response(site, 'k1'), JSON.stringify(reply), { qos: 1 })
  // The late answer to the first try, repeated by the edge: matched to nothing, harmless.
  await edge.publishAsync(mqttTopics.response(site, 'k1'), JSON.stringify(reply), { qos: 1 })
  const r = await answer
  t.ok(r.ok)
  if (r.ok) t.equal(r.result.ticket, 'A001')
  await waitFor(() => kiosk.stats.unmatched === 1, { what: 'the duplicate answer' })
  t.equal(kiosk.stats.retries, 1)
})

t.test('after the last try a request fails with TIMEOUT', async (t) => {
  const broker = await startAedes(t)
  const clock = createManualClock()
  const caller = new Caller({
    url: broker.url,
    site,
    id: 'c2',
    window: '2',
    token: 'x',
    clock,
    requestTimeoutMs: 1000,
    requestTries: 2,
  })
  t.teardown(() => caller.close())
  await caller.connect()
  const edge = await observer(t, broker.url)
  await edge.subscribeAsync(mqttTopics.request(site, 'c2'), { qos: 1 })
  const sent: string[] = []
  edge.on('message', (_tp, p) => sent.push((JSON.parse(p.toString()) as { reqId: string }).reqId))
  const call = caller.call()
  await waitFor(() => sent.length === 1)
  clock.advance(1000)
  await waitFor(() => sent.length === 2)
  clock.advance(1000)
  await t.rejects(call, { name: 'QmsError', code: 'TIMEOUT' })
  t.equal(sent[0], sent[1])
  t.equal(caller.stats.timeouts, 1)
})

t.test('invalid messages are counted and reported, and the device carries on', async (t) => {
  const broker = await startAedes(t)
  const screen = new WindowDisplay({ url: broker.url, site, id: 'w3', window: '3', token: 'x' })
  t.teardown(() => screen.close())
  const invalid: string[] = []
  screen.on('invalid', (m) => invalid.push(`${m.topic} ${m.error.code}`))
  await screen.connect()
  const edge = await observer(t, broker.url)
  await edge.publishAsync(mqttTopics.command(site, 'w3'), '{not json', { qos: 1 })
  await edge.publishAsync(
    mqttTopics.command(site, 'w3'),
    JSON.stringify({ cmd: 'explode', id: 'x' }),
    { qos: 1 },
  )
  await edge.publishAsync(mqttTopics.hall(site), JSON.stringify({ v: 1, site }), { qos: 1 })
  await edge.publishAsync(mqttTopics.response(site, 'w3'), Buffer.from([0xff, 0xfe, 0x00]), {
    qos: 1,
  })
  await waitFor(() => screen.stats.invalid === 4, { what: 'four invalid messages' })
  t.match(invalid[0], /cmd BAD_JSON$/)
  t.match(invalid[1], /cmd UNKNOWN_TYPE$|cmd BAD_REQUEST$/)
  t.match(invalid[2], /hall BAD_REQUEST$/)

  const show = {
    cmd: 'show',
    id: 'show-1',
    at: new Date().toISOString(),
    lines: [{ text: '请A001号', size: 2 }, { text: '3号窗口' }],
    ticket: 'A001',
    flash: true,
  }
  await edge.publishAsync(mqttTopics.command(site, 'w3'), JSON.stringify(show), { qos: 1 })
  await waitFor(() => screen.shown !== undefined, { what: 'the show command' })
  t.same(
    screen.shown?.lines.map((l) => l.text),
    ['请A001号', '3号窗口'],
  )
  t.equal(screen.shown?.flash, true)
  t.equal(screen.stats.invalid, 4)
})
