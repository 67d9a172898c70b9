import t from 'tap'
import { harness, rid } from '../fixtures/engine.js'

t.test('start, complete and no-show move the current ticket on', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  const b = h.take('HJ-001')
  t.equal(h.fails({ op: 'start', reqId: rid(), window: '2' }), 'NO_CURRENT_TICKET')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.same(h.ok({ op: 'start', reqId: rid(), window: '2' }), {
    ticket: a,
    window: '2',
    state: 'serving',
    item: 'HJ-001',
  })
  t.equal(h.fails({ op: 'start', reqId: rid(), window: '2' }), 'BAD_STATE')
  t.equal(h.fails({ op: 'noshow', reqId: rid(), window: '2' }), 'BAD_STATE')
  t.equal(h.fails({ op: 'recall', reqId: rid(), window: '2' }), 'BAD_STATE')
  h.clock.advance(7 * 60_000)
  t.equal(h.ok({ op: 'complete', reqId: rid(), window: '2' }).state, 'done')
  t.equal(h.engine.state.served.get('HJ-001')?.n, 1, 'the handling time is observed')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.ok({ op: 'noshow', reqId: rid(), window: '2' }).ticket, b)
  t.equal(h.engine.status(b)?.state, 'noshow')
  t.equal(h.engine.state.windows.get('2')?.current, undefined)
})

t.test('a called ticket is recalled up to the limit', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.same(
    [1, 2, 3].map(() => h.ok({ op: 'recall', reqId: rid(), window: '2' }).recalls),
    [1, 2, 3],
  )
  t.equal(h.fails({ op: 'recall', reqId: rid(), window: '2' }), 'RECALL_LIMIT')
  t.equal(h.engine.state.calls.length, 4, 'the call and each recall are on the hall screen list')
})

t.test(
  'a transfer puts the ticket back in the queue for the other item at its old place in time',
  async (t) => {
    const h = harness({ open: ['2', '3'] })
    const a = h.take('HJ-001')
    const e = h.take('CRJ-001')
    h.ok({ op: 'call', reqId: rid(), window: '2' })
    h.ok({ op: 'start', reqId: rid(), window: '2' })
    const r = h.ok({ op: 'transfer', reqId: rid(), window: '2', toItem: 'CRJ-001' })
    t.same(r, { ticket: a, window: '2', state: 'waiting', item: 'CRJ-001' })
    t.equal(h.engine.state.windows.get('2')?.current, undefined, 'window 2 is free')
    t.equal(h.engine.ahead(e), 1, `${a} is now ahead of ${e}: it came earlier`)
    t.equal(h.ok({ op: 'call', reqId: rid(), window: '3' }).ticket, a, 'same number, kept')
    t.equal(h.engine.status(a)?.category, 'CRJ-ZJ')
  },
)

t.test('a transfer is refused for unknown, not offered or the same item', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  t.equal(
    h.fails({ op: 'transfer', reqId: rid(), window: '2', toItem: 'CRJ-001' }),
    'NO_CURRENT_TICKET',
  )
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.fails({ op: 'transfer', reqId: rid(), window: '2', toItem: 'XX-1' }), 'UNKNOWN_ITEM')
  t.equal(
    h.fails({ op: 'transfer', reqId: rid(), window: '2', toItem: 'JG-001' }),
    'ITEM_NOT_OFFERED',
  )
  t.equal(h.fails({ op: 'transfer', reqId: rid(), window: '2', toItem: 'HJ-001' }), 'BAD_STATE')
})

t.test('a parked ticket waits aside and is called back later', async (t) => {
  const h = harness({ open: ['1', '2'] })
  const a = h.take('HJ-001')
  const b = h.take('HJ-001')
  const c = h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.ok({ op: 'park', reqId: rid(), window: '2' }).state, 'parked')
  t.equal(h.ok({ op: 'call', reqId: rid(), window: '2' }).ticket, b, 'the window goes on')
  t.equal(h.fails({ op: 'callback', reqId: rid(), window: '2' }), 'WINDOW_BUSY')
  h.ok({ op: 'park', reqId: rid(), window: '2' })
  t.equal(h.engine.next('1')?.ticket, c, 'parked tickets are not called as next')
  const back = h.ok({ op: 'callback', reqId: rid(), window: '2' })
  t.equal(back.ticket, a, 'without a number, the window calls back what it parked first')
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  t.equal(
    h.ok({ op: 'callback', reqId: rid(), window: '1', ticket: b }).ticket,
    b,
    'another window serving the item may call it back by number',
  )
  h.ok({ op: 'complete', reqId: rid(), window: '1' })
  t.equal(h.fails({ op: 'callback', reqId: rid(), window: '2' }), 'NO_TICKET')
  t.equal(h.fails({ op: 'callback', reqId: rid(), window: '2', ticket: c }), 'TICKET_NOT_PARKED')
  t.equal(h.fails({ op: 'callback', reqId: rid(), window: '2', ticket: 'Z999' }), 'UNKNOWN_TICKET')
})

t.test('a given waiting ticket is called out of order', async (t) => {
  const h = harness({ open: ['2', '3'] })
  const a = h.take('HJ-001')
  h.take('HJ-001')
  const c = h.take('HJ-001')
  const e = h.take('CRJ-001')
  const r = h.ok({ op: 'callTicket', reqId: rid(), window: '2', ticket: c })
  t.equal(r.ticket, c)
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  t.equal(h.engine.next('2')?.ticket, a, 'the others keep their order')
  t.equal(h.fails({ op: 'callTicket', reqId: rid(), window: '2', ticket: c }), 'TICKET_NOT_WAITING')
  t.equal(
    h.fails({ op: 'callTicket', reqId: rid(), window: '2', ticket: e }),
    'ITEM_NOT_SERVED',
    'window 2 does not do exit-entry',
  )
  t.equal(
    h.fails({ op: 'callTicket', reqId: rid(), window: '2', ticket: 'A777' }),
    'UNKNOWN_TICKET',
  )
})

t.test('cancel and hand-off close waiting tickets only', async (t) => {
  const h = harness({ open: ['2'] })
  const a = h.take('HJ-001')
  const b = h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.fails({ op: 'cancel', ticket: a, reason: 'person' }), 'BAD_STATE')
  t.equal(h.ok({ op: 'cancel', ticket: b, reason: 'person' }).state, 'cancelled')
  const c = h.take('HJ-001')
  const done = h.ok({ op: 'handoffDone', ticket: c, toSite: 'st-02', toTicket: 'A031' })
  t.equal(done.state, 'transferred')
  t.equal(h.engine.state.finished.get(c)?.toSite, 'st-02')
  t.equal(h.fails({ op: 'handoffDone', ticket: c, toSite: 'st-02', toTicket: 'A031' }), 'BAD_STATE')
})

t.test('issue serves phones, appointments and hand-offs with their channel', async (t) => {
  const h = harness()
  const r = h.ok({
    op: 'issue',
    item: 'HJ-001',
    channel: 'handoff',
    priority: 'appointment',
    handoff: { fromSite: 'hub', fromTicket: 'A100' },
  })
  const rec = h.engine.state.open.get(r.ticket)
  t.equal(rec?.channel, 'handoff')
  t.same(rec?.handoff, { fromSite: 'hub', fromTicket: 'A100' })
  t.equal(rec?.priority, 'appointment')
})
