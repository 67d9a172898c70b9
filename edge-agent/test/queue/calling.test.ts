import t from 'tap'
import { harness, rid } from '../fixtures/engine.js'

const call = (h: ReturnType<typeof harness>, window: string) => {
  const r = h.ok({ op: 'call', reqId: rid(), window })
  h.ok({ op: 'complete', reqId: rid(), window })
  return r.ticket
}

t.test('ordinary tickets are called first come, first served', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  const b = h.take('HJ-010')
  const c = h.take('HJ-002')
  t.same([call(h, '2'), call(h, '2'), call(h, '2')], [a, b, c])
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '2' }), 'NO_TICKET')
})

t.test(
  'priority tickets go first, at most priorityCap in a row while an ordinary one waits',
  async (t) => {
    const h = harness({ open: ['2'] })
    const n1 = h.take('HJ-001')
    const n2 = h.take('HJ-001')
    const p = [1, 2, 3, 4, 5].map(() => h.take('HJ-001', 'elderly'))
    t.same(
      [1, 2, 3, 4, 5, 6, 7].map(() => call(h, '2')),
      [p[0], p[1], p[2], n1, p[3], p[4], n2],
      'three priority calls, then the ordinary ticket that waited longest',
    )
  },
)

t.test('the cap follows the hall rules', async (t) => {
  const h = harness({ open: ['2'] })
  h.engine.state.rules.priorityCap = 1
  const n1 = h.take('HJ-001')
  const p1 = h.take('HJ-001', 'appointment')
  const p2 = h.take('HJ-001', 'elderly')
  t.same([call(h, '2'), call(h, '2'), call(h, '2')], [p1, n1, p2])
})

t.test('priority calls with nobody ordinary waiting do not count toward the cap', async (t) => {
  const h = harness({ open: ['2'] })
  const p = [1, 2, 3].map(() => h.take('HJ-001', 'elderly'))
  t.same([call(h, '2'), call(h, '2'), call(h, '2')], p)
  const n = h.take('HJ-001')
  const q = [1, 2, 3].map(() => h.take('HJ-001', 'elderly'))
  t.same(
    [call(h, '2'), call(h, '2'), call(h, '2'), call(h, '2')],
    [q[0], q[1], q[2], n],
    'the streak starts when an ordinary ticket is left waiting',
  )
})

t.test('a window calls only what it serves; a one-stop window serves everything', async (t) => {
  const h = harness({ open: ['1', '2', '3'] })
  const e = h.take('CRJ-001')
  const a = h.take('HJ-001')
  t.equal(call(h, '2'), a, 'window 2 skips the exit-entry ticket')
  const a2 = h.take('HJ-002')
  t.equal(call(h, '1'), e, 'the one-stop window takes the oldest of all')
  t.equal(call(h, '1'), a2)
  h.take('HJ-001')
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '3' }), 'NO_TICKET')
})

t.test('next() tells who a call would call without changing anything', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  h.take('HJ-001')
  const before = h.engine.state.open.get(a)
  t.equal(h.engine.next('2')?.ticket, a)
  t.equal(h.engine.next('2')?.ticket, a)
  t.equal(h.engine.state.open.get(a), before, 'the ticket record is untouched')
  t.equal(h.engine.next('3'), undefined)
})

t.test('a call needs an open, free, unpaused window that exists', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  h.take('HJ-001')
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '9' }), 'UNKNOWN_WINDOW')
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '1' }), 'WINDOW_CLOSED')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '2' }), 'WINDOW_BUSY')
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  h.ok({ op: 'pause', reqId: rid(), window: '2' })
  t.equal(h.fails({ op: 'call', reqId: rid(), window: '2' }), 'WINDOW_PAUSED')
  h.ok({ op: 'resume', reqId: rid(), window: '2' })
  t.ok(h.ok({ op: 'call', reqId: rid(), window: '2' }))
})

t.test('a call answers the ticket, the item and how long the person waited', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  h.clock.advance(5 * 60_000)
  const r = h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.same(r, {
    ticket: a,
    window: '2',
    item: 'HJ-001',
    itemName: '居民身份证首次申领',
    recalls: 0,
    waitedMin: 5,
  })
})
