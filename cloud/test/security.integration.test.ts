import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node'
import { natsNames } from '@qms/protocol'
import { startNatsServer } from '@qms/test'
import t from 'tap'
import { createCommandSender } from '../src/commands/sender.js'
import { authorizationConfig, edgeInboxPrefix, newEdgeKey } from '../src/nats/auth-config.js'
import { ensureCommandConsumer } from '../src/nats/consumers.js'
import { ensureStreams } from '../src/nats/streams.js'
import { createRpcClient } from '../src/rpc/client.js'

/*
 * Each edge has its own NATS user (an nkey), allowed to publish only its own hall's events and
 * to read only its own commands and requests. A private nats-server runs the authorization block
 * the cloud generates; the hall `a` may do its work and nothing of hall `b`'s.
 */

const names = natsNames()
const enc = new TextEncoder()
const dec = new TextDecoder()

t.test('an edge can do its own hall’s work and nothing of another hall’s', async (t) => {
  const keyA = newEdgeKey()
  const keyB = newEdgeKey()
  const config = authorizationConfig({
    names,
    cloud: { user: 'cloud', password: 'cloud-secret' },
    edges: [
      { site: 'a', nkey: keyA.nkey },
      { site: 'b', nkey: keyB.nkey },
    ],
  })
  t.match(config, /nkey: "U[A-Z2-7]+"/)
  t.notMatch(config, new RegExp(keyA.seed), 'the server file holds no seed')
  const server = await startNatsServer(t, { config })

  const cloud = await connect({ servers: server.url, user: 'cloud', pass: 'cloud-secret' })
  t.teardown(() => cloud.close())
  const jsm = await jetstreamManager(cloud)
  await ensureStreams(jsm, names)
  for (const site of ['a', 'b']) await ensureCommandConsumer(jsm, names, site)
  const sender = createCommandSender({
    js: jetstream(cloud),
    names,
    ensureConsumer: (site) => ensureCommandConsumer(jsm, names, site),
  })
  await sender.send('a', 'notice', { text: '给a厅' }, 600_000)
  await sender.send('b', 'notice', { text: '给b厅' }, 600_000)

  const edgeErrors: string[] = []
  const edge: NatsConnection = await connect({
    servers: server.url,
    authenticator: nkeyAuthenticator(enc.encode(keyA.seed)),
    inboxPrefix: edgeInboxPrefix('a'),
  })
  t.teardown(() => edge.close())
  void (async () => {
    for await (const s of edge.status()) if (s.type === 'error') edgeErrors.push(String(s.error))
  })()
  const js = jetstream(edge)
  const event = (site: string, seq: number) =>
    JSON.stringify({
      v: 1,
      site,
      seq,
      ts: new Date().toISOString(),
      type: 'window.opened',
      data: { window: '1' },
    })
  /** Subscribes and resolves with why the server closed the subscription. */
  const refused = async (subject: string) => {
    const sub = edge.subscribe(subject)
    const end = await sub.closed.then(
      (v) => (v instanceof Error ? v.message : 'closed without an error'),
      (err: Error) => err.message,
    )
    return end
  }
  const stored = async (site: string) => {
    const info = await jsm.streams.info(names.eventStream, { subjects_filter: names.events(site) })
    return info.state.subjects?.[names.events(site)] ?? 0
  }

  await t.test('publishes its own events with acknowledgements', async (t) => {
    const ack = await js.publish(names.events('a'), event('a', 1), { msgID: 'a:1' })
    t.equal(ack.stream, names.eventStream)
    t.equal(await stored('a'), 1)
  })

  await t.test('cannot publish as another hall, plainly or through JetStream', async (t) => {
    await t.rejects(js.publish(names.events('b'), event('b', 1), { msgID: 'b:1', timeout: 1500 }))
    edge.publish(names.events('b'), event('b', 2))
    await edge.flush()
    t.equal(await stored('b'), 0, 'nothing stored on hall b’s subject')
    t.ok(edgeErrors.some((e) => /Permissions Violation for Publish to "qms\.evt\.b"/i.test(e)))
  })

  await t.test('reads its own commands from its consumer', async (t) => {
    const consumer = await js.consumers.get(names.commandStream, names.commandConsumer('a'))
    const batch = await consumer.fetch({ max_messages: 10, expires: 1000 })
    const texts: string[] = []
    for await (const m of batch) {
      texts.push((JSON.parse(dec.decode(m.data)) as { data: { text: string } }).data.text)
      m.ack()
    }
    t.same(texts, ['给a厅'])
  })

  await t.test('cannot read another hall’s commands in any way', async (t) => {
    await t.rejects(
      js.consumers.get(names.commandStream, names.commandConsumer('b')),
      'consumer info',
    )
    await t.rejects(
      edge.request(
        `$JS.API.CONSUMER.MSG.NEXT.${names.commandStream}.${names.commandConsumer('b')}`,
        enc.encode('{"batch":1}'),
        { timeout: 1000 },
      ),
      'pull from b’s consumer',
    )
    await t.rejects(
      jetstreamManager(edge, { checkAPI: false }).then((m) =>
        m.consumers.add(names.commandStream, {
          ack_policy: AckPolicy.None,
          filter_subject: names.commands('b'),
        }),
      ),
      'create its own consumer on the command stream',
    )
    t.match(
      await refused(names.commands('b')),
      /permissions violation/i,
      'subscribe to b’s command subject',
    )
    const info = await jsm.consumers.info(names.commandStream, names.commandConsumer('b'))
    t.equal(info.num_pending, 1, 'b’s command is still waiting for b')
  })

  await t.test(
    'cannot read the event stream, another hall’s requests, or others’ inboxes',
    async (t) => {
      await t.rejects(
        jetstreamManager(edge, { checkAPI: false }).then((m) =>
          m.consumers.add(names.eventStream, { ack_policy: AckPolicy.None }),
        ),
        'create a consumer on the events',
      )
      for (const subject of [
        names.rpc('b', 'take'),
        '_INBOX.>',
        `${edgeInboxPrefix('b')}.>`,
        names.allEvents(),
      ]) {
        t.match(await refused(subject), /permissions violation/i, `subscribe ${subject}`)
      }
    },
  )

  await t.test('answers its own requests from the cloud', async (t) => {
    edge.subscribe(names.rpc('a', 'replay'), {
      callback: (_err, msg) => {
        msg.respond(JSON.stringify({ ok: true, result: { fromSeq: 1, toSeq: 1, count: 1 } }))
      },
    })
    await edge.flush()
    const rpc = createRpcClient({ nc: cloud, names })
    t.same(await rpc.request('a', 'replay', { fromSeq: 1 }), { fromSeq: 1, toSeq: 1, count: 1 })
  })
})
