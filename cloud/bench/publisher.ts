import { jetstream } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { natsNames } from '@qms/protocol'
import { HallSim } from '../test/helpers/hall-events.js'

/*
 * A benchmark publisher process: simulates many halls and publishes their events as edges do
 * (subject qms.evt.<site>, message id <site>:<seq>, in seq order per hall, a bounded window of
 * unacknowledged publishes). Each event's `ts` is the moment it is published, so the cloud's
 * projection lag is measured from the hall's clock.
 *
 * Arguments (JSON in argv[2]): { servers, root, streamPrefix, sites, perSite, rate, window, raw }
 * rate: events/s for this process (0 = as fast as JetStream takes them). raw: publish to the
 * scratch subjects `<root>.raw.<site>` instead (the baseline).
 * Prints one JSON line when done: { published, ms }.
 */

interface Args {
  servers: string
  root: string
  streamPrefix: string
  sites: string[]
  perSite: number
  rate: number
  window: number
  raw: boolean
  seed: number
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args
// nats.js builds an Error per request to keep its async stack; this process stands for halls
// that run on machines of their own, so their stack traces need not eat the cloud's 2 cores.
Error.stackTraceLimit = 0
const names = natsNames({ root: args.root, streamPrefix: args.streamPrefix })
const nc = await connect({ servers: args.servers, name: 'qms-bench-publisher' })
const js = jetstream(nc)
const halls = args.sites.map(
  (site, i) => new HallSim({ site, seed: args.seed + i, now: () => Date.now() }),
)
const total = args.sites.length * args.perSite

/** Publishes and waits for the PubAck; on a timeout sends again with the same id, as an edge does. */
async function send(subject: string, data: string, msgID: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await js.publish(subject, data, { msgID, timeout: 10_000 })
      return
    } catch (err) {
      if (attempt >= 5) throw err
    }
  }
}
const inflight = new Set<Promise<unknown>>()
let published = 0
/** Time from an event's timestamp to its PubAck (ms): the stream's share of the lag. */
const acks: number[] = []
const started = performance.now()
const tick = 10 // ms between paced bursts
let nextBurst = started

for (let round = 0; round < args.perSite; round++) {
  for (const hall of halls) {
    if (args.rate > 0 && published % Math.max(1, Math.round((args.rate * tick) / 1000)) === 0) {
      nextBurst += tick
      const wait = nextBurst - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
    const event = hall.next()
    const subject = args.raw ? `${args.root}.raw.${hall.site}` : names.events(hall.site)
    const sentAt = Date.parse(event.ts)
    const p = send(subject, JSON.stringify(event), names.eventMsgId(hall.site, event.seq))
    p.then(() => acks.push(Date.now() - sentAt)).catch(() => undefined)
    inflight.add(p)
    p.finally(() => inflight.delete(p)).catch(() => undefined)
    published++
    if (inflight.size >= args.window) await Promise.race(inflight)
  }
}
await Promise.all(inflight)
const ms = performance.now() - started
acks.sort((a, b) => a - b)
const q = (x: number) => acks[Math.min(acks.length - 1, Math.floor(x * acks.length))] ?? 0
process.stdout.write(
  `${JSON.stringify({ published, total, ms, ackP50: q(0.5), ackP99: q(0.99) })}\n`,
)
await nc.drain()
