import { mqttTopics } from '@qms/protocol'
import { uniqueId, waitFor } from '@qms/test'
import mqtt from 'mqtt'
import t from 'tap'
import { startAgent } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { testHall } from './fixtures/hall.js'

/*
 * The edge as a client of an external broker: the Mosquitto on this machine (127.0.0.1:1883,
 * anonymous), under a hall id of its own so runs never meet.
 */

const MOSQUITTO = process.env.QMS_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'

t.test('a hall runs through an external broker', async (t) => {
  const site = uniqueId('ext')
  const { agent } = await startAgent(t, {
    hall: testHall({ id: site }),
    broker: { url: MOSQUITTO },
  })
  // Clear what this run retained on the shared broker.
  t.teardown(async () => {
    const c = await mqtt.connectAsync(MOSQUITTO, { reconnectPeriod: 0 })
    for (const topic of [mqttTopics.hall(site), mqttTopics.status(site, 'c2')])
      await c.publishAsync(topic, '', { qos: 1, retain: true })
    await c.endAsync()
  })
  const k1 = await connectDevice(t, MOSQUITTO, site, 'k1', { status: false })
  const c2 = await connectDevice(t, MOSQUITTO, site, 'c2', { kind: 'caller' })
  const w2 = await connectDevice(t, MOSQUITTO, site, 'w2', {
    status: false,
    extra: [mqttTopics.hall(site)],
  })
  t.match(await k1.request({ op: 'take', item: 'HJ-001' }), {
    ok: true,
    result: { ticket: 'A001' },
  })
  t.match(await c2.request({ op: 'open', window: '2' }), { ok: true })
  const shown = w2.next(mqttTopics.command(site, 'w2'))
  t.match(await c2.request({ op: 'call', window: '2' }), { ok: true, result: { ticket: 'A001' } })
  t.match(await shown, { cmd: 'show', ticket: 'A001' })
  await waitFor(() => w2.seen(mqttTopics.hall(site)).length > 0)
  t.match(await k1.request('not json'), { ok: false, error: { code: 'BAD_JSON' } })
  await waitFor(() =>
    agent.journal
      .readAfter(0, 100)
      .some((e) => e.type === 'device.online' && e.data.device === 'c2'),
  )
  t.match(await (await fetch(`http://127.0.0.1:${agent.ports.http}/healthz`)).json(), {
    broker: { mode: 'external', connected: true },
  })
})

t.test('an unreachable external broker fails the start with a clear error', async (t) => {
  await t.rejects(
    startAgent(t, { broker: { url: 'mqtt://127.0.0.1:9' } }),
    /ECONNREFUSED|no connection/,
  )
})
