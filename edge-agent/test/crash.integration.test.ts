import { join } from 'node:path'
import type { DeviceResponse, EventEnvelope } from '@qms/protocol'
import Database from 'better-sqlite3'
import t from 'tap'
import { tempDir } from './fixtures/agent.js'
import { connectDevice, type TestDevice } from './fixtures/devices.js'
import { spawnEdge, writeHall } from './fixtures/process.js'

/*
 * The agent as a child process under load, killed with SIGKILL at a random moment, restarted on
 * the same data: every ticket a device was told about exists with the same number, no number
 * repeats, seq has no gap, and a repeated reqId gets the first answer.
 */

const SITE = 'test-hall'

function readJournal(dataDir: string): EventEnvelope[] {
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true })
  try {
    return db
      .prepare<[], { json: string }>('SELECT json FROM events ORDER BY seq')
      .all()
      .map((r) => JSON.parse(r.json) as EventEnvelope)
  } finally {
    db.close()
  }
}

t.test('SIGKILL under load loses no answered ticket and reuses no number', async (t) => {
  const dir = await tempDir(t)
  const dataDir = join(dir, 'data')
  const hallFile = await writeHall(dir)
  const first = await spawnEdge(t, hallFile, dataDir)

  const quiet = (d: TestDevice) => d.client.on('error', () => undefined)
  const k1 = await connectDevice(t, first.mqttUrl, SITE, 'k1', { status: false })
  const callers = await Promise.all(
    ['1', '2', '3'].map((w) => connectDevice(t, first.mqttUrl, SITE, `c${w}`, { status: false })),
  )
  for (const d of [k1, ...callers]) quiet(d)
  for (const [i, c] of callers.entries()) await c.request({ op: 'open', window: String(i + 1) })

  const takes = new Map<string, DeviceResponse>()
  const calls: DeviceResponse[] = []
  const sent: string[] = []
  const killAfter = 60 + Math.floor(Math.random() * 240)
  let stop = false
  const items = ['HJ-001', 'HJ-002', 'HJ-010', 'CRJ-001']

  const dispenser = async (lane: number) => {
    for (let i = 0; !stop; i++) {
      const reqId = `k1-${lane}-${i}`
      sent.push(reqId)
      const answer = await k1
        .request(
          {
            op: 'take',
            item: items[i % items.length]!,
            priority: i % 5 === 0 ? 'elderly' : 'normal',
          },
          reqId,
        )
        .catch(() => undefined)
      if (answer === undefined) return
      takes.set(reqId, answer)
    }
  }
  const caller = async (c: TestDevice, window: string) => {
    while (!stop) {
      const called = await c.request({ op: 'call', window }).catch(() => undefined)
      if (called === undefined) return
      if (called.ok) calls.push(called)
      const done = await c.request({ op: 'complete', window }).catch(() => undefined)
      if (done === undefined) return
    }
  }
  const load = [...[0, 1, 2, 3].map(dispenser), ...callers.map((c, i) => caller(c, String(i + 1)))]
  // Kill at a random moment in the middle of the load.
  while (takes.size < killAfter) await new Promise((r) => setTimeout(r, 5))
  await first.proc.stop('SIGKILL')
  stop = true
  await Promise.race([Promise.all(load), new Promise((r) => setTimeout(r, 2000))])
  t.ok(
    takes.size >= killAfter,
    `${takes.size} takes and ${calls.length} calls answered before the kill`,
  )

  const second = await spawnEdge(t, hallFile, dataDir)
  const again = await connectDevice(t, second.mqttUrl, SITE, 'k1', { status: false })
  // A device that did not hear its answer asks again with the same reqId: the first answer.
  const [someReqId, someAnswer] = [...takes.entries()][Math.floor(takes.size / 2)]!
  t.same(await again.request({ op: 'take', item: 'HJ-001' }, someReqId), someAnswer)
  // Those that never got an answer retry too; each gets one ticket at most.
  for (const reqId of sent.filter((r) => !takes.has(r)))
    await again.request({ op: 'take', item: 'HJ-001' }, reqId)
  await again.close()
  await second.proc.stop('SIGTERM')

  const events = readJournal(dataDir)
  t.same(
    events.map((e) => e.seq),
    Array.from({ length: events.length }, (_, i) => i + 1),
    `seq 1..${events.length} without a gap`,
  )
  const issued = new Map<string, EventEnvelope & { type: 'ticket.issued' }>()
  const repeated: string[] = []
  const byReqId = new Map<string, number>()
  let day = 0
  for (const e of events) {
    if (e.type === 'site.snapshot') day++
    if (e.type !== 'ticket.issued') continue
    const key = `${day} ${e.data.ticket}`
    if (issued.has(key)) repeated.push(e.data.ticket)
    issued.set(key, e)
    if (e.data.reqId !== undefined) byReqId.set(e.data.reqId, (byReqId.get(e.data.reqId) ?? 0) + 1)
  }
  t.same(repeated, [], 'no number was issued twice')
  t.same(
    [...byReqId.values()].filter((n) => n > 1),
    [],
    'no reqId made two tickets',
  )
  const lost: string[] = []
  for (const [reqId, answer] of takes) {
    if (!answer.ok || answer.op !== 'take') continue
    const e = [...issued.values()].find(
      (x) => x.data.ticket === answer.result.ticket && x.data.reqId === reqId,
    )
    if (e === undefined) lost.push(`${reqId} → ${answer.result.ticket}`)
  }
  t.same(lost, [], 'every ticket a device was told about is in the journal with its number')
  const calledTickets = new Set(
    events.filter((e) => e.type === 'ticket.called').map((e) => e.data.ticket),
  )
  t.same(
    calls.filter(
      (c) => c.ok && !calledTickets.has((c as { result: { ticket: string } }).result.ticket),
    ),
    [],
    'every call a caller was told about is journaled',
  )
})
