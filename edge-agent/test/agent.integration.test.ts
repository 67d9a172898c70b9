import { createManualClock, type HallSnapshot, mqttTopics, type ShowCommand } from '@qms/protocol'
import { waitFor } from '@qms/test'
import type { Static } from '@sinclair/typebox'
import t from 'tap'
import { startAgent } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { testHall } from './fixtures/hall.js'

const SITE = 'test-hall'

t.test(
  'a dispenser takes a number and a caller calls it: window screen, announce, snapshot',
  async (t) => {
    const { agent, mqttUrl } = await startAgent(t)
    const k1 = await connectDevice(t, mqttUrl, SITE, 'k1')
    const c2 = await connectDevice(t, mqttUrl, SITE, 'c2')
    const w2 = await connectDevice(t, mqttUrl, SITE, 'w2')
    const d1 = await connectDevice(t, mqttUrl, SITE, 'd1', {
      extra: [mqttTopics.hall(SITE), mqttTopics.announce(SITE)],
    })

    const take = await k1.request({ op: 'take', item: 'HJ-001', priority: 'normal' })
    t.match(take, {
      ok: true,
      op: 'take',
      result: { ticket: 'A001', item: 'HJ-001', ahead: 0, printed: 'none' },
    })
    t.match((take as { result: { statusUrl: string } }).result.statusUrl, /\/api\/tickets\/A001$/)

    t.match(await c2.request({ op: 'open', window: '2' }), { ok: true, result: { state: 'idle' } })
    const shown = w2.next(mqttTopics.command(SITE, 'w2'))
    const announced = d1.next(mqttTopics.announce(SITE))
    t.match(await c2.request({ op: 'call', window: '2' }), {
      ok: true,
      result: { ticket: 'A001', window: '2' },
    })
    const show = (await shown) as Static<typeof ShowCommand>
    t.equal(show.cmd, 'show')
    t.same(
      show.lines.map((l) => l.text),
      ['请 A001', '到2号窗口'],
    )
    t.match(await announced, {
      ticket: 'A001',
      window: '2',
      text: '请A001号到2号窗口办理',
      recall: false,
    })

    const recallShown = w2.next(mqttTopics.command(SITE, 'w2'))
    const recallAnnounced = d1.next(mqttTopics.announce(SITE))
    t.match(await c2.request({ op: 'recall', window: '2' }), { ok: true, result: { recalls: 1 } })
    t.match(await recallShown, { cmd: 'show', ticket: 'A001' })
    t.match(await recallAnnounced, { ticket: 'A001', recall: true })

    const snapshot = (await waitFor(() =>
      d1
        .seen(mqttTopics.hall(SITE))
        .map((s) => s as HallSnapshot)
        .find((s) => s.calls.some((c) => c.recalls === 1)),
    )) as HallSnapshot
    t.equal(snapshot.site, SITE)
    t.match(
      snapshot.windows.find((w) => w.no === '2'),
      { state: 'calling', ticket: 'A001' },
    )
    t.equal(snapshot.seq, agent.journal.lastSeq())
  },
)

t.test('the hall snapshot is retained: a screen that connects later gets it at once', async (t) => {
  const { mqttUrl } = await startAgent(t, { snapshotIntervalMs: 10 })
  const k1 = await connectDevice(t, mqttUrl, SITE, 'k1')
  await k1.request({ op: 'take', item: 'CRJ-001' })
  const d1 = await connectDevice(t, mqttUrl, SITE, 'd1', { extra: [mqttTopics.hall(SITE)] })
  const first = (await waitFor(() =>
    d1
      .seen(mqttTopics.hall(SITE))
      .find((s) => (s as HallSnapshot).queues.some((q) => q.waiting > 0)),
  )) as HallSnapshot
  t.match(
    first.queues.find((q) => q.category === 'CRJ-ZJ'),
    { waiting: 1, prefix: 'E' },
  )
})

t.test('status and last will become device.online and device.offline events', async (t) => {
  const { agent, mqttUrl } = await startAgent(t)
  const c1 = await connectDevice(t, mqttUrl, SITE, 'c1', { kind: 'caller' })
  const events = () => agent.journal.readAfter(0, 1000)
  await waitFor(() => events().some((e) => e.type === 'device.online' && e.data.device === 'c1'))
  // An unclean end: the broker publishes the last will.
  c1.client.stream.destroy()
  await waitFor(() => events().some((e) => e.type === 'device.offline' && e.data.device === 'c1'))
  t.pass('online then offline journaled')
  const before = agent.journal.lastSeq()
  const again = await connectDevice(t, mqttUrl, SITE, 'c1')
  await waitFor(() => agent.journal.lastSeq() > before)
  await again.close()
  await waitFor(
    () =>
      events().filter((e) => e.type === 'device.offline' && e.data.device === 'c1').length === 2,
  )
  t.pass('a clean disconnect counts as offline too')
})

t.test('devices may also connect over WebSocket', async (t) => {
  const { wsUrl } = await startAgent(t)
  const k1 = await connectDevice(t, wsUrl, SITE, 'k1')
  t.match(await k1.request({ op: 'take', item: 'HJ-010' }), {
    ok: true,
    result: { ticket: 'B001' },
  })
})

t.test(
  'a repeated reqId gets the first answer and changes nothing, also after a restart',
  async (t) => {
    const first = await startAgent(t)
    const k1 = await connectDevice(t, first.mqttUrl, SITE, 'k1', { status: false })
    const a = await k1.request({ op: 'take', item: 'HJ-001' }, 'k1-same')
    const seq = first.agent.journal.lastSeq()
    t.same(await k1.request({ op: 'take', item: 'HJ-001' }, 'k1-same'), a)
    t.equal(first.agent.journal.lastSeq(), seq, 'no new event')
    await k1.close()
    await first.agent.close()

    const second = await startAgent(t, { dataDir: first.dataDir })
    const again = await connectDevice(t, second.mqttUrl, SITE, 'k1', { status: false })
    t.same(
      await again.request({ op: 'take', item: 'HJ-001' }, 'k1-same'),
      a,
      'same answer after restart',
    )
    t.match(await again.request({ op: 'take', item: 'HJ-001' }), {
      ok: true,
      result: { ticket: 'A002' },
    })
  },
)

t.test('a burst of 100 changes makes one snapshot message (manual clock)', async (t) => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 1, 0, 0))
  const { agent, mqttUrl } = await startAgent(t, { clock, snapshotIntervalMs: 100 })
  const d1 = await connectDevice(t, mqttUrl, SITE, 'd1', { extra: [mqttTopics.hall(SITE)] })
  await waitFor(() => d1.seen(mqttTopics.hall(SITE)).length === 1)
  for (let i = 0; i < 100; i++) {
    const r = await agent.handle('k1', { reqId: `burst-${i}`, op: 'take', item: 'HJ-002' })
    t.equal(r.ok, true)
  }
  clock.advance(100)
  await waitFor(() => d1.seen(mqttTopics.hall(SITE)).length === 2)
  clock.advance(1000)
  await agent.handle('k1', { reqId: 'after', op: 'take', item: 'HJ-002' })
  clock.advance(100)
  await waitFor(() => d1.seen(mqttTopics.hall(SITE)).length === 3)
  const [, burst] = d1.seen(mqttTopics.hall(SITE)) as HallSnapshot[]
  t.equal(
    burst?.queues.find((q) => q.category === 'HJ-SFZ')?.waiting,
    100,
    'the one message has all 100',
  )
})

t.test('at local midnight the day rolls over by itself and numbering restarts', async (t) => {
  // Monday 23:59:30 in Shanghai.
  const clock = createManualClock(Date.UTC(2026, 0, 5, 15, 59, 30))
  const { agent } = await startAgent(t, { clock })
  t.match(await agent.handle('k1', { reqId: 'mon', op: 'take', item: 'HJ-001' }), {
    ok: true,
    result: { ticket: 'A001' },
  })
  clock.advance(60_000)
  await waitFor(() => agent.state().day === '2026-01-06')
  const events = agent.journal.readAfter(0, 100)
  t.match(events.slice(-2), [
    { type: 'ticket.cancelled', data: { ticket: 'A001', reason: 'dayEnd' } },
    { type: 'site.snapshot', data: { day: '2026-01-06' } },
  ])
  t.match(await agent.handle('k1', { reqId: 'tue', op: 'take', item: 'HJ-001' }), {
    ok: true,
    result: { ticket: 'A001' },
  })
})

t.test(
  'site.config is journaled at the first start and when the configuration changes',
  async (t) => {
    const first = await startAgent(t)
    const configs = (a: typeof first.agent) =>
      a.journal.readAfter(0, 1000).filter((e) => e.type === 'site.config')
    t.equal(configs(first.agent).length, 1)
    await first.agent.close()
    const same = await startAgent(t, { dataDir: first.dataDir })
    t.equal(configs(same.agent).length, 1, 'the same configuration is not journaled again')
    await same.agent.close()
    const changed = await startAgent(t, {
      dataDir: first.dataDir,
      hall: { ...testHall(), name: '测试派出所综合服务厅' },
    })
    t.equal(configs(changed.agent).length, 2)
    t.match(configs(changed.agent)[1], { data: { name: '测试派出所综合服务厅' } })
  },
)

t.test(
  'after a restart of the embedded broker, devices count as offline until they say otherwise',
  async (t) => {
    const first = await startAgent(t)
    await connectDevice(t, first.mqttUrl, SITE, 'c1', { kind: 'caller' })
    await waitFor(() =>
      first.agent.journal.readAfter(0, 100).some((e) => e.type === 'device.online'),
    )
    await first.agent.close()
    const second = await startAgent(t, { dataDir: first.dataDir })
    const offline = second.agent.journal
      .readAfter(0, 1000)
      .filter((e) => e.type === 'device.offline' && e.data.device === 'c1')
    t.equal(offline.length, 1)
  },
)
