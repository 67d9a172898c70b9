import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setNoDelay } from '@qms/edge-agent'
import { Aedes } from 'aedes'
import Database from 'better-sqlite3'
import mqtt from 'mqtt'
import { type Summary, summarize } from './stats.js'

/**
 * The raw QoS 1 request/response round trip through a bare aedes broker, TCP_NODELAY on both
 * sides: a client publishes a request, a responder publishes the answer, the client hears it.
 */
export async function rawRoundTrip(count: number, rate: number): Promise<Summary> {
  const broker = await Aedes.createBroker()
  const server = createServer((socket) => {
    socket.setNoDelay(true)
    broker.handle(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`
  const responder = await mqtt.connectAsync(url, { clientId: 'raw-responder' })
  const client = await mqtt.connectAsync(url, { clientId: 'raw-client' })
  setNoDelay(responder)
  setNoDelay(client)
  await responder.subscribeAsync('raw/req', { qos: 1 })
  responder.on('message', (_topic, payload) => {
    responder.publish('raw/res', payload, { qos: 1 })
  })
  await client.subscribeAsync('raw/res', { qos: 1 })
  const samples: number[] = []
  let resolveOne: (() => void) | undefined
  client.on('message', () => resolveOne?.())
  const payload = JSON.stringify({
    reqId: 'k1-000001',
    op: 'take',
    item: 'HJ-001',
    priority: 'normal',
  })
  for (let i = 0; i < count; i++) {
    await pace(rate)
    const started = performance.now()
    const heard = new Promise<void>((resolve) => {
      resolveOne = resolve
    })
    client.publish('raw/req', payload, { qos: 1 })
    await heard
    samples.push(performance.now() - started)
  }
  await client.endAsync()
  await responder.endAsync()
  server.close()
  await new Promise<void>((resolve) => broker.close(() => resolve()))
  return summarize(samples.slice(Math.min(100, count / 10)))
}

/** Waits one period of `rate` per second (0: not at all). */
async function pace(rate: number): Promise<void> {
  if (rate > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / rate))
}

/**
 * One synchronous SQLite commit (WAL) of an event-sized row, as the journal writes it, one after
 * another (`rate` 0) or paced at `rate` per second: a disk that is written now and then syncs
 * slower than one written in a tight loop, so the paced figure is the fair baseline.
 */
export async function rawCommit(
  count: number,
  synchronous: 'FULL' | 'NORMAL',
  rate = 0,
): Promise<Summary> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-bench-sqlite-'))
  try {
    const db = new Database(join(dir, 'raw.sqlite'))
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${synchronous}`)
    db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, ts TEXT, type TEXT, json TEXT)')
    const insert = db.prepare('INSERT INTO events (seq, ts, type, json) VALUES (?, ?, ?, ?)')
    const commit = db.transaction((seq: number) =>
      insert.run(
        seq,
        new Date().toISOString(),
        'ticket.issued',
        JSON.stringify({ seq, pad: 'x'.repeat(360) }),
      ),
    )
    const samples: number[] = []
    for (let i = 1; i <= count; i++) {
      await pace(rate)
      const started = performance.now()
      commit(i)
      samples.push(performance.now() - started)
    }
    db.close()
    return summarize(samples)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
