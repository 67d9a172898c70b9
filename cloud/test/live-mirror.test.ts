import { createQueueEngine, type QueueRequest } from '@qms/edge-agent/queue'
import { createManualClock, type EventEnvelope } from '@qms/protocol'
import t from 'tap'
import { HallMirror } from '../src/live/mirror.js'
import type { Prediction } from '../src/predict/index.js'
import { exportState, importState } from '../src/predict-service/state-transfer.js'
import { StatusTracker } from '../src/predict-service/statuses.js'
import { liveCatalogue, liveHall } from './helpers/live.js'

/*
 * The mirror holds the hall's queue exactly as the hall does from its events, and keeps what it
 * learns and counts exactly once across owners; statuses are written only when they change.
 */

function hallDay() {
  const clock = createManualClock(Date.UTC(2026, 10, 30, 1, 0, 0))
  const hall = liveHall('st-a', [{ no: '1' }, { no: '2' }], { timezone: 'Asia/Shanghai' })
  const engine = createQueueEngine({ hall, catalogue: liveCatalogue(), clock })
  const events: EventEnvelope[] = []
  let rid = 0
  const run = (request: Partial<QueueRequest> & { op: string }) => {
    clock.advance(60_000)
    const d = engine.execute({ reqId: `r${++rid}`, ...request } as QueueRequest)
    if (!d.ok) throw d.error
    for (const e of d.events)
      events.push({
        v: 1,
        site: 'st-a',
        seq: events.length + 1,
        ts: new Date(clock.now()).toISOString(),
        ...e,
      } as EventEnvelope)
    return d.result as { ticket?: string }
  }
  return { clock, engine, events, run }
}

const told = (minutes: number): Prediction => ({
  minutes,
  lo80: minutes / 2,
  hi80: minutes * 2,
  lo90: minutes / 3,
  hi90: minutes * 3,
  source: 'cloud',
  raw: { minutes, lo80: minutes / 2, hi80: minutes * 2, lo90: minutes / 3, hi90: minutes * 3 },
})

t.test('the mirror holds the hall’s queue as the hall does', async (t) => {
  const { engine, events, run } = hallDay()
  run({ op: 'open', window: '1' })
  run({ op: 'open', window: '2' })
  for (let i = 0; i < 5; i++) run({ op: 'take', item: 'I10' })
  run({ op: 'call', window: '1' })
  run({ op: 'presence', window: '2', present: false } as never)
  const mirror = new HallMirror({ model: engine.model })
  for (const e of [...events].reverse()) mirror.offer(e)
  t.equal(mirror.applied, events.length, 'in seq order, whatever the order offered')
  t.same(
    [...mirror.state.open.values()].map((x) => [x.ticket, x.state, x.window, x.order]),
    [...engine.state.open.values()].map((x) => [x.ticket, x.state, x.window, x.order]),
  )
  t.same([...mirror.state.windows.values()], [...engine.state.windows.values()])
  t.equal(mirror.state.day, engine.state.day, 'the day of the journal’s first event')
  t.ok(mirror.absentSince.has('2'), 'the empty booth is timed')
  t.ok(mirror.touched.has('A001'))
  t.equal(mirror.learnedSeq, events.length)

  const copy = importState(engine.model, structuredClone(exportState(mirror.state)))
  t.same(
    [...copy.open.values()],
    [...mirror.state.open.values()],
    'the state crosses to a worker intact',
  )
  t.same([...copy.windows.values()], [...mirror.state.windows.values()])
})

t.test('each event is learned and counted once across owners', async (t) => {
  const { engine, events, run } = hallDay()
  run({ op: 'open', window: '1' })
  const a = run({ op: 'take', item: 'I10' }).ticket!
  run({ op: 'take', item: 'I10' })
  const first = new HallMirror({ model: engine.model })
  for (const e of events) first.offer(e)
  first.live = true
  first.setIssued(a, told(12))
  const upTo = events.length
  run({ op: 'call', window: '1' })
  for (const e of events.slice(upTo)) first.offer(e)
  t.equal(first.outcomes.length, 1, 'a first call')
  t.match(first.outcomes[0], { ticket: a, predicted: { minutes: 12 } })
  t.equal(first.issued.has(a), false, 'its issue prediction is used up')
  const taken = first.takeCounts()!
  const hour = [...taken.counts.values()][0]!
  t.equal(hour.get(`9:issued`), 2, 'two issued at 9 in Shanghai')
  t.equal(hour.get(`9:called`), 1)
  t.equal(taken.toSeq, events.length)
  first.countedSeq = taken.toSeq // written
  t.equal(first.takeCounts(), undefined, 'nothing more to write')

  // The next owner starts from what the first one kept: nothing is learned or counted twice.
  const learned = structuredClone(first.learned())
  const kept = structuredClone(learned.stats)
  const second = new HallMirror({
    model: engine.model,
    learned,
    countedSeq: taken.toSeq,
  })
  for (const e of events) second.offer(e)
  t.same(second.stats, kept, 'nothing learned twice')
  t.equal(second.takeCounts(), undefined, 'nothing counted twice')
  run({ op: 'take', item: 'I6' })
  second.offer(events.at(-1)!)
  t.notSame(second.stats, kept, 'a new event is learned')
  t.equal([...second.takeCounts()!.counts.values()][0]!.get('9:issued'), 1)
})

t.test('a status is written when it changes, and once more when it ends', async (t) => {
  const { engine, events, run } = hallDay()
  run({ op: 'open', window: '1' })
  const a = run({ op: 'take', item: 'I10' }).ticket!
  const b = run({ op: 'take', item: 'I10' }).ticket!
  const mirror = new HallMirror({ model: engine.model })
  for (const e of events) mirror.offer(e)
  const tracker = new StatusTracker()
  const waits = new Map([[b, { minutes: 10, source: 'cloud' as const }]])
  const now = Date.now()
  const first = tracker.changed(mirror.state, mirror.touched, waits, 3, now)
  t.same(
    first.map((s) => [s.ticket, s.state, s.ahead]),
    [
      [a, 'waiting', 0],
      [b, 'waiting', 1],
    ],
  )
  mirror.touched.clear()
  t.same(tracker.changed(mirror.state, [], waits, 3, now), [], 'unchanged: nothing')
  const nudged = new Map([[b, { minutes: 10.2, source: 'cloud' as const }]])
  t.same(tracker.changed(mirror.state, [], nudged, 3, now), [], 'a tenth of a minute is no change')
  const before = events.length
  run({ op: 'call', window: '1' })
  run({ op: 'complete', window: '1' })
  for (const e of events.slice(before)) mirror.offer(e)
  const ended = tracker.changed(mirror.state, mirror.touched, waits, 5, now)
  t.same(
    ended.map((s) => [s.ticket, s.state, s.ahead]),
    [
      [b, 'waiting', 0],
      [a, 'done', 0],
    ],
  )
  t.ok(ended[1]!.endedAt)
})
