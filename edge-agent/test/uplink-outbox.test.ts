import { createManualClock } from '@qms/protocol'
import type { Teardown } from '@qms/test'
import t from 'tap'
import { createOutbox, PublishFailure } from '../src/uplink/outbox.js'
import { fakeStream, memoryJournal, settle } from './uplink-fixtures.js'

/*
 * The outbox on an in-memory journal and a JetStream stand-in whose acknowledgements the test
 * hands out: order, the bounded window, the contiguous acknowledged prefix, retries, pauses,
 * close and bounded memory.
 */

const setup = (t: Teardown, window = 4, events = 0) => {
  const clock = createManualClock()
  const journal = memoryJournal()
  journal.append(events)
  const stream = fakeStream()
  const failures: Array<{ seq: number; attempt: number }> = []
  const outbox = createOutbox({
    journal,
    clock,
    window,
    retryMs: 100,
    retryMaxMs: 1000,
    cursorFlushMs: 250,
    onFailure: (_err, seq, attempt) => failures.push({ seq, attempt }),
  })
  t.teardown(() => outbox.close(0))
  return { clock, journal, stream, outbox, failures }
}

t.test('sends every event in seq order, never more than the window in flight', async (t) => {
  const { journal, stream, outbox } = setup(t, 4, 10)
  outbox.resume(stream.publish)
  t.same(
    stream.pending.map((p) => p.event.seq),
    [1, 2, 3, 4],
    'the window',
  )
  while (stream.pending.length > 0) {
    stream.ackAll(1)
    await settle()
  }
  t.same(stream.attempts, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'each once, in order')
  t.equal(stream.maxPending, 4)
  t.equal(outbox.status().acked, 10)
  t.ok(journal.largestPage <= 4, 'pages no larger than the window')
})

t.test('the cursor moves only over a contiguous acknowledged prefix', async (t) => {
  const { journal, stream, outbox, clock } = setup(t, 4, 4)
  outbox.resume(stream.publish)
  stream.ack(2)
  stream.ack(4)
  await settle()
  t.equal(outbox.status().acked, 0, '1 is not acknowledged yet')
  clock.advance(1000)
  t.equal(journal.getCursor('uplink'), 0)
  stream.ack(1)
  await settle()
  t.equal(outbox.status().acked, 2, '1 and 2 now')
  stream.ack(3)
  await settle()
  t.equal(outbox.status().acked, 4, 'then all four')
  clock.advance(1000)
  t.equal(journal.getCursor('uplink'), 4)
})

t.test('cursor writes are coalesced: one synced commit per interval, not per ack', async (t) => {
  const { journal, stream, outbox, clock } = setup(t, 256, 1000)
  stream.auto(true)
  outbox.resume(stream.publish)
  for (let i = 0; i < 20; i++) await settle()
  t.equal(outbox.status().acked, 1000)
  t.ok(journal.cursorWrites <= 2, `${journal.cursorWrites} writes for 1000 acks`)
  clock.advance(250)
  t.equal(journal.getCursor('uplink'), 1000)
})

t.test('wakes on every commit', async (t) => {
  const { journal, stream, outbox } = setup(t, 8)
  stream.auto(true)
  outbox.resume(stream.publish)
  journal.append(3)
  await settle()
  journal.append(2)
  await settle()
  t.same(stream.stored, [1, 2, 3, 4, 5])
  t.equal(outbox.status().acked, 5)
})

t.test(
  'a failed publish: nothing new until the batch settles and a back-off, then a resend from the first unacknowledged',
  async (t) => {
    const { stream, outbox, clock, failures } = setup(t, 4, 8)
    outbox.resume(stream.publish)
    stream.ack(1) // frees a place in the window: 5 goes out
    stream.fail(2, new PublishFailure('timeout', undefined))
    stream.ack(3) // stored: JetStream took it although 2 failed
    await settle()
    t.same(failures, [{ seq: 2, attempt: 1 }])
    t.ok(outbox.status().failing)
    t.same(
      stream.pending.map((p) => p.event.seq),
      [4, 5],
      'nothing new is sent while failing',
    )
    clock.advance(1000)
    await settle()
    t.same(
      stream.pending.map((p) => p.event.seq),
      [4, 5],
      'the back-off passed, but 4 and 5 are still in the air',
    )
    stream.fail(4)
    await settle()
    t.equal(stream.pending.length, 1, 'still waiting for 5')
    stream.ack(5)
    await settle()
    t.same(
      stream.pending.map((p) => p.event.seq),
      [2, 3, 4, 5],
      'resent from 2, in order',
    )
    stream.ackAll()
    await settle()
    stream.ackAll()
    await settle()
    t.equal(outbox.status().acked, 8)
    t.same(
      stream.stored,
      [1, 3, 5, 2, 4, 6, 7, 8],
      'each once (3 and 5 were duplicates the second time)',
    )
    t.notOk(outbox.status().failing)
  },
)

t.test('the back-off grows with repeated failures and resets after an ack', async (t) => {
  const { stream, outbox, clock, failures } = setup(t, 1, 3)
  outbox.resume(stream.publish)
  // retryMs 100 doubling to 1000, the upper half random: attempt n waits 50·2^(n-1)…100·2^(n-1).
  for (const [attempt, least] of [
    [1, 50],
    [2, 100],
    [3, 200],
    [4, 400],
    [5, 500],
  ] as const) {
    stream.fail(1)
    await settle()
    clock.advance(least - 1)
    await settle()
    t.equal(stream.pending.length, 0, `attempt ${attempt}: no resend before ${least} ms`)
    clock.advance(2 * least)
    await settle()
    t.equal(stream.pending.length, 1, `attempt ${attempt}: resent by ${2 * least} ms`)
  }
  t.same(
    failures.map((f) => f.attempt),
    [1, 2, 3, 4, 5],
  )
  stream.ack(1)
  await settle()
  stream.fail(2)
  await settle()
  t.equal(failures.at(-1)?.attempt, 1, 'counting starts over after a success')
})

t.test(
  'a lost link: in-flight publishes are abandoned and resent from the first unacknowledged on resume',
  async (t) => {
    const { stream, outbox, journal } = setup(t, 4, 6)
    outbox.resume(stream.publish)
    stream.ack(1)
    await settle()
    outbox.pause()
    t.notOk(outbox.status().running)
    journal.append(2) // the hall goes on
    await settle()
    t.same(
      stream.pending.map((p) => p.event.seq),
      [2, 3, 4, 5],
      'nothing new while paused',
    )
    // The dead connection's publishes never come back; nats.js times them out.
    for (const seq of [2, 3, 4, 5]) stream.fail(seq)
    await settle()
    const second = fakeStream()
    second.auto(true)
    outbox.resume(second.publish)
    for (let i = 0; i < 5; i++) await settle()
    t.same(second.attempts, [2, 3, 4, 5, 6, 7, 8], 'from 2, in order')
    t.equal(outbox.status().acked, 8)
  },
)

t.test('a backlog of 50,000 events goes out with bounded memory', async (t) => {
  const { journal, stream, outbox } = setup(t, 256, 50_000)
  outbox.resume(stream.publish)
  let rounds = 0
  while (outbox.status().acked < 50_000 && rounds++ < 10_000) {
    t.ok(stream.pending.length <= 256 || t.fail('window exceeded'))
    stream.ackAll()
    await settle()
  }
  t.equal(outbox.status().acked, 50_000)
  t.equal(stream.maxPending, 256, 'never more than the window waiting')
  t.equal(journal.largestPage, 256, 'never more than the window read')
  t.equal(stream.stored.length, 50_000)
  t.ok(
    stream.stored.every((s, i) => s === i + 1),
    'in order',
  )
})

t.test(
  'close waits for what is journaled to be acknowledged, then writes the cursor',
  async (t) => {
    const { journal, stream, outbox } = setup(t, 4, 6)
    outbox.resume(stream.publish)
    const closed = outbox.close(5000)
    t.equal(outbox.close(5000), closed, 'a second close returns the first')
    journal.append(3) // after the close began: left for the next start
    let done = false
    void closed.then(() => {
      done = true
    })
    stream.ackAll()
    await settle()
    t.notOk(done, '5 and 6 are still to go')
    stream.ackAll()
    await settle()
    t.ok(done)
    t.same(stream.attempts, [1, 2, 3, 4, 5, 6], 'nothing journaled after the close was sent')
    t.equal(journal.getCursor('uplink'), 6)
  },
)

t.test('close is bounded: a publish that never answers does not hold it', async (t) => {
  const { journal, stream, outbox, clock } = setup(t, 4, 3)
  outbox.resume(stream.publish)
  stream.ack(1)
  await settle()
  const closed = outbox.close(3000)
  clock.advance(3000)
  await closed
  t.equal(
    journal.getCursor('uplink'),
    1,
    'what was acknowledged is kept; 2 and 3 go at the next start',
  )
  stream.ack(2)
  await settle()
  t.equal(journal.getCursor('uplink'), 1, 'late acks after the close change nothing')
})

t.test('close while the link is down returns at once', async (t) => {
  const { stream, outbox } = setup(t, 4, 3)
  outbox.resume(stream.publish)
  outbox.pause()
  await outbox.close(60_000)
  t.pass('closed')
})

t.test('starts after the durable cursor; a cursor beyond the journal starts over', async (t) => {
  const clock = createManualClock()
  const journal = memoryJournal()
  journal.append(5)
  journal.setCursor('uplink', 3)
  const stream = fakeStream()
  stream.auto(true)
  const outbox = createOutbox({ journal, clock })
  t.teardown(() => outbox.close(0))
  outbox.resume(stream.publish)
  await settle()
  t.same(stream.attempts, [4, 5])

  const other = memoryJournal()
  other.append(2)
  other.setCursor('uplink', 9)
  const second = createOutbox({ journal: other, clock })
  t.teardown(() => second.close(0))
  t.equal(other.getCursor('uplink'), 2)
  t.equal(second.status().acked, 2)
})
