import { MAX_DEVICE_PAYLOAD_BYTES, mqttTopics } from '@qms/protocol'
import { waitFor } from '@qms/test'
import mqtt from 'mqtt'
import t, { type Test } from 'tap'
import { startAgent, type TestAgent } from './fixtures/agent.js'
import { connectDevice, type TestDevice } from './fixtures/devices.js'

/*
 * Every kind of bad input, over real MQTT: a clear error with a code where the topic allows one,
 * nothing journaled, the agent still serving.
 */

const SITE = 'test-hall'

interface Hall {
  edge: TestAgent
  k1: TestDevice
  c2: TestDevice
  /** The journal's seq and the state, to show that nothing changed. */
  mark(): { seq: number; open: number }
}

async function hall(t: Test): Promise<Hall> {
  const edge = await startAgent(t)
  const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1', { status: false })
  const c2 = await connectDevice(t, edge.mqttUrl, SITE, 'c2', { status: false })
  await k1.request({ op: 'take', item: 'HJ-001' })
  await k1.request({ op: 'take', item: 'CRJ-001' })
  await c2.request({ op: 'open', window: '2' })
  return {
    edge,
    k1,
    c2,
    mark: () => ({ seq: edge.agent.journal.lastSeq(), open: edge.agent.state().open.size }),
  }
}

/** The hall still answers after the bad input. */
async function stillServes(t: Test, h: Hall) {
  t.match(await h.k1.request({ op: 'take', item: 'HJ-002' }), { ok: true })
}

t.test('malformed JSON', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  const r = await h.k1.request('{"reqId":"x1","op":"take",')
  t.match(r, { ok: false, error: { code: 'BAD_JSON' } })
  t.same(h.mark(), before)
  await stillServes(t, h)
})

t.test('unknown op', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.k1.request({ op: 'teleport', item: 'HJ-001' }, 'k1-tele'), {
    reqId: 'k1-tele',
    ok: false,
    error: { code: 'UNKNOWN_OP', path: '/op' },
  })
  t.same(h.mark(), before)
  await stillServes(t, h)
})

t.test('a request that does not match its schema', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.k1.request({ op: 'take', item: 'hj 001' }, 'k1-bad'), {
    ok: false,
    error: { code: 'BAD_REQUEST', path: '/item' },
  })
  t.same(h.mark(), before)
})

t.test('unknown item, and an item the hall does not offer', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.k1.request({ op: 'take', item: 'XX-999' }), {
    ok: false,
    error: { code: 'UNKNOWN_ITEM', path: '/item', messageZh: '没有该事项' },
  })
  t.match(await h.k1.request({ op: 'take', item: 'JG-001' }), {
    ok: false,
    error: { code: 'ITEM_NOT_OFFERED' },
  })
  t.same(h.mark(), before)
  await stillServes(t, h)
})

t.test('a window that does not exist, and another device’s window', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.c2.request({ op: 'call', window: '99' }), {
    ok: false,
    error: { code: 'UNKNOWN_WINDOW', path: '/window' },
  })
  t.match(await h.c2.request({ op: 'call', window: '3' }), {
    ok: false,
    error: { code: 'WRONG_WINDOW', path: '/window' },
  })
  t.same(h.mark(), before)
  await stillServes(t, h)
})

t.test('a window calling an item it does not serve', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.c2.request({ op: 'callTicket', window: '2', ticket: 'E001' }), {
    ok: false,
    error: { code: 'ITEM_NOT_SERVED' },
  })
  t.same(h.mark(), before)
  t.match(await h.c2.request({ op: 'call', window: '2' }), { ok: true, result: { ticket: 'A001' } })
})

t.test('an op the device kind may not make', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  t.match(await h.k1.request({ op: 'call', window: '2' }), {
    ok: false,
    error: { code: 'DEVICE_NOT_ALLOWED' },
  })
  t.match(await h.c2.request({ op: 'take', item: 'HJ-001' }), {
    ok: false,
    error: { code: 'DEVICE_NOT_ALLOWED' },
  })
  t.same(h.mark(), before)
})

t.test('a payload over the size limit', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  const big = JSON.stringify({
    reqId: 'k1-big',
    op: 'take',
    item: 'HJ-001',
    pad: 'x'.repeat(MAX_DEVICE_PAYLOAD_BYTES),
  })
  t.match(await h.k1.request(big), { ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
  t.same(h.mark(), before)
  await stillServes(t, h)
})

t.test('a device publishing on another device’s topic is refused and told so', async (t) => {
  const h = await hall(t)
  const d1 = await connectDevice(t, h.edge.mqttUrl, SITE, 'd1', {
    status: false,
    extra: [mqttTopics.hall(SITE)],
  })
  await waitFor(() => d1.seen(mqttTopics.hall(SITE)).length > 0)
  const before = h.mark()
  const reply = h.k1.next(mqttTopics.response(SITE, 'k1'))
  // The caller's request topic: the dispenser tries to call on window 2's behalf.
  await h.k1.publish(
    mqttTopics.request(SITE, 'c2'),
    JSON.stringify({ reqId: 'spoof-1', op: 'call', window: '2' }),
  )
  t.match(await reply, { reqId: 'spoof-1', ok: false, error: { code: 'FORBIDDEN_TOPIC' } })
  // A forged, retained hall snapshot reaches nobody and is not retained.
  await h.k1.publish(mqttTopics.hall(SITE), '{"forged":true}', true)
  const late = await connectDevice(t, h.edge.mqttUrl, SITE, 'w1', {
    status: false,
    extra: [mqttTopics.hall(SITE)],
  })
  await waitFor(() => late.seen(mqttTopics.hall(SITE)).length > 0)
  t.notMatch(late.seen(mqttTopics.hall(SITE))[0], { forged: true })
  t.notOk(
    d1.seen(mqttTopics.hall(SITE)).some((m) => (m as { forged?: boolean }).forged === true),
    'the screens never saw it',
  )
  t.same(h.mark(), before, 'nothing was called')
  t.equal(h.edge.agent.state().windows.get('2')?.current, undefined)
  await stillServes(t, h)
})

t.test('a subscription the device kind does not need is refused', async (t) => {
  const h = await hall(t)
  // mqtt.js turns a SUBACK 0x80 into an error that carries the packet.
  const granted = async (topic: string) => {
    try {
      await h.k1.client.subscribeAsync(topic, { qos: 1 })
      return 'granted'
    } catch (err) {
      return (err as { packet?: { granted?: number[] } }).packet?.granted
    }
  }
  t.same(await granted(mqttTopics.response(SITE, 'c2')), [128], 'another device’s answers')
  t.same(await granted(mqttTopics.everything(SITE)), [128], 'a wildcard over the hall')
  await stillServes(t, h)
})

t.test('a wrong token, an unknown device, a user name that is not the client id', async (t) => {
  const h = await hall(t)
  const before = h.mark()
  const attempt = (clientId: string, username: string, password: string) =>
    mqtt.connectAsync(h.edge.mqttUrl, {
      clientId,
      username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    })
  await t.rejects(attempt('k1', 'k1', 'wrong'), /Bad username or password|Not authorized/)
  await t.rejects(attempt('k9', 'k9', 'tok-k9'), /Bad username or password|Not authorized/)
  await t.rejects(attempt('k1', 'c2', 'tok-c2'), /Bad username or password|Not authorized/)
  t.same(h.mark(), before)
  await stillServes(t, h)
  const metrics = await (await fetch(`${h.edge.httpUrl}/metrics`)).text()
  t.match(metrics, /qms_edge_broker_refused_total\{what="connect",site="test-hall"\} 3/)
})
