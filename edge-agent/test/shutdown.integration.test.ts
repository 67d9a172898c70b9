import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { mqttTopics } from '@qms/protocol'
import { connectNats, natsUrl, uniqueNatsNames, waitFor } from '@qms/test'
import t from 'tap'
import { tempDir } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { testHall } from './fixtures/hall.js'
import { spawnEdge, writeHall } from './fixtures/process.js'
import { cloudSide, exactlyInOrder, readEvents } from './uplink-nats.js'

const SITE = 'test-hall'

t.test('SIGTERM answers every request in flight, then closes the journal cleanly', async (t) => {
  const dir = await tempDir(t)
  const dataDir = join(dir, 'data')
  const edge = await spawnEdge(t, await writeHall(dir), dataDir)
  const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1', { status: false })
  k1.client.on('error', () => undefined)
  const res = mqttTopics.response(SITE, 'k1')
  const n = 200
  // Each publish resolves on PUBACK: the broker has every request before the signal.
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      k1.publish(
        mqttTopics.request(SITE, 'k1'),
        JSON.stringify({ reqId: `s-${i}`, op: 'take', item: 'HJ-001' }),
      ),
    ),
  )
  edge.proc.child.kill('SIGTERM')
  await waitFor(() => k1.seen(res).length === n, { timeoutMs: 20_000, what: 'an answer to each' })
  const answers = k1.seen(res) as Array<{ ok: boolean; error?: { code: string } }>
  t.same(
    answers.filter((a) => !a.ok && a.error?.code !== 'UNAVAILABLE'),
    [],
    'answered: done, or asked to retry',
  )
  t.equal(await edge.proc.exited, 0, 'exit 0')
  t.match(edge.proc.output(), /"msg":"stopped"/)
  const wal = join(dataDir, 'journal.sqlite-wal')
  t.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed into the journal')
})

t.test('SIGTERM sends the whole day to the cloud before the uplink closes', async (t) => {
  const names = uniqueNatsNames(t)
  const nc = await connectNats(t)
  await cloudSide(nc, names, SITE)
  const dir = await tempDir(t)
  const uplink = {
    servers: [natsUrl()],
    root: names.root,
    streamPrefix: names.eventStream.replace(/_EVT$/, ''),
  }
  const edge = await spawnEdge(
    t,
    await writeHall(dir, { ...testHall(), uplink }),
    join(dir, 'data'),
  )
  await waitFor(
    async () =>
      (
        (await (await fetch(`${edge.httpUrl}/api/state`)).json()) as {
          link: { connected: boolean }
        }
      ).link.connected,
    { what: 'the uplink connected', timeoutMs: 30_000 },
  )
  const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1', { status: false })
  k1.client.on('error', () => undefined)
  // Takes keep coming while the hall stops: whatever it accepts before it drains is journaled
  // and must reach the stream, not wait for the next start.
  // (A publish to a broker that has gone may never settle: the flow is not awaited.)
  let sent = 0
  let flowing = true
  void (async () => {
    while (flowing && k1.client.connected) {
      await k1
        .publish(
          mqttTopics.request(SITE, 'k1'),
          JSON.stringify({ reqId: `u-${sent++}`, op: 'take', item: 'HJ-001' }),
        )
        .catch(() => {
          flowing = false
        })
    }
  })()
  const res = mqttTopics.response(SITE, 'k1')
  await waitFor(() => k1.seen(res).length >= 50, { what: '50 answers before the signal' })
  edge.proc.child.kill('SIGTERM')
  t.equal(await edge.proc.exited, 0, 'exit 0')
  flowing = false
  const stopped = /"seq":(\d+)[^\n]*"msg":"stopped"/.exec(edge.proc.output())
  t.ok(stopped, 'the stopped line names the last seq')
  const last = Number(stopped?.[1])
  t.ok(last >= 50, `${last} events journaled`)
  t.equal(
    exactlyInOrder(await readEvents(nc, names, SITE), SITE, last),
    true,
    'the stream holds seq 1..last, once each, in order',
  )
})
