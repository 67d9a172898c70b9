import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { mqttTopics } from '@qms/protocol'
import { waitFor } from '@qms/test'
import t from 'tap'
import { tempDir } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { spawnEdge, writeHall } from './fixtures/process.js'

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
