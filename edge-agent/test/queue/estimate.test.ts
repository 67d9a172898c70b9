import t from 'tap'
import { estimateItemWait, meanMinutes } from '../../src/queue/index.js'
import { harness, rid } from '../fixtures/engine.js'

t.test('people ahead count what the ticket’s windows would call first', async (t) => {
  const h = harness({ open: ['2', '3'] })
  const a1 = h.take('HJ-001')
  const e1 = h.take('CRJ-001')
  const a2 = h.take('HJ-001')
  const p = h.take('HJ-001', 'elderly')
  // Window 1 (one-stop) serves every category, so E001 is ahead of A002 as its windows see it.
  t.equal(h.engine.ahead(a1), 1, 'only the priority ticket is ahead of A001')
  t.equal(h.engine.ahead(a2), 3)
  t.equal(h.engine.ahead(e1), 2, 'A001 (earlier) and the priority ticket')
  t.equal(h.engine.ahead(p), 0)
  const r = h.ok({ op: 'take', reqId: rid(), item: 'HJ-010' })
  t.equal(r.ahead, 4, 'a newcomer has everyone waiting ahead')
  t.equal(h.engine.status(r.ticket)?.ahead, 4, 'and the status agrees')
  const q = h.ok({ op: 'take', reqId: rid(), item: 'HJ-010', priority: 'disabled' })
  t.equal(q.ahead, 1, 'a priority newcomer has only the priority tickets ahead')
})

t.test('the local estimate shares the work ahead among the open eligible windows', async (t) => {
  const h = harness()
  for (let i = 0; i < 4; i++) h.take('HJ-001') // 10 min each
  // All windows closed: estimated as if the eligible windows (1 and 2) were open.
  t.equal(h.engine.estimate('HJ-002').minutes, 20)
  h.ok({ op: 'open', reqId: rid(), window: '2' })
  t.equal(h.engine.estimate('HJ-002').minutes, 40, 'one window open: all 40 minutes on it')
  h.ok({ op: 'open', reqId: rid(), window: '1' })
  t.equal(h.engine.estimate('HJ-002').minutes, 20, 'two windows share the work')
  const w = h.engine.estimate('HJ-002')
  t.ok(w.lo80! < w.minutes && w.minutes < w.hi80! && w.hi80! < w.hi90!, 'with intervals')
  t.equal(w.source, 'local')
  t.equal(h.engine.estimate('HJ-002', 'elderly').minutes, 0, 'no priority ticket ahead')
})

t.test('work of tickets other windows also serve falls on ours only in part', async (t) => {
  const h = harness({ open: ['1', '3'] })
  h.take('CRJ-001') // 12 min; windows 1 and 3 may serve it
  h.take('HJ-001')
  // For an HJ newcomer only window 1 is open: half the CRJ ticket's work plus the HJ ticket.
  t.equal(h.engine.estimate('HJ-002').minutes, 16)
})

t.test('the time left of services under way counts', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  h.ok({ op: 'start', reqId: rid(), window: '2' })
  h.clock.advance(4 * 60_000)
  t.equal(h.engine.estimate('HJ-010').minutes, 6, '10-minute item started 4 minutes ago')
})

t.test('observed handling times move the mean', async (t) => {
  const h = harness({ open: ['2'] })
  t.equal(meanMinutes(h.engine.state, 'HJ-001'), 10)
  for (let i = 0; i < 5; i++) {
    h.take('HJ-001')
    h.ok({ op: 'call', reqId: rid(), window: '2' })
    h.clock.advance(20 * 60_000)
    h.ok({ op: 'complete', reqId: rid(), window: '2' })
  }
  t.equal(meanMinutes(h.engine.state, 'HJ-001'), 15, 'half way after as many as the prior weight')
  t.equal(
    estimateItemWait(h.engine.state, 'NOPE', h.clock.now()).minutes,
    0,
    'an unknown item has no wait',
  )
})

t.test('a take uses a better prediction when given one, and records the wait told', async (t) => {
  const h = harness()
  const d = h.engine.execute(
    { op: 'take', reqId: rid(), item: 'HJ-001' },
    { wait: { minutes: 33, lo80: 20, hi80: 45, source: 'cloud' } },
  )
  t.ok(d.ok)
  if (!d.ok) return
  t.same(d.result.wait, { minutes: 33, lo80: 20, hi80: 45, source: 'cloud' })
  t.match(d.events[0], { type: 'ticket.issued', data: { waitMin: 33 } })
})

t.test('a waiting ticket’s status has its own wait; an ended one none', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  const b = h.take('HJ-001')
  t.equal(h.engine.status(b)?.wait?.minutes, 10)
  h.ok({ op: 'callTicket', reqId: rid(), window: '2', ticket: b })
  t.equal(h.engine.status(b)?.wait, undefined)
  t.equal(h.engine.status(b)?.state, 'called')
})
