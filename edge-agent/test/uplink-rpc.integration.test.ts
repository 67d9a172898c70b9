import { createInbox, type NatsConnection } from '@nats-io/transport-node'
import { type NatsNames, natsNames } from '@qms/protocol'
import { natsUrl, type Teardown, uniqueNatsNames, waitFor } from '@qms/test'
import t from 'tap'
import { churn, startUplinkHall } from './uplink-hall.js'
import { cloudSide, connectTo, exactlyInOrder, readEvents } from './uplink-nats.js'

/*
 * Requests from the cloud on `qms.rpc.<site>.<op>`, against the shared NATS with private names:
 * a phone take answered with a ticket the journal holds; every bad request answered once with a
 * code; replays of events the stream never had.
 */

const SITE = 'test-hall'
t.setTimeout(180_000)
const enc = new TextEncoder()
const dec = new TextDecoder()

async function setup(t: Teardown) {
  const names = uniqueNatsNames(t)
  const nc = await connectTo(t, natsUrl())
  await cloudSide(nc, names, SITE)
  const hall = await startUplinkHall(t, { url: natsUrl(), names })
  await waitFor(() => hall.uplink.status().connected, { what: 'connected' })
  return { names, nc, ...hall }
}

/** Sends a raw request and collects every answer that comes before a later request's answer. */
async function ask(nc: NatsConnection, names: NatsNames, op: string, body: string | Uint8Array) {
  const inbox = createInbox()
  const answers: unknown[] = []
  const sub = nc.subscribe(inbox, {
    callback: (_err, msg) => {
      answers.push(JSON.parse(dec.decode(msg.data)))
    },
  })
  nc.publish(names.rpc(SITE, op), typeof body === 'string' ? enc.encode(body) : body, {
    reply: inbox,
  })
  // The hall answers on one connection in order: once the next request is answered, a second
  // answer to this one would have arrived.
  await waitFor(() => answers.length > 0, { what: `an answer to ${op}` })
  await nc.request(names.rpc(SITE, 'state'), enc.encode('{}'), { timeout: 5000 })
  await nc.flush()
  sub.unsubscribe()
  return answers
}

const request = async (nc: NatsConnection, names: NatsNames, op: string, body: unknown) =>
  JSON.parse(
    dec.decode(
      (await nc.request(names.rpc(SITE, op), enc.encode(JSON.stringify(body)), { timeout: 5000 }))
        .data,
    ),
  )

t.test('a phone take: the hall issues the ticket, journals it and sends the event', async (t) => {
  const { nc, names, agent } = await setup(t)
  const reply = await request(nc, names, 'take', {
    reqId: 'phone-1',
    item: 'HJ-001',
    channel: 'mobile',
  })
  t.match(reply, { ok: true, result: { ticket: 'A001', ahead: 0 } })
  const issued = agent.journal.readAfter(0, 1000).find((e) => e.type === 'ticket.issued')
  t.match(issued, { type: 'ticket.issued', data: { ticket: 'A001', channel: 'mobile' } })
  t.same(
    await request(nc, names, 'take', { reqId: 'phone-1', item: 'HJ-001', channel: 'mobile' }),
    reply,
    'the same reqId gets the same answer',
  )
  t.match(await request(nc, names, 'ticket', { ticket: 'A001' }), {
    ok: true,
    result: { ticket: 'A001', state: 'waiting' },
  })
  t.match(await request(nc, names, 'state', {}), { ok: true, result: { site: SITE } })
  t.match(await request(nc, names, 'cancel', { reqId: 'phone-2', ticket: 'A001' }), {
    ok: true,
    result: { ticket: 'A001', state: 'cancelled' },
  })
  const n = agent.journal.lastSeq()
  await waitFor(async () => (await readEvents(nc, names, SITE)).length === n, {
    what: 'the events in the stream',
  })
  const stored = await readEvents(nc, names, SITE)
  t.equal(exactlyInOrder(stored, SITE, n), true)
  t.ok(stored.some((s) => s.event.type === 'ticket.issued'))
})

t.test('every bad request gets exactly one answer with a code, and the hall goes on', async (t) => {
  const { nc, names, agent } = await setup(t)
  const cases: Array<[string, string | Uint8Array, string, string?]> = [
    ['take', '{"reqId":', 'BAD_JSON'],
    ['take', '{"reqId":"p-1","item":"HJ-001"}', 'BAD_REQUEST', '/channel'],
    ['take', '{"reqId":"p-2","item":"XX-999","channel":"mobile"}', 'UNKNOWN_ITEM'],
    ['ticket', '{"ticket":"A999"}', 'UNKNOWN_TICKET'],
    ['replay', '{"fromSeq":0}', 'BAD_REQUEST', '/fromSeq'],
    ['replay', '[]', 'BAD_REQUEST'],
    ['teleport', '{}', 'UNKNOWN_OP'],
    ['take', new Uint8Array(70 * 1024).fill(32), 'PAYLOAD_TOO_LARGE'],
  ]
  const before = agent.journal.lastSeq()
  for (const [op, body, code, path] of cases) {
    const answers = await ask(nc, names, op, body)
    t.equal(answers.length, 1, `${op} ${code}: one answer`)
    t.match(answers[0], { ok: false, error: { code, message: String, ...(path ? { path } : {}) } })
  }
  // A request without a reply subject is counted and dropped.
  nc.publish(names.rpc(SITE, 'take'), enc.encode('{}'))
  t.match(await request(nc, names, 'take', { reqId: 'ok-1', item: 'HJ-002', channel: 'mobile' }), {
    ok: true,
  })
  t.equal(agent.journal.lastSeq(), before + 1, 'nothing changed but the good take')
  const counted = await agent.metrics.registry.getSingleMetricAsString('qms_edge_uplink_rpc_total')
  t.match(counted, /op="take",result="BAD_JSON"[^}]*} 1/)
  t.match(counted, /op="unknown",result="UNKNOWN_OP"[^}]*} 1/)
  t.match(counted, /op="take",result="no_reply"[^}]*} 1/)
  t.match(counted, /op="take",result="ok"[^}]*} 1/)
})

t.test(
  'replay: events the stream never had are published again, in order, each once',
  async (t) => {
    const names = uniqueNatsNames(t)
    const nc = await connectTo(t, natsUrl())
    await cloudSide(nc, names, SITE)
    // The journal's first 40 events count as acknowledged but the stream never got them (as after
    // a stream lost and rebuilt): the outbox sends from 41, the cloud sees a gap and asks.
    const offline = await startUplinkHall(t, {
      url: natsUrl(),
      names,
      uplink: { servers: ['nats://127.0.0.1:1'] },
    })
    await churn(offline.agent, 100)
    const n = offline.agent.journal.lastSeq()
    offline.agent.journal.setCursor('uplink', 40)
    await offline.stop()
    const { agent, uplink } = await startUplinkHall(t, {
      url: natsUrl(),
      names,
      dataDir: offline.dataDir,
    })
    await waitFor(() => uplink.status().outbox.acked === n, { what: 'the outbox done' })
    t.equal((await readEvents(nc, names, SITE)).length, n - 40, 'the stream has 41..N only')

    t.same(await request(nc, names, 'replay', { fromSeq: 1, toSeq: 40 }), {
      ok: true,
      result: { fromSeq: 1, toSeq: 40, count: 40 },
    })
    await waitFor(async () => (await readEvents(nc, names, SITE)).length === n, {
      what: 'the replayed events',
    })
    const stored = await readEvents(nc, names, SITE)
    t.same(
      stored.map((s) => s.event.seq),
      [
        ...Array.from({ length: n - 40 }, (_, i) => i + 41),
        ...Array.from({ length: 40 }, (_, i) => i + 1),
      ],
      'the replayed range after the rest, in order, each once',
    )
    t.ok(
      stored.every((s) => s.msgId === `${SITE}:${s.event.seq}`),
      'the original message ids',
    )

    t.same(
      await request(nc, names, 'replay', { fromSeq: n - 4, toSeq: n + 100 }),
      { ok: true, result: { fromSeq: n - 4, toSeq: n, count: 5 } },
      'never past the last seq',
    )
    await waitFor(
      async () =>
        /} 45$/m.test(
          await agent.metrics.registry.getSingleMetricAsString(
            'qms_edge_uplink_replayed_events_total',
          ),
        ),
      { what: 'the five published again' },
    )
    t.equal((await readEvents(nc, names, SITE)).length, n, 'JetStream stored them once')
    t.match(await request(nc, names, 'replay', { fromSeq: n + 1 }), {
      ok: true,
      result: { fromSeq: n + 1, toSeq: n, count: 0 },
    })
  },
)

t.test('the hall’s NATS names follow the cloud’s root and stream prefix', async (t) => {
  const names = natsNames({ root: 'qx', streamPrefix: 'QX' })
  t.equal(names.events(SITE), 'qx.evt.test-hall')
  t.equal(names.edgeInboxPrefix(SITE), '_INBOX.test-hall')
})
