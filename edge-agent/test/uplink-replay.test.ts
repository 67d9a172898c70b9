import { createManualClock } from '@qms/protocol'
import type { Teardown } from '@qms/test'
import t from 'tap'
import { addRange, createReplayer } from '../src/uplink/replay.js'
import { fakeStream, memoryJournal, settle } from './uplink-fixtures.js'

/* Replays asked by the cloud, on an in-memory journal and a JetStream stand-in. */

const setup = (t: Teardown, events: number, window = 4) => {
  const clock = createManualClock()
  const journal = memoryJournal()
  journal.append(events)
  const stream = fakeStream()
  const replayer = createReplayer({ journal, clock, window, retryMs: 100, retryMaxMs: 1000 })
  t.teardown(() => replayer.close())
  return { clock, journal, stream, replayer }
}

t.test('ranges merge when they overlap or touch', async (t) => {
  t.same(addRange([], 5, 9), [[5, 9]])
  t.same(addRange([[5, 9]], 10, 12), [[5, 12]])
  t.same(addRange([[5, 9]], 1, 3), [
    [1, 3],
    [5, 9],
  ])
  t.same(
    addRange(
      [
        [1, 3],
        [5, 9],
      ],
      2,
      6,
    ),
    [[1, 9]],
  )
})

t.test('answers at once with the range it will publish, never past its last seq', async (t) => {
  const { replayer } = setup(t, 10)
  t.same(replayer.request({ fromSeq: 3, toSeq: 5 }), { fromSeq: 3, toSeq: 5, count: 3 })
  t.same(replayer.request({ fromSeq: 8 }), { fromSeq: 8, toSeq: 10, count: 3 })
  t.same(
    replayer.request({ fromSeq: 8, toSeq: 50 }),
    { fromSeq: 8, toSeq: 10, count: 3 },
    'events it never journaled are not vouched for',
  )
  t.same(replayer.request({ fromSeq: 11 }), { fromSeq: 11, toSeq: 10, count: 0 })
})

t.test('publishes the range in order, a page at a time, once the link is up', async (t) => {
  const { stream, replayer } = setup(t, 20, 4)
  replayer.request({ fromSeq: 3, toSeq: 12 })
  t.equal(replayer.pending(), 10)
  t.equal(stream.attempts.length, 0, 'nothing while the link is down')
  replayer.resume(stream.publish)
  t.same(
    stream.pending.map((p) => p.event.seq),
    [3, 4, 5, 6],
  )
  stream.ackAll()
  await settle()
  t.same(
    stream.pending.map((p) => p.event.seq),
    [7, 8, 9, 10],
  )
  stream.ackAll()
  await settle()
  stream.ackAll()
  await settle()
  t.same(stream.stored, [3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
  t.equal(replayer.pending(), 0)
})

t.test('a failed page is published again from the failure after a back-off', async (t) => {
  const { stream, replayer, clock } = setup(t, 10, 4)
  replayer.resume(stream.publish)
  replayer.request({ fromSeq: 1, toSeq: 6 })
  stream.ack(1)
  stream.fail(2)
  stream.ack(3)
  stream.ack(4)
  await settle()
  t.equal(stream.pending.length, 0, 'waits')
  clock.advance(200)
  await settle()
  t.same(
    stream.pending.map((p) => p.event.seq),
    [2, 3, 4, 5],
  )
  stream.ackAll()
  await settle()
  stream.ackAll()
  await settle()
  t.same(stream.stored, [1, 3, 4, 2, 5, 6])
})

t.test('the cloud asking again while a replay runs does not publish it twice', async (t) => {
  const { stream, replayer } = setup(t, 12, 4)
  replayer.resume(stream.publish)
  replayer.request({ fromSeq: 1, toSeq: 12 })
  stream.ackAll()
  await settle()
  // The cloud applied nothing yet and asks again from 1: pages 1–4 were acknowledged just now.
  replayer.request({ fromSeq: 1, toSeq: 12 })
  for (let i = 0; i < 4; i++) {
    stream.ackAll()
    await settle()
  }
  t.same(stream.attempts, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 'each once')
})

t.test('the same range asked again later is published again', async (t) => {
  const { stream, replayer, clock } = setup(t, 4, 4)
  stream.auto(true)
  replayer.resume(stream.publish)
  replayer.request({ fromSeq: 1 })
  await settle()
  clock.advance(120_000)
  replayer.request({ fromSeq: 1 })
  await settle()
  t.same(stream.attempts, [1, 2, 3, 4, 1, 2, 3, 4])
})
