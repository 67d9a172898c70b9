import { jetstream } from '@nats-io/jetstream'
import { type CloudCommand, PROTOCOL_VERSION } from '@qms/protocol'
import { natsUrl, uniqueNatsNames, waitFor } from '@qms/test'
import t from 'tap'
import { startCommandConsumer } from '../src/uplink/commands.js'
import { startUplinkHall } from './uplink-hall.js'
import { cloudSide, connectTo, ensureCommandConsumer, ensureStreams } from './uplink-nats.js'

/*
 * Cloud → hall commands through the hall's durable consumer `cmd-<site>` on the shared NATS with
 * private names: what was sent while the hall was offline arrives when it connects; the expired,
 * the broken and the misaddressed are dropped and counted, never redelivered.
 */

const SITE = 'test-hall'
t.setTimeout(180_000)
let n = 0

function command<T extends CloudCommand['type']>(
  type: T,
  data: Extract<CloudCommand, { type: T }>['data'],
  ttlMs = 600_000,
  site = SITE,
): CloudCommand {
  const now = Date.now()
  return {
    v: PROTOCOL_VERSION,
    id: `cmd-${++n}-${now}`,
    site,
    ts: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
    type,
    data,
  } as CloudCommand
}

const metric = async (
  agent: { metrics: { registry: { getSingleMetricAsString(n: string): Promise<string> } } },
  name: string,
) => agent.metrics.registry.getSingleMetricAsString(name)

t.test(
  'commands sent while the hall was offline arrive when it connects; stale ones are dropped and counted',
  async (t) => {
    const names = uniqueNatsNames(t)
    const nc = await connectTo(t, natsUrl())
    const { jsm, js } = await cloudSide(nc, names, SITE)
    const send = async (body: unknown) =>
      js.publish(names.commands(SITE), typeof body === 'string' ? body : JSON.stringify(body))
    await send(
      command('guidance', {
        items: [{ kind: 'notice', text: '今天户籍窗口人多，请耐心等候', textEn: 'Busy today' }],
      }),
    )
    await send(command('config', { diversion: true }))
    const expired = command('config', { recallLimit: 1 }, 1000)
    expired.expiresAt = new Date(Date.now() - 60_000).toISOString() // sent an hour ago, long stale
    await send(expired)
    await send('this is not a command')
    await send(command('notice', { text: '给别的厅' }, 600_000, 'other-hall'))
    await send({ ...command('notice', { text: 'x' }), type: 'selfDestruct' })

    const { agent, uplink } = await startUplinkHall(t, { url: natsUrl(), names })
    await waitFor(() => uplink.status().connected, { what: 'connected' })
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(names.commandStream, names.commandConsumer(SITE))
        return (
          info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq === 6
        )
      },
      { what: 'every command acknowledged', timeoutMs: 30_000 },
    )
    const snapshot = agent.snapshot()
    t.match(snapshot.guidance, [{ kind: 'notice', text: '今天户籍窗口人多，请耐心等候' }])
    t.equal(snapshot.diversion, true)
    t.equal(agent.state().rules.recallLimit, 3, 'the expired config was not applied')
    const byResult = await metric(agent, 'qms_edge_uplink_commands_total')
    t.match(byResult, /result="applied"[^}]*} 2/)
    t.match(byResult, /result="COMMAND_EXPIRED"[^}]*} 1/)
    t.match(byResult, /result="BAD_JSON"[^}]*} 1/)
    t.match(byResult, /result="SITE_MISMATCH"[^}]*} 1/)
    t.match(byResult, /result="UNKNOWN_TYPE"[^}]*} 1/)
    const dropped = await metric(agent, 'qms_edge_commands_dropped_total')
    t.match(
      dropped,
      /reason="expired"[^}]*type="config"[^}]*} 1|type="config"[^}]*reason="expired"[^}]*} 1/,
    )

    // While connected, a command arrives at once.
    await send(command('config', { priorityCap: 5 }))
    await waitFor(() => agent.state().rules.priorityCap === 5, { what: 'the live command' })
    t.pass('applied while connected')
  },
)

t.test('the hall waits for its consumer until the cloud creates it', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectTo(t, natsUrl())
  const { jetstreamManager } = await import('@nats-io/jetstream')
  const jsm = await jetstreamManager(nc)
  await ensureStreams(jsm, names)
  const lines: string[] = []
  const pino = (await import('pino')).default
  const logger = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) })
  const { agent, uplink } = await startUplinkHall(t, {
    url: natsUrl(),
    names,
    uplink: { logger, retryMs: 50, retryMaxMs: 200 },
  })
  await waitFor(() => uplink.status().connected, { what: 'connected' })
  await waitFor(() => lines.some((l) => l.includes('cannot pull cloud commands yet')), {
    what: 'the hall finding no consumer',
  })
  await ensureCommandConsumer(jsm, names, SITE)
  await jetstream(nc).publish(
    names.commands(SITE),
    JSON.stringify(command('config', { diversion: true })),
  )
  await waitFor(() => agent.snapshot().diversion === true, { what: 'the command applied' })
  t.pass('pulled once the consumer exists')
})

t.test(
  'a command whose handling fails is offered again a few times, then dropped and counted',
  async (t) => {
    const names = uniqueNatsNames(t)
    const nc = await connectTo(t, natsUrl())
    const { jsm, js } = await cloudSide(nc, names, SITE)
    const edge = await connectTo(t, natsUrl())
    let calls = 0
    const handled: string[] = []
    const { uplinkMetrics } = await import('../src/uplink/metrics.js')
    const { Registry } = await import('prom-client')
    const metrics = uplinkMetrics(new Registry())
    const { systemClock } = await import('@qms/protocol')
    const consumer = startCommandConsumer({
      js: jetstream(edge),
      names,
      site: SITE,
      clock: systemClock,
      metrics,
      maxAttempts: 3,
      redeliverMs: 20,
      handle: async (c) => {
        const id = (c as { id: string }).id
        if (id.startsWith('boom')) {
          calls++
          throw new Error('disk full')
        }
        handled.push(id)
        return { ok: true }
      },
    })
    t.teardown(() => consumer.close(1000))
    await js.publish(
      names.commands(SITE),
      JSON.stringify({ ...command('notice', { text: 'a' }), id: 'boom-1' }),
    )
    await js.publish(
      names.commands(SITE),
      JSON.stringify({ ...command('notice', { text: 'b' }), id: 'fine-1' }),
    )
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(names.commandStream, names.commandConsumer(SITE))
        return info.num_pending === 0 && info.num_ack_pending === 0 && handled.length === 1
      },
      { what: 'both settled' },
    )
    t.equal(calls, 3, 'three deliveries of the failing one')
    t.same(handled, ['fine-1'])
    const results = await metrics.commands.get()
    const value = (r: string) => results.values.find((v) => v.labels.result === r)?.value
    t.equal(value('retry'), 2)
    t.equal(value('failed'), 1)
    t.equal(value('applied'), 1)
  },
)

t.test(
  'a command that comes while the hall drains is offered again, and applied after the restart',
  async (t) => {
    const names = uniqueNatsNames(t)
    const nc = await connectTo(t, natsUrl())
    const { js } = await cloudSide(nc, names, SITE)
    const first = await startUplinkHall(t, { url: natsUrl(), names })
    await waitFor(() => first.uplink.status().connected, { what: 'connected' })
    await first.agent.drain()
    await js.publish(names.commands(SITE), JSON.stringify(command('config', { diversion: true })))
    await waitFor(
      async () =>
        /result="retry"[^}]*} [1-9]/.test(
          await metric(first.agent, 'qms_edge_uplink_commands_total'),
        ),
      { what: 'the command refused and offered again', timeoutMs: 30_000 },
    )
    t.not(first.agent.snapshot().diversion, true, 'not applied by a draining hall')
    await first.stop()

    const second = await startUplinkHall(t, { url: natsUrl(), names })
    await waitFor(() => second.agent.snapshot().diversion === true, {
      what: 'the command applied after the restart',
      timeoutMs: 30_000,
    })
    t.pass('applied after the restart')
  },
)
