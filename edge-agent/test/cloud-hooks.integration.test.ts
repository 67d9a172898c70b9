import { type CloudCommand, mqttTopics, PROTOCOL_VERSION } from '@qms/protocol'
import { waitFor } from '@qms/test'
import t from 'tap'
import { startAgent } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'

const SITE = 'test-hall'
let n = 0

function command<T extends CloudCommand['type']>(
  type: T,
  data: Extract<CloudCommand, { type: T }>['data'],
  overrides: Partial<CloudCommand> = {},
): CloudCommand {
  const now = Date.now()
  return {
    v: PROTOCOL_VERSION,
    id: `cmd-${++n}`,
    site: SITE,
    ts: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
    type,
    data,
    ...overrides,
  } as CloudCommand
}

t.test('rpc take issues a ticket for a phone; ticket and cancel follow it', async (t) => {
  const { agent } = await startAgent(t)
  const take = await agent.rpc('take', { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' })
  t.match(take, { ok: true, result: { ticket: 'A001', ahead: 0 } })
  t.same(await agent.rpc('take', { reqId: 'm-1', item: 'HJ-001', channel: 'mobile' }), take)
  t.match(await agent.rpc('ticket', { ticket: 'A001' }), {
    ok: true,
    result: { ticket: 'A001', channel: 'mobile', state: 'waiting' },
  })
  t.match(await agent.rpc('cancel', { reqId: 'm-2', ticket: 'A001' }), {
    ok: true,
    result: { ticket: 'A001', state: 'cancelled' },
  })
  t.match(await agent.rpc('ticket', { ticket: 'A404' }), {
    ok: false,
    error: { code: 'UNKNOWN_TICKET' },
  })
  t.match(await agent.rpc('take', { reqId: 'm-3', item: 'HJ-001' }), {
    ok: false,
    error: { code: 'BAD_REQUEST', path: '/channel' },
  })
  t.match(await agent.rpc('state', {}), { ok: true, result: { site: SITE, v: 1 } })
  t.match(await agent.rpc('replay' as 'state', { fromSeq: 1 }), {
    ok: false,
    error: { code: 'UNKNOWN_OP' },
  })
})

t.test('a hand-off ticket keeps where it came from, and handoffDone closes it', async (t) => {
  const { agent } = await startAgent(t)
  const take = await agent.rpc('take', {
    reqId: 'h-1',
    item: 'HJ-001',
    channel: 'handoff',
    handoff: { fromSite: 'hub', fromTicket: 'A100' },
  })
  t.ok(take.ok)
  const issued = agent.journal.readAfter(0, 100).find((e) => e.type === 'ticket.issued')
  t.match(issued?.data, { handoff: { fromSite: 'hub', fromTicket: 'A100' }, channel: 'handoff' })
  t.same(
    await agent.command(
      command('handoffDone', { ticket: 'A001', toSite: 'st-02', toTicket: 'A031' }),
    ),
    {
      ok: true,
    },
  )
  t.match(agent.journal.readAfter(0, 100).at(-1), {
    type: 'ticket.transferred',
    data: { ticket: 'A001', toSite: 'st-02', toTicket: 'A031' },
  })
})

t.test('predictions and guidance are used while fresh; the snapshot shows them', async (t) => {
  const { agent, mqttUrl } = await startAgent(t, { snapshotIntervalMs: 10 })
  const at = new Date().toISOString()
  t.same(
    await agent.command(
      command('predictions', {
        at,
        seq: agent.journal.lastSeq(),
        items: [{ item: 'HJ-001', wait: { minutes: 42, lo80: 30, hi80: 55 } }],
        tickets: [],
      }),
    ),
    { ok: true },
  )
  t.same(
    await agent.command(
      command('guidance', {
        items: [
          {
            kind: 'hall',
            category: 'HJ-SFZ',
            text: '城关派出所等候更短，约15分钟',
            site: 'st-02',
            waitMin: 15,
          },
        ],
      }),
    ),
    { ok: true },
  )
  const k1 = await connectDevice(t, mqttUrl, SITE, 'k1', { status: false })
  const take = await k1.request({ op: 'take', item: 'HJ-001' })
  t.match(take, {
    ok: true,
    result: { wait: { minutes: 42, source: 'cloud' }, guidance: [{ kind: 'hall', site: 'st-02' }] },
  })
  const snap = agent.snapshot()
  t.match(
    snap.queues.find((q) => q.category === 'HJ-SFZ'),
    { wait: { minutes: 42, source: 'cloud' } },
  )
  t.match(snap.guidance, [{ kind: 'hall' }])
  const stale = await agent.command(
    command('predictions', {
      at: new Date(Date.now() - 3_600_000).toISOString(),
      seq: 0,
      items: [{ item: 'HJ-001', wait: { minutes: 99 } }],
      tickets: [],
    }),
  )
  t.same(stale, { ok: true })
  t.match(
    agent.snapshot().queues.find((q) => q.category === 'HJ-SFZ'),
    { wait: { source: 'local' } },
  )
})

t.test('config changes the rules and survives a restart', async (t) => {
  const first = await startAgent(t)
  t.same(await first.agent.command(command('config', { recallLimit: 1, diversion: true })), {
    ok: true,
  })
  t.equal(first.agent.state().rules.recallLimit, 1)
  t.equal(first.agent.snapshot().diversion, true)
  await first.agent.close()
  const second = await startAgent(t, { dataDir: first.dataDir })
  t.equal(second.agent.state().rules.recallLimit, 1, 'rules kept')
  await second.agent.handle('c2', { reqId: 'o', op: 'open', window: '2' })
  await second.agent.handle('k1', { reqId: 't', op: 'take', item: 'HJ-001' })
  await second.agent.handle('c2', { reqId: 'c', op: 'call', window: '2' })
  t.match(await second.agent.handle('c2', { reqId: 'r1', op: 'recall', window: '2' }), { ok: true })
  t.match(await second.agent.handle('c2', { reqId: 'r2', op: 'recall', window: '2' }), {
    ok: false,
    error: { code: 'RECALL_LIMIT' },
  })
})

t.test('notice and openWindow reach the staff of a window, or everyone', async (t) => {
  const { agent, mqttUrl } = await startAgent(t)
  const c2 = await connectDevice(t, mqttUrl, SITE, 'c2', { status: false })
  const w2 = await connectDevice(t, mqttUrl, SITE, 'w2', { status: false })
  const c3 = await connectDevice(t, mqttUrl, SITE, 'c3', { status: false })
  t.same(
    await agent.command(
      command('notice', { window: '2', text: '2号窗口等候人数较多，请加快办理' }),
    ),
    { ok: true },
  )
  t.match(await c2.next(mqttTopics.command(SITE, 'c2')), { cmd: 'notice', text: /加快办理/ })
  t.match(await w2.next(mqttTopics.command(SITE, 'w2')), { cmd: 'notice' })
  t.same(
    await agent.command(
      command('openWindow', { text: '请增开窗口', textEn: 'Please open a window' }),
    ),
    {
      ok: true,
    },
  )
  t.match(await c3.next(mqttTopics.command(SITE, 'c3')), { cmd: 'notice', text: '请增开窗口' })
  t.match(await agent.command(command('notice', { window: '77', text: 'x' })), {
    ok: false,
    error: { code: 'UNKNOWN_WINDOW' },
  })
})

t.test('expired, foreign and invalid commands are dropped and counted', async (t) => {
  const { agent, httpUrl } = await startAgent(t)
  const past = new Date(Date.now() - 1000).toISOString()
  t.match(await agent.command(command('guidance', { items: [] }, { expiresAt: past })), {
    ok: false,
    error: { code: 'COMMAND_EXPIRED' },
  })
  t.match(await agent.command(command('guidance', { items: [] }, { site: 'other-hall' })), {
    ok: false,
    error: { code: 'SITE_MISMATCH' },
  })
  t.match(await agent.command({ v: 1, type: 'selfDestruct' }), {
    ok: false,
    error: { code: 'UNKNOWN_TYPE' },
  })
  const metrics = await (await fetch(`${httpUrl}/metrics`)).text()
  t.match(
    metrics,
    /qms_edge_commands_dropped_total\{type="guidance",reason="expired",site="test-hall"\} 1/,
  )
  t.match(
    metrics,
    /qms_edge_commands_dropped_total\{type="guidance",reason="site",site="test-hall"\} 1/,
  )
  t.match(
    metrics,
    /qms_edge_commands_dropped_total\{type="selfDestruct",reason="invalid",site="test-hall"\} 1/,
  )
})

t.test('until an uplink runs, the link shows how far behind the cloud is', async (t) => {
  const { agent } = await startAgent(t)
  await agent.handle('k1', { reqId: 't', op: 'take', item: 'HJ-001' })
  const link = agent.snapshot().link
  t.equal(link.connected, false)
  t.equal(link.behindEvents, agent.journal.lastSeq())
  agent.journal.setCursor('uplink', agent.journal.lastSeq())
  t.equal(agent.snapshot().link.behindEvents, 0)
  agent.setLink({ connected: true, behindEvents: 0, behindSec: 0 })
  await waitFor(() => agent.snapshot().link.connected)
  t.pass('setLink shows in the snapshot')
})
