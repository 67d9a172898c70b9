import t from 'tap'
import { harness, rid } from '../fixtures/engine.js'

t.test('a window opens, pauses, resumes and closes', async (t) => {
  const h = harness()
  t.equal(h.fails({ op: 'pause', reqId: rid(), window: '2' }), 'WINDOW_CLOSED')
  t.same(h.ok({ op: 'open', reqId: rid(), window: '2', staff: 'p0042' }), {
    window: '2',
    state: 'idle',
  })
  t.equal(h.engine.state.windows.get('2')?.staff, 'p0042')
  t.equal(h.fails({ op: 'resume', reqId: rid(), window: '2' }), 'BAD_STATE')
  t.equal(h.ok({ op: 'pause', reqId: rid(), window: '2' }).state, 'paused')
  t.equal(h.fails({ op: 'pause', reqId: rid(), window: '2' }), 'WINDOW_PAUSED')
  t.equal(h.ok({ op: 'resume', reqId: rid(), window: '2' }).state, 'idle')
  t.equal(h.ok({ op: 'close', reqId: rid(), window: '2' }).state, 'closed')
  t.equal(h.fails({ op: 'open', reqId: rid(), window: '7' }), 'UNKNOWN_WINDOW')
})

t.test('open on an open window and close on a closed one change nothing', async (t) => {
  const h = harness({ open: ['2'] })
  const d = h.engine.execute({ op: 'open', reqId: rid(), window: '2' })
  t.ok(d.ok)
  if (d.ok) t.same(d.events, [])
  const c = h.engine.execute({ op: 'close', reqId: rid(), window: '3' })
  t.ok(c.ok)
  if (c.ok) t.same(c.events, [])
})

t.test('a window with a ticket called or in service cannot close', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.fails({ op: 'close', reqId: rid(), window: '2' }), 'WINDOW_BUSY')
  h.ok({ op: 'pause', reqId: rid(), window: '2' })
  t.equal(
    h.ok({ op: 'start', reqId: rid(), window: '2' }).state,
    'serving',
    'a paused window finishes its ticket',
  )
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  t.equal(h.ok({ op: 'close', reqId: rid(), window: '2' }).state, 'closed')
})

t.test('the booth sensor reports presence; a repeated reading makes no event', async (t) => {
  const h = harness()
  const first = h.engine.execute({ op: 'presence', reqId: rid(), window: '3', present: true })
  t.ok(first.ok && first.events.length === 1)
  const again = h.engine.execute({ op: 'presence', reqId: rid(), window: '3', present: true })
  t.ok(again.ok && again.events.length === 0)
  t.equal(h.engine.state.windows.get('3')?.present, true)
})

t.test('a rating is taken once for a ticket served at that window', async (t) => {
  const h = harness({ open: ['2', '3'] })
  const a = h.take('HJ-001')
  const e = h.take('CRJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  t.equal(
    h.fails({ op: 'rate', reqId: rid(), window: '3', ticket: a, score: 5 }),
    'RATING_NOT_ALLOWED',
    'not served at window 3',
  )
  t.equal(
    h.fails({ op: 'rate', reqId: rid(), window: '3', ticket: e, score: 5 }),
    'RATING_NOT_ALLOWED',
    'not served yet',
  )
  t.same(h.ok({ op: 'rate', reqId: rid(), window: '2', ticket: a, score: 4 }), {
    window: '2',
    ticket: a,
    score: 4,
  })
  t.equal(
    h.fails({ op: 'rate', reqId: rid(), window: '2', ticket: a, score: 5 }),
    'RATING_NOT_ALLOWED',
    'once only',
  )
  t.equal(
    h.fails({ op: 'rate', reqId: rid(), window: '2', ticket: 'A500', score: 5 }),
    'UNKNOWN_TICKET',
  )
})

t.test('a reprint names a ticket of today', async (t) => {
  const h = harness()
  const a = h.take('HJ-001')
  t.same(h.ok({ op: 'reprint', reqId: rid(), ticket: a }), { ticket: a, printed: 'none' })
  t.equal(h.fails({ op: 'reprint', reqId: rid(), ticket: 'A404' }), 'UNKNOWN_TICKET')
})
