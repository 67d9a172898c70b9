import type { DeviceRequest } from '@qms/protocol'
import t from 'tap'
import {
  applyEvent,
  callEntries,
  type EventDraft,
  initialState,
  type QueueState,
  queueEntries,
  ticketView,
  windowEntries,
} from '../../src/queue/index.js'
import { harness, rid } from '../fixtures/engine.js'

/** Everything observable about a state, as plain data. */
function observe(state: QueueState, now: number) {
  return {
    day: state.day,
    open: [...state.open.values()].map((t) => ({ ...t })),
    finished: [...state.finished.values()].map(ticketView),
    windows: windowEntries(state),
    streaks: [...state.windows.values()].map((w) => w.priorityStreak),
    numbers: [...state.lastNumbers.entries()],
    persons: [...state.persons.entries()],
    calls: callEntries(state),
    queues: queueEntries(state, now),
  }
}

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const WINDOWS = ['1', '2', '3']
const ITEMS = ['HJ-001', 'HJ-002', 'HJ-010', 'CRJ-001', 'JG-001', 'NO-SUCH']
const OPS = [
  'take',
  'take',
  'take',
  'call',
  'call',
  'start',
  'complete',
  'complete',
  'noshow',
  'recall',
  'transfer',
  'park',
  'callback',
  'callTicket',
  'pause',
  'resume',
  'open',
  'close',
  'rate',
]

function randomRequest(rnd: () => number, tickets: string[]): DeviceRequest {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!
  const op = pick(OPS)
  const window = pick(WINDOWS)
  const ticket = tickets.length === 0 ? 'A001' : pick(tickets)
  switch (op) {
    case 'take':
      return {
        op,
        reqId: rid(),
        item: pick(ITEMS),
        priority: rnd() < 0.25 ? 'elderly' : 'normal',
        ...(rnd() < 0.2 ? { personId: `P${Math.floor(rnd() * 5)}000` } : {}),
      }
    case 'transfer':
      return { op, reqId: rid(), window, toItem: pick(ITEMS) }
    case 'callback':
      return rnd() < 0.5 ? { op, reqId: rid(), window } : { op, reqId: rid(), window, ticket }
    case 'callTicket':
      return { op, reqId: rid(), window, ticket }
    case 'rate':
      return { op, reqId: rid(), window, ticket, score: 5 }
    default:
      return { op, reqId: rid(), window } as DeviceRequest
  }
}

t.test('replaying the events rebuilds the state exactly, and errors change nothing', async (t) => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const rnd = lcg(seed)
    const h = harness({ open: WINDOWS })
    const start = h.engine.clone()
    const journal: { event: EventDraft; at: number }[] = []
    const tickets: string[] = []
    let failures = 0
    const changedOnError: string[] = []
    for (let i = 0; i < 1500; i++) {
      h.clock.advance(Math.floor(rnd() * 90_000))
      // Cross a local midnight once in the run.
      if (i === 1000) h.clock.advance(24 * 3600_000)
      const request = randomRequest(rnd, tickets)
      const before = JSON.stringify(observe(h.engine.state, h.clock.now()))
      const d = h.engine.execute(request)
      if (!d.ok) {
        failures++
        if (JSON.stringify(observe(h.engine.state, h.clock.now())) !== before)
          changedOnError.push(`step ${i}: ${request.op} ${d.error.code}`)
        continue
      }
      for (const event of d.events) journal.push({ event, at: h.clock.now() })
      if (request.op === 'take') tickets.push((d.result as { ticket: string }).ticket)
    }
    t.ok(failures > 100 && journal.length > 300, `seed ${seed}: a run with both outcomes`)
    t.same(changedOnError, [], `seed ${seed}: no failed request changed the state`)
    for (const { event, at } of journal) applyEvent(start.state, event, at)
    t.same(
      observe(start.state, h.clock.now()),
      observe(h.engine.state, h.clock.now()),
      `seed ${seed}: the replayed state equals the live one`,
    )
    // And both decide the same from here on.
    const probe = { op: 'call', reqId: rid(), window: '1' } as const
    t.same(start.decide(probe), h.engine.decide(probe), `seed ${seed}: same next decision`)
  }
})

t.test('a clone is independent of its source, both ways', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  h.take('HJ-001')
  const twin = h.engine.clone()
  twin.execute({ op: 'call', reqId: rid(), window: '2' })
  twin.execute({ op: 'take', reqId: rid(), item: 'HJ-001' })
  t.equal(h.engine.state.open.get(a)?.state, 'waiting', 'the source did not see the twin call')
  t.equal(h.engine.state.open.size, 2)
  h.take('HJ-010')
  t.equal(twin.state.open.size, 3, 'the twin did not see the source take')
  t.equal(twin.state.lastNumbers.get('B'), undefined)
  const lean = h.engine.clone({ withFinished: false })
  t.equal(lean.state.finished.size, 0)
})

t.test(
  'a fresh state from the initial one plus the events equals the engine after a day',
  async (t) => {
    const h = harness()
    const journal: { event: EventDraft; at: number }[] = []
    const run = (request: DeviceRequest) => {
      const d = h.engine.execute(request)
      if (d.ok) for (const event of d.events) journal.push({ event, at: h.clock.now() })
    }
    run({ op: 'open', reqId: rid(), window: '1' })
    for (let i = 0; i < 20; i++) {
      h.clock.advance(30_000)
      run({ op: 'take', reqId: rid(), item: i % 3 === 0 ? 'CRJ-001' : 'HJ-001' })
      if (i % 2 === 0) {
        run({ op: 'call', reqId: rid(), window: '1' })
        run({ op: 'complete', reqId: rid(), window: '1' })
      }
    }
    const rebuilt = initialState(h.engine.model, journal[0]!.at)
    for (const { event, at } of journal) applyEvent(rebuilt, event, at)
    t.same(observe(rebuilt, h.clock.now()), observe(h.engine.state, h.clock.now()))
  },
)
