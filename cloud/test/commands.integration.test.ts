import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import {
  type CloudCommand,
  CloudCommand as CloudCommandSchema,
  createManualClock,
  isExpired,
  MAX_COMMAND_TTL_MS,
  parseJson,
} from '@qms/protocol'
import { connectNats, uniqueNatsNames } from '@qms/test'
import t, { type Test } from 'tap'
import { createCommandSender } from '../src/commands/sender.js'
import { ensureCommandConsumer } from '../src/nats/consumers.js'
import { ensureStreams } from '../src/nats/streams.js'

/*
 * Cloud → edge commands wait in QMS_CMD on the hall's durable consumer `cmd-<site>`, so a hall
 * that was offline gets what was sent meanwhile, in order; each carries an expiry the hall
 * checks with the protocol's isExpired().
 */

async function setup(t: Test) {
  const names = uniqueNatsNames(t)
  const nc = await connectNats(t)
  const jsm = await jetstreamManager(nc)
  const js = jetstream(nc)
  await ensureStreams(jsm, names)
  return { names, nc, jsm, js }
}

/** What an edge does: pull its pending commands, drop the expired ones, acknowledge all. */
async function edgeFetch(
  js: ReturnType<typeof jetstream>,
  stream: string,
  consumer: string,
  nowMs: number,
) {
  const c = await js.consumers.get(stream, consumer)
  const acted: CloudCommand[] = []
  let dropped = 0
  const batch = await c.fetch({ max_messages: 100, expires: 1000 })
  for await (const m of batch) {
    const parsed = parseJson(CloudCommandSchema, m.data)
    if (parsed.ok && !isExpired(parsed.value, nowMs)) acted.push(parsed.value)
    else dropped++
    m.ack()
  }
  return { acted, dropped }
}

t.test(
  'a hall offline while commands were sent gets them all, in order, when it comes back',
  async (t) => {
    const { names, jsm, js } = await setup(t)
    const sender = createCommandSender({
      js,
      names,
      ensureConsumer: (site) => ensureCommandConsumer(jsm, names, site),
    })
    const sent = [
      await sender.send(
        'st-01',
        'notice',
        { text: '请开放3号窗口', textEn: 'Please open window 3', window: '3' },
        600_000,
      ),
      await sender.send('st-01', 'guidance', { items: [] }, 600_000),
      await sender.send('st-01', 'config', { recallLimit: 2 }, 600_000),
    ]
    await sender.send('st-02', 'notice', { text: '另一个服务点' }, 600_000)
    for (const cmd of sent) {
      t.equal(cmd.site, 'st-01')
      t.equal(Date.parse(cmd.expiresAt) - Date.parse(cmd.ts), 600_000, 'expiresAt is ts + ttl')
    }
    const info = await jsm.consumers.info(names.commandStream, names.commandConsumer('st-01'))
    t.equal(
      info.config.filter_subject,
      names.commands('st-01'),
      'the hall’s consumer reads its subject only',
    )
    t.equal(info.num_pending, 3)
    const { acted, dropped } = await edgeFetch(
      js,
      names.commandStream,
      names.commandConsumer('st-01'),
      Date.now(),
    )
    t.same(
      acted.map((c) => c.id),
      sent.map((c) => c.id),
      'every command, in the order sent',
    )
    t.equal(dropped, 0)
    const again = await edgeFetch(
      js,
      names.commandStream,
      names.commandConsumer('st-01'),
      Date.now(),
    )
    t.equal(again.acted.length, 0, 'acknowledged commands are not delivered again')
  },
)

t.test(
  'a command that reaches its hall after its expiry is dropped there, not acted on',
  async (t) => {
    const { names, jsm, js } = await setup(t)
    // Sent an hour ago with one minute to live (the hall was offline since).
    const clock = createManualClock(Date.now() - 3_600_000)
    const sender = createCommandSender({
      js,
      names,
      clock,
      ensureConsumer: (site) => ensureCommandConsumer(jsm, names, site),
    })
    const stale = await sender.send('pt-01', 'guidance', { items: [] }, 60_000)
    clock.advance(3_600_000 - 30_000)
    const fresh = await sender.send('pt-01', 'notice', { text: '今日延时服务' }, 60_000)
    t.ok(isExpired(stale, Date.now()), 'the first is stale now')
    const { acted, dropped } = await edgeFetch(
      js,
      names.commandStream,
      names.commandConsumer('pt-01'),
      Date.now(),
    )
    t.same(
      acted.map((c) => c.id),
      [fresh.id],
      'only the fresh one is acted on',
    )
    t.equal(dropped, 1, 'the stale one is counted as dropped')
  },
)

t.test('a command is stored once even if sent twice with its id', async (t) => {
  const { names, jsm, js } = await setup(t)
  const sender = createCommandSender({
    js,
    names,
    ensureConsumer: (site) => ensureCommandConsumer(jsm, names, site),
  })
  const cmd = await sender.send('hub', 'notice', { text: '测试' }, 60_000)
  const ack = await js.publish(names.commands('hub'), JSON.stringify(cmd), { msgID: cmd.id })
  t.ok(ack.duplicate, 'JetStream knows the id')
  const info = await jsm.consumers.info(names.commandStream, names.commandConsumer('hub'))
  t.equal(info.num_pending, 1)
})

t.test('bad commands are refused before anything is published', async (t) => {
  const { names, jsm, js } = await setup(t)
  const sender = createCommandSender({
    js,
    names,
    ensureConsumer: (site) => ensureCommandConsumer(jsm, names, site),
  })
  await t.rejects(sender.send('hub', 'notice', { text: '' }, 60_000), { code: 'BAD_REQUEST' })
  await t.rejects(sender.send('hub', 'notice', { text: 'x', bogus: 1 } as never, 60_000), {
    code: 'BAD_REQUEST',
  })
  await t.rejects(sender.send('Not A Site', 'notice', { text: 'x' }, 60_000), {
    code: 'BAD_REQUEST',
  })
  await t.rejects(sender.send('hub', 'notice', { text: 'x' }, MAX_COMMAND_TTL_MS + 1), RangeError)
  const stream = await jsm.streams.info(names.commandStream)
  t.equal(stream.state.messages, 0, 'nothing was published')
})
