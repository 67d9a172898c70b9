import {
  EdgeCatalogue,
  EdgeHealth,
  EdgeState,
  TakeResult,
  TicketStatus,
  validate,
} from '@qms/protocol'
import { waitFor } from '@qms/test'
import t from 'tap'
import WebSocket from 'ws'
import { startAgent } from './fixtures/agent.js'

const post = (url: string, body: unknown, type = 'application/json') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

t.test('the web kiosk takes a number; the ticket and state show it', async (t) => {
  const { httpUrl } = await startAgent(t)
  const res = await post(`${httpUrl}/api/tickets`, { item: 'HJ-001', reqId: 'web-1' })
  t.equal(res.status, 200)
  const take = await res.json()
  t.ok(validate(TakeResult, take).ok, 'a TakeResult')
  t.match(take, { ticket: 'A001', printed: 'none' })
  const again = await (
    await post(`${httpUrl}/api/tickets`, { item: 'HJ-001', reqId: 'web-1' })
  ).json()
  t.same(again, take, 'the same reqId gets the first answer')

  const status = await (await fetch(`${httpUrl}/api/tickets/A001`)).json()
  t.ok(validate(TicketStatus, status).ok)
  t.match(status, { ticket: 'A001', state: 'waiting', channel: 'web', ahead: 0 })

  const state = (await (await fetch(`${httpUrl}/api/state`)).json()) as EdgeState
  t.ok(validate(EdgeState, state).ok, 'an EdgeState')
  t.match(state.waiting, [{ ticket: 'A001', ahead: 0 }])
})

t.test('HTTP errors carry the code and its status', async (t) => {
  const { httpUrl, agent } = await startAgent(t)
  const seq = agent.journal.lastSeq()
  const cases: Array<[Response, number, string]> = [
    [await post(`${httpUrl}/api/tickets`, { item: 'XX-1' }), 404, 'UNKNOWN_ITEM'],
    [await post(`${httpUrl}/api/tickets`, { item: 'JG-001' }), 409, 'ITEM_NOT_OFFERED'],
    [await post(`${httpUrl}/api/tickets`, { item: 'HJ-001', extra: 1 }), 400, 'BAD_REQUEST'],
    [await post(`${httpUrl}/api/tickets`, '{"item":'), 400, 'BAD_JSON'],
    [await post(`${httpUrl}/api/tickets`, { item: 'x'.repeat(20_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    [await fetch(`${httpUrl}/api/tickets/A404`), 404, 'UNKNOWN_TICKET'],
    [await fetch(`${httpUrl}/api/tickets/not-a-ticket`), 400, 'BAD_REQUEST'],
    [await fetch(`${httpUrl}/nowhere`), 404, 'NOT_FOUND'],
  ]
  for (const [res, status, code] of cases) {
    t.equal(res.status, status, code)
    t.match(await res.json(), { error: { code } })
  }
  t.equal(agent.journal.lastSeq(), seq, 'nothing journaled')
})

t.test('catalogue, health and metrics', async (t) => {
  const { httpUrl } = await startAgent(t)
  await post(`${httpUrl}/api/tickets`, { item: 'CRJ-001' })
  const catalogue = (await (await fetch(`${httpUrl}/api/catalogue`)).json()) as EdgeCatalogue
  t.ok(validate(EdgeCatalogue, catalogue).ok, 'an EdgeCatalogue')
  t.same(
    catalogue.items.map((i: { code: string }) => i.code),
    ['HJ-001', 'HJ-002', 'HJ-010', 'CRJ-001'],
    'only what the hall offers',
  )
  t.match(catalogue.items[3], {
    name: '普通护照签发',
    pinyin: 'pthzqf',
    online: true,
    onlineUrl: 'https://zhangban.example.gov.cn/item/CRJ-001',
    waiting: 1,
  })
  const health = await (await fetch(`${httpUrl}/healthz`)).json()
  t.ok(validate(EdgeHealth, health).ok)
  t.match(health, { ok: true, site: 'test-hall', broker: { mode: 'embedded' } })
  const metrics = await (await fetch(`${httpUrl}/metrics`)).text()
  t.match(metrics, /qms_edge_requests_total\{op="take",code="OK",via="http",site="test-hall"\} 1/)
  t.match(metrics, /qms_edge_journal_seq\{site="test-hall"\} \d+/)
  t.match(metrics, /qms_edge_journal_commit_seconds_bucket/)
  t.match(metrics, /qms_edge_link_connected\{site="test-hall"\} 0/)
})

t.test('/ws sends the snapshot at connect, then every change and every announcement', async (t) => {
  const { httpUrl, agent } = await startAgent(t, { snapshotIntervalMs: 20 })
  const ws = new WebSocket(`${httpUrl.replace('http', 'ws')}/ws`)
  t.teardown(() => ws.terminate())
  const messages: Array<{ type: string; snapshot?: { seq: number }; announce?: unknown }> = []
  ws.on('message', (data) => messages.push(JSON.parse(String(data))))
  await waitFor(() => messages.length >= 1)
  t.equal(messages[0]?.type, 'snapshot')
  await agent.handle('c1', { reqId: 'o1', op: 'open', window: '1' })
  await agent.handle('k1', { reqId: 't1', op: 'take', item: 'HJ-001' })
  await agent.handle('c1', { reqId: 'c1', op: 'call', window: '1' })
  await waitFor(() => messages.some((m) => m.type === 'announce'))
  t.match(
    messages.find((m) => m.type === 'announce'),
    { announce: { ticket: 'A001', window: '1', text: '请A001号到1号窗口办理' } },
  )
  await waitFor(() =>
    messages.some((m) => m.type === 'snapshot' && m.snapshot?.seq === agent.journal.lastSeq()),
  )
  t.pass('the latest snapshot arrived')
})
