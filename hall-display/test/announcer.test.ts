import { createManualClock, type ManualClock } from '@qms/protocol'
import t, { type Test } from 'tap'
import {
  type AnnouncementIn,
  createAnnouncer,
  type Speaker,
  type StepOutcome,
  type Utterance,
} from '../src/voice/announcer.js'

/*
 * A speaker that takes a set time per sound on the manual clock and records what it played,
 * and which sounds were playing at once (there must never be two).
 */
function timedSpeaker(clock: ManualClock, ms = { chime: 1000, say: 3000 }) {
  const played: string[] = []
  let playing = 0
  let maxPlaying = 0
  let stopped = 0
  let hang = false
  const prepared: string[] = []
  const sound = (what: string, duration: number) =>
    new Promise<StepOutcome>((resolve) => {
      played.push(what)
      playing++
      maxPlaying = Math.max(maxPlaying, playing)
      if (hang) return
      clock.setTimeout(() => {
        playing--
        resolve({ via: 'audio' })
      }, duration)
    })
  const speaker: Speaker = {
    chime: () => sound('chime', ms.chime),
    say: (text) => sound(text, ms.say),
    stop() {
      stopped++
      if (hang) playing--
    },
    prepare: (text) => prepared.push(text),
  }
  return {
    speaker,
    played,
    prepared,
    maxPlaying: () => maxPlaying,
    stopped: () => stopped,
    hangNext(on: boolean) {
      hang = on
    },
  }
}

const call = (id: string, ticket: string, window: string, recall = false): AnnouncementIn => ({
  id,
  ticket,
  window,
  recall,
  text: `请${ticket}号到${window}号窗口办理`,
})

/** Advances the clock in small steps until the announcer is idle. */
async function runOut(clock: ManualClock, announcer: { busy(): boolean }, limitMs = 600_000) {
  for (let spent = 0; announcer.busy() && spent < limitMs; spent += 50) {
    clock.advance(50)
    await new Promise((r) => setImmediate(r))
  }
}

function assertNoOverlap(t: Test, history: readonly Utterance[]) {
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1] as Utterance
    const cur = history[i] as Utterance
    t.ok(cur.start >= prev.end, `step ${cur.n} starts after step ${prev.n} ended`)
  }
}

t.test('each call: a chime, then the sentence twice, one step after the other', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock)
  const a = createAnnouncer({ speaker: s.speaker, clock, gapMs: 400 })
  t.equal(a.enqueue(call('x1', 'A023', '5')), true)
  t.equal(a.busy(), true)
  await runOut(clock, a)
  t.same(s.played, ['chime', '请A零二三号到5号窗口办理', '请A零二三号到5号窗口办理'])
  t.match(a.history, [
    { kind: 'chime', repeat: 0, id: 'x1', ticket: 'A023', via: 'audio' },
    { kind: 'speech', repeat: 1, text: '请A零二三号到5号窗口办理' },
    { kind: 'speech', repeat: 2 },
  ])
  const [chime, first, second] = a.history as Utterance[]
  t.equal((chime as Utterance).end - (chime as Utterance).start, 1000)
  t.equal((first as Utterance).start - (chime as Utterance).end, 400, 'a gap between steps')
  t.equal((second as Utterance).end - (second as Utterance).start, 3000)
  t.equal(s.maxPlaying(), 1)
  t.same(s.prepared, ['请A零二三号到5号窗口办理'], 'its audio was asked for in advance')
})

t.test('calls arriving together are said in order, never over each other', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock)
  const a = createAnnouncer({ speaker: s.speaker, clock })
  a.enqueue(call('1', 'A001', '2'))
  clock.advance(500)
  a.enqueue(call('2', 'E001', '4'))
  a.enqueue(call('3', 'A001', '2', true))
  t.equal(a.waiting(), 2)
  await runOut(clock, a)
  t.same(
    a.history.map((u) => `${u.id}:${u.kind}`),
    [
      '1:chime',
      '1:speech',
      '1:speech',
      '2:chime',
      '2:speech',
      '2:speech',
      '3:chime',
      '3:speech',
      '3:speech',
    ],
  )
  t.equal(a.history[6]?.recall, true, 'the recall is announced again')
  assertNoOverlap(t, a.history)
  t.equal(s.maxPlaying(), 1)
  await a.idle()
  t.pass('idle resolves when all is said')
})

t.test('an announcement id already seen is ignored', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock)
  const a = createAnnouncer({ speaker: s.speaker, clock, rememberIds: 2 })
  t.equal(a.enqueue(call('1', 'A001', '2')), true)
  t.equal(a.enqueue(call('1', 'A001', '2')), false, 'while it is being said')
  await runOut(clock, a)
  t.equal(a.enqueue(call('1', 'A001', '2')), false, 'after it was said')
  await runOut(clock, a)
  t.equal(a.history.length, 3)
  // Memory is bounded: ids long past are forgotten.
  a.enqueue(call('2', 'A002', '2'))
  a.enqueue(call('3', 'A003', '2'))
  await runOut(clock, a)
  t.equal(a.enqueue(call('1', 'A001', '2')), true, 'the oldest id was forgotten')
})

t.test('a sound that never ends is stopped at the step limit and the queue goes on', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock)
  const a = createAnnouncer({ speaker: s.speaker, clock, stepTimeoutMs: 5000, gapMs: 0 })
  s.hangNext(true)
  a.enqueue(call('1', 'A001', '2'))
  clock.advance(10)
  s.hangNext(false)
  await runOut(clock, a)
  t.match(a.history[0], { kind: 'chime', timedOut: true, via: 'none', error: /5000 ms/ })
  t.ok((a.history[0] as Utterance).end - (a.history[0] as Utterance).start >= 5000)
  t.equal(s.stopped(), 1)
  t.equal(a.history.length, 3, 'the sentence was still said twice')
  assertNoOverlap(t, a.history)
})

t.test('a failing speaker is recorded and the queue goes on', async (t) => {
  const clock = createManualClock()
  const speaker: Speaker = {
    chime: async () => ({ via: 'audio', error: 'audio error 4' }),
    say: async () => {
      throw new Error('boom')
    },
    stop() {},
  }
  const a = createAnnouncer({ speaker, clock, gapMs: 0 })
  a.enqueue(call('1', 'A001', '2'))
  await runOut(clock, a)
  t.match(a.history, [
    { kind: 'chime', error: 'audio error 4' },
    { kind: 'speech', via: 'none', error: /boom/ },
    { kind: 'speech', via: 'none' },
  ])
})

t.test('stale, overflowing and unspeakable announcements are skipped and said why', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock, { chime: 1000, say: 60_000 })
  const a = createAnnouncer({ speaker: s.speaker, clock, maxWaitMs: 30_000, maxQueue: 2 })
  a.enqueue(call('1', 'A001', '2'))
  a.enqueue(call('2', 'A002', '2'))
  a.enqueue(call('3', 'A003', '2'))
  a.enqueue(call('4', 'A004', '2'))
  t.equal(a.waiting(), 2)
  t.match(a.skipped, [{ id: '2', reason: 'overflow' }])
  a.enqueue({ id: '5', ticket: 'A005', window: '2', recall: false, text: '<>' })
  t.match(a.skipped[1], { id: '5', reason: 'unspeakable' })
  await runOut(clock, a)
  t.same(
    a.skipped.map((x) => `${x.id}:${x.reason}`),
    ['2:overflow', '5:unspeakable', '3:stale', '4:stale'],
    'waited two minutes behind a long one',
  )
  t.equal(a.history.length, 3)
})

t.test('repeats is configurable; close stops and drops the rest', async (t) => {
  const clock = createManualClock()
  const s = timedSpeaker(clock)
  const a = createAnnouncer({ speaker: s.speaker, clock, repeats: 1 })
  a.enqueue(call('1', 'A001', '2'))
  a.enqueue(call('2', 'A002', '2'))
  await runOut(clock, a)
  t.same(
    a.history.map((u) => u.kind),
    ['chime', 'speech', 'chime', 'speech'],
  )
  a.enqueue(call('3', 'A003', '2'))
  a.enqueue(call('4', 'A004', '2'))
  clock.advance(100)
  a.close()
  t.equal(s.stopped(), 1)
  t.match(a.skipped, [{ id: '4', reason: 'closed' }])
  t.equal(a.enqueue(call('5', 'A005', '2')), false, 'nothing after close')
  await runOut(clock, a)
  t.equal(a.busy(), false)
})
