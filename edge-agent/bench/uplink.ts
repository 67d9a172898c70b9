/*
 * The uplink under load, beside raw JetStream in the same run:
 * - catch-up of a journal backlog through the outbox (read pages, publish with message ids, a
 *   bounded window, cursor) vs. pipelined raw `js.publish` of the same envelopes with the same
 *   window;
 * - the time to notice a dead link: a reset connection (the proxy cuts) and a silent one (the
 *   proxy stops forwarding; only the client's pings can tell).
 *
 *   npm run bench:uplink -w edge-agent -- --events 20000 --windows 16,256 [--nats nats://…]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, nanos } from '@nats-io/transport-node'
import { createOutbox, jetStreamPublisher, openJournal } from '@qms/edge-agent'
import { type EventEnvelope, natsNames, systemClock } from '@qms/protocol'
import { createNatsLink } from '../src/uplink/connection.js'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    windows: { type: 'string', default: '16,256' },
    nats: { type: 'string', default: process.env.QMS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222' },
    ping: { type: 'string', default: '2000' },
  },
})
const total = Number(values.events)
const windows = (values.windows ?? '256').split(',').map(Number)
const url = values.nats as string
const site = 'bench'
const id = `b${Date.now().toString(36)}`
const names = natsNames({ root: id, streamPrefix: id.toUpperCase() })
const perSec = (n: number, ms: number) => Math.round((n * 1000) / ms)

const nc = await connect({ servers: url, name: 'qms-bench' })
const jsm = await jetstreamManager(nc)
const js = jetstream(nc)
await jsm.streams.add({
  name: names.eventStream,
  subjects: [names.allEvents()],
  duplicate_window: nanos(5 * 60_000),
})
const dir = mkdtempSync(join(tmpdir(), 'qms-bench-uplink-'))
const cleanup = async () => {
  await jsm.streams.delete(names.eventStream).catch(() => undefined)
  await nc.close()
  rmSync(dir, { recursive: true, force: true })
}

try {
  // A journal with the backlog (FULL durability does not matter to reading it).
  const journal = openJournal({ file: join(dir, 'journal.sqlite'), site, synchronous: 'NORMAL' })
  const at = Date.now()
  for (let i = 0; i < total; i += 1000) {
    const n = Math.min(1000, total - i)
    journal.commit(
      Array.from({ length: n }, (_, k) => ({
        draft: { type: 'window.paused' as const, data: { window: String(((i + k) % 20) + 1) } },
        at: at + i + k,
      })),
      [],
    )
  }
  const envelopes: EventEnvelope[] = journal.readAfter(0, total)
  const bytes = JSON.stringify(envelopes[0]).length
  console.log(
    `qms uplink bench: ${total} events of ~${bytes} bytes, NATS ${url} (file storage), windows ${windows.join(', ')}`,
  )

  /** Raw: the same envelopes, serialized, pipelined with a window, on a subject of its own. */
  const raw = async (window: number, round: number) => {
    const subject = names.events(`raw${window}r${round}`)
    const started = performance.now()
    let next = 0
    let acked = 0
    await new Promise<void>((resolve, reject) => {
      const send = () => {
        while (next < total && next - acked < window) {
          const e = envelopes[next++] as EventEnvelope
          js.publish(subject, JSON.stringify(e), { msgID: `raw${window}r${round}:${e.seq}` }).then(
            () => {
              acked++
              if (acked === total) resolve()
              else send()
            },
            reject,
          )
        }
      }
      send()
    })
    return performance.now() - started
  }

  /** The outbox: from the journal, cursor and all, to the PubAck of the last event. */
  const outbox = async (window: number, round: number) => {
    const cursor = `bench-${window}-${round}`
    const publish = jetStreamPublisher(js, names, `${site}${window}r${round}`, 5000)
    const started = performance.now()
    const box = createOutbox({ journal, clock: systemClock, window, cursor })
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (box.status().acked >= total) {
          clearInterval(check)
          resolve()
        }
      }, 2)
      box.resume(publish)
    })
    const ms = performance.now() - started
    await box.close(1000)
    return ms
  }

  console.log('\ncatch-up of the backlog (events/s; best of 2 runs each, alternating):')
  for (const window of windows) {
    const r: number[] = []
    const o: number[] = []
    for (let round = 0; round < 2; round++) {
      r.push(await raw(window, round))
      o.push(await outbox(window, round))
    }
    const rawMs = Math.min(...r)
    const boxMs = Math.min(...o)
    console.log(
      `  window ${String(window).padStart(4)}: outbox ${String(perSec(total, boxMs)).padStart(6)}/s   raw js.publish ${String(perSec(total, rawMs)).padStart(6)}/s   ratio ${(rawMs / boxMs).toFixed(2)}`,
    )
  }
  await journal.close()

  // Noticing a dead link.
  const notice = async (how: 'reset' | 'silent') => {
    const target = new URL(url)
    const sockets = new Set<Socket>()
    let forward = true
    const relay = createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) })
      sockets.add(client)
      sockets.add(upstream)
      client.on('data', (d) => forward && upstream.write(d))
      upstream.on('data', (d) => forward && client.write(d))
      const drop = () => {
        client.destroy()
        upstream.destroy()
      }
      client.on('error', drop).on('close', drop)
      upstream.on('error', drop).on('close', drop)
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    const port = (relay.address() as { port: number }).port
    let downAt: number | undefined
    let up: (() => void) | undefined
    const upSeen = new Promise<void>((resolve) => {
      up = resolve
    })
    const link = createNatsLink({
      servers: [`nats://127.0.0.1:${port}`],
      name: 'qms-bench-link',
      inboxPrefix: '_INBOX.bench',
      clock: systemClock,
      pingIntervalMs: Number(values.ping),
      reconnectMaxMs: 60_000,
      onUp: () => up?.(),
      onDown: () => {
        downAt ??= performance.now()
      },
    })
    await upSeen
    const cutAt = performance.now()
    if (how === 'reset') for (const s of sockets) s.destroy()
    else forward = false
    while (downAt === undefined) await new Promise((r) => setTimeout(r, 5))
    relay.close()
    for (const s of sockets) s.destroy()
    await link.close()
    return (downAt - cutAt) / 1000
  }
  console.log(`\nnoticing a dead link (client pings every ${values.ping} ms, 2 unanswered):`)
  console.log(`  connection reset:          ${(await notice('reset')).toFixed(3)} s`)
  console.log(`  silent (nothing forwarded): ${(await notice('silent')).toFixed(3)} s`)
} finally {
  await cleanup()
}
