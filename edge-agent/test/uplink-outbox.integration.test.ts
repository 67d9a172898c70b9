import { natsUrl, uniqueNatsNames, waitFor } from '@qms/test'
import t from 'tap'
import { churn, startUplinkHall } from './uplink-hall.js'
import { cloudSide, connectTo, exactlyInOrder, readEvents } from './uplink-nats.js'

/*
 * The outbox against the shared JetStream with private names: a backlog journaled while the hall
 * had no uplink goes out in order, each event once, never more than the window in flight; events
 * journaled while connected follow at once; the cursor survives a restart and nothing is resent
 * that JetStream acknowledged.
 */

const SITE = 'test-hall'
t.setTimeout(240_000)

t.test('a backlog of 20,000 events: in order, once each, a bounded window in flight', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectTo(t, natsUrl())
  await cloudSide(nc, names, SITE)
  const window = 128
  const { agent, uplink } = await startUplinkHall(t, {
    url: natsUrl(),
    names: { ...names },
    uplink: { window, servers: ['nats://127.0.0.1:1'] }, // no link yet: the backlog grows
  })
  await churn(agent, 20_000)
  const total = agent.journal.lastSeq()
  t.ok(total >= 20_000)
  t.equal(uplink.status().outbox.acked, 0)
  await uplink.close()

  // The same journal, now with a link.
  const { createUplink } = await import('../src/uplink/index.js')
  const live = createUplink({ hall: agent, servers: [natsUrl()], names, window })
  t.teardown(() => live.close())
  let maxInFlight = 0
  const sampler = setInterval(() => {
    maxInFlight = Math.max(maxInFlight, live.status().outbox.inFlight)
  }, 1)
  t.teardown(() => clearInterval(sampler))
  const started = performance.now()
  await waitFor(() => live.status().outbox.acked === total, {
    timeoutMs: 120_000,
    what: 'the backlog acknowledged',
  })
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  t.comment(
    `${total} events caught up in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)}/s`,
  )
  t.ok(maxInFlight <= window, `at most ${window} in flight (saw ${maxInFlight})`)

  const stored = await readEvents(nc, names, SITE)
  t.equal(exactlyInOrder(stored, SITE, total), true, 'the stream holds 1..N once each, in order')
  const journal = agent.journal.readAfter(0, total)
  t.ok(
    stored.every((s, i) => JSON.stringify(s.event) === JSON.stringify(journal[i])),
    'each message is the journal’s envelope',
  )
  await waitFor(() => agent.snapshot().link.behindEvents === 0, { what: 'link caught up' })
  t.match(agent.snapshot().link, { connected: true, behindEvents: 0, behindSec: 0 })
})

t.test(
  'events journaled while connected go at once; a restart resends nothing acknowledged',
  async (t) => {
    const names = uniqueNatsNames(t)
    const nc = await connectTo(t, natsUrl())
    await cloudSide(nc, names, SITE)
    const first = await startUplinkHall(t, { url: natsUrl(), names })
    await waitFor(() => first.uplink.status().connected, { what: 'connected' })
    await churn(first.agent, 300)
    const n = first.agent.journal.lastSeq()
    await waitFor(() => first.uplink.status().outbox.acked === n, { what: 'acknowledged' })
    await first.stop()

    const second = await startUplinkHall(t, { url: natsUrl(), names, dataDir: first.dataDir })
    await waitFor(() => second.uplink.status().connected, { what: 'connected again' })
    t.equal(second.uplink.status().outbox.acked, n, 'the cursor was written at close')
    await churn(second.agent, 50, 'again')
    const m = second.agent.journal.lastSeq()
    await waitFor(() => second.uplink.status().outbox.acked === m, { what: 'the new events' })
    const metrics = await second.agent.metrics.registry.getSingleMetricAsString(
      'qms_edge_uplink_acked_total',
    )
    t.notMatch(metrics, /duplicate="true"[^}]*} [1-9]/, 'no duplicates: nothing was resent')
    t.match(metrics, /duplicate="false"[^}]*} [1-9]/, 'the acknowledgements are counted')
    t.equal(exactlyInOrder(await readEvents(nc, names, SITE), SITE, m), true)
  },
)

t.test('the stream is missing: the hall waits and sends when it appears', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectTo(t, natsUrl())
  const { agent, uplink } = await startUplinkHall(t, {
    url: natsUrl(),
    names,
    uplink: { retryMs: 50, retryMaxMs: 200 },
  })
  await churn(agent, 20)
  await waitFor(() => uplink.status().outbox.failing, { what: 'publishes failing' })
  t.equal(uplink.status().outbox.acked, 0)
  await cloudSide(nc, names, SITE)
  const n = agent.journal.lastSeq()
  await waitFor(() => uplink.status().outbox.acked === n, { what: 'sent once the stream exists' })
  t.equal(exactlyInOrder(await readEvents(nc, names, SITE), SITE, n), true)
  const failures = await agent.metrics.registry.getSingleMetricAsString(
    'qms_edge_uplink_publish_failures_total',
  )
  t.match(failures, /reason="no_stream"[^}]*} [1-9]/)
})
