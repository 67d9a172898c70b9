import type { EventEnvelope } from '@qms/protocol'
import t from 'tap'
import { EventSequencer } from '../src/live/sequencer.js'

/* The live mirror's ordering of a hall's events as the stream delivers them. */

const at = '2026-11-30T01:00:00.000Z'
const ev = (seq: number, type: EventEnvelope['type'] = 'window.opened'): EventEnvelope =>
  (type === 'site.snapshot'
    ? {
        v: 1,
        site: 'st-a',
        seq,
        ts: at,
        type,
        data: { day: '2026-11-30', tickets: [], windows: [], lastNumbers: {} },
      }
    : { v: 1, site: 'st-a', seq, ts: at, type, data: { window: '1' } }) as EventEnvelope
const seqs = (ready: { event: EventEnvelope }[]) => ready.map((r) => r.event.seq)

t.test('the journal’s first event starts the mirror; the next ones follow in order', async (t) => {
  const s = new EventSequencer()
  const first = s.offer(ev(1))
  t.same(seqs(first), [1])
  t.equal(first[0]!.reset, true, 'from an empty state')
  t.same(seqs(s.offer(ev(2))), [2])
  t.same(seqs(s.offer(ev(2))), [], 'a duplicate is dropped')
  t.equal(s.applied, 2)
})

t.test('events before a starting point are held until one arrives', async (t) => {
  const s = new EventSequencer()
  t.same(seqs(s.offer(ev(41))), [])
  t.same(seqs(s.offer(ev(42))), [])
  t.equal(s.based, false)
  const ready = s.offer(ev(40, 'site.snapshot'))
  t.same(seqs(ready), [40, 41, 42], 'the snapshot, then what was held after it')
  t.same(
    ready.map((r) => r.reset),
    [true, false, false],
  )
})

t.test('a replayed gap is put back in order', async (t) => {
  const s = new EventSequencer()
  s.offer(ev(1))
  t.same(seqs(s.offer(ev(3))), [])
  t.same(seqs(s.offer(ev(4))), [])
  t.equal(s.heldCount, 2)
  t.same(seqs(s.offer(ev(2))), [2, 3, 4])
  t.equal(s.heldCount, 0)
})

t.test('seqs the hall could not replay are passed over, now or later', async (t) => {
  const now = new EventSequencer()
  now.offer(ev(1))
  now.offer(ev(5))
  t.same(seqs(now.skip(2, 4)), [5], 'the gap is gone: what waited behind it goes')
  const later = new EventSequencer()
  later.offer(ev(1))
  t.same(seqs(later.skip(2, 4)), [], 'nothing to apply yet')
  t.same(seqs(later.offer(ev(5))), [5], 'the gap is passed when the mirror gets there')
  t.same(seqs(later.skip(9, 8)), [], 'an empty range is nothing')
})

t.test('a snapshot ahead of a gap is a new starting point', async (t) => {
  const s = new EventSequencer()
  s.offer(ev(1))
  s.offer(ev(3))
  const ready = s.offer(ev(4, 'site.snapshot'))
  t.same(seqs(ready), [4])
  t.equal(ready[0]!.reset, true)
  t.equal(s.heldCount, 0, 'what was held before it is forgotten')
  t.same(seqs(s.offer(ev(2))), [], 'an event before it comes too late')
})

t.test('the projection can be the starting point', async (t) => {
  const s = new EventSequencer()
  s.offer(ev(11))
  s.offer(ev(12))
  s.offer(ev(9))
  t.same(seqs(s.baseAt(10)), [11, 12], 'held events after the projection’s seq follow')
  t.equal(s.applied, 12)
})

t.test('too many events out of order ask for a rebuild', async (t) => {
  const s = new EventSequencer(3)
  s.offer(ev(1))
  for (let seq = 3; seq <= 6; seq++) s.offer(ev(seq))
  t.equal(s.overflowed, true)
})
