import { startNatsServer, uniqueNatsNames, waitFor } from '@qms/test'
import t from 'tap'
import { connectDevice, type TestDevice } from './fixtures/devices.js'
import { startUplinkHall } from './uplink-hall.js'
import { cloudSide, connectTo, exactlyInOrder, readEvents } from './uplink-nats.js'

/*
 * A NATS outage with the hall at work: a private nats-server is stopped while real MQTT devices
 * keep taking numbers and calling them; the hall answers every request, the journal keeps
 * everything and the hall shows the link down and how far behind it is. When the server is
 * back, the hall catches up: the stream holds exactly 1..N once each, in order.
 */

const SITE = 'test-hall'
t.setTimeout(240_000)

/** Takes and calls by a dispenser and a caller at window 1; every answer must be ok. */
async function work(dispenser: TestDevice, caller: TestDevice, rounds: number) {
  for (let i = 0; i < rounds; i++) {
    const take = await dispenser.request({ op: 'take', item: 'HJ-001' })
    if (!take.ok) throw new Error(`take refused: ${JSON.stringify(take)}`)
    if (i % 2 === 1) {
      const call = await caller.request({ op: 'call', window: '1' })
      if (!call.ok) throw new Error(`call refused: ${JSON.stringify(call)}`)
      const done = await caller.request({ op: 'complete', window: '1' })
      if (!done.ok) throw new Error(`complete refused: ${JSON.stringify(done)}`)
    }
  }
}

t.test('the hall works through a NATS outage and catches up in order afterwards', async (t) => {
  const server = await startNatsServer(t)
  const names = uniqueNatsNames(t, server.url)
  const cloud = await connectTo(t, server.url)
  await cloudSide(cloud, names, SITE)
  const { agent, uplink } = await startUplinkHall(t, { url: server.url, names })
  await waitFor(() => uplink.status().connected, { what: 'connected' })
  const mqttUrl = `mqtt://127.0.0.1:${agent.ports.mqtt}`
  const dispenser = await connectDevice(t, mqttUrl, SITE, 'k1', { kind: 'dispenser' })
  const caller = await connectDevice(t, mqttUrl, SITE, 'c1', { kind: 'caller' })
  t.ok((await caller.request({ op: 'open', window: '1' })).ok)
  await work(dispenser, caller, 20)
  const before = agent.journal.lastSeq()
  await waitFor(() => uplink.status().outbox.acked === before, { what: 'all sent' })
  await cloud.close()

  const cutAt = performance.now()
  await server.stop()
  await waitFor(() => !agent.snapshot().link.connected, { what: 'the hall sees the link down' })
  t.comment(`link down noticed ${((performance.now() - cutAt) / 1000).toFixed(3)} s after the stop`)

  await work(dispenser, caller, 300)
  const during = agent.journal.lastSeq()
  t.ok(during > before + 300, `the hall went on: ${during - before} events during the outage`)
  await waitFor(() => agent.snapshot().link.behindEvents === during - before, {
    what: 'the hall showing its backlog',
  })
  const state = (await (await fetch(`http://127.0.0.1:${agent.ports.http}/api/state`)).json()) as {
    link: { connected: boolean; behindEvents: number; behindSec: number }
  }
  t.match(state.link, { connected: false, behindEvents: during - before })
  const metrics = await (await fetch(`http://127.0.0.1:${agent.ports.http}/metrics`)).text()
  t.match(metrics, /qms_edge_link_connected\{[^}]*} 0/)
  t.match(metrics, new RegExp(`qms_edge_link_behind_events\\{[^}]*} ${during - before}`))
  t.equal(uplink.status().outbox.acked, before, 'nothing acknowledged while down')

  await server.start()
  const backAt = performance.now()
  await waitFor(() => uplink.status().outbox.acked === agent.journal.lastSeq(), {
    what: 'caught up',
    timeoutMs: 60_000,
  })
  t.comment(
    `${during - before} events caught up ${((performance.now() - backAt) / 1000).toFixed(2)} s after the server was back`,
  )
  await work(dispenser, caller, 10)
  const n = agent.journal.lastSeq()
  await waitFor(() => uplink.status().outbox.acked === n, { what: 'live again' })
  await waitFor(() => agent.snapshot().link.connected && agent.snapshot().link.behindEvents === 0, {
    what: 'the hall showing the link up',
  })
  const reader = await connectTo(t, server.url)
  t.equal(exactlyInOrder(await readEvents(reader, names, SITE), SITE, n), true, 'exactly 1..N')
  const reconnects = await agent.metrics.registry.getSingleMetricAsString(
    'qms_edge_uplink_reconnects_total',
  )
  t.match(reconnects, /} [1-9]/)
})
