import t from 'tap'
import { localDayOf, nextLocalMidnight, startOfLocalDay } from '../../src/queue/index.js'
import { harness, rid } from '../fixtures/engine.js'
import { MONDAY_9AM } from '../fixtures/hall.js'

t.test('tickets are numbered per prefix: A001, A002, B001, E001', async (t) => {
  const h = harness()
  t.same(
    [h.take('HJ-001'), h.take('HJ-002'), h.take('HJ-010'), h.take('CRJ-001'), h.take('HJ-001')],
    ['A001', 'A002', 'B001', 'E001', 'A003'],
  )
})

t.test('the hall-local day follows Asia/Shanghai, not UTC', async (t) => {
  const tz = 'Asia/Shanghai'
  // 15:59:59 UTC is 23:59:59 in Shanghai; 16:00 UTC is the next local day.
  t.equal(localDayOf(tz, Date.UTC(2026, 0, 5, 15, 59, 59)), '2026-01-05')
  t.equal(localDayOf(tz, Date.UTC(2026, 0, 5, 16, 0, 0)), '2026-01-06')
  t.equal(startOfLocalDay(tz, '2026-01-06'), Date.UTC(2026, 0, 5, 16, 0, 0))
  t.equal(nextLocalMidnight(tz, MONDAY_9AM), Date.UTC(2026, 0, 5, 16, 0, 0))
  // A zone with daylight saving: the day still starts at local midnight.
  t.equal(startOfLocalDay('Europe/Berlin', '2026-07-01'), Date.UTC(2026, 5, 30, 22, 0, 0))
  t.equal(startOfLocalDay('Europe/Berlin', '2026-01-01'), Date.UTC(2025, 11, 31, 23, 0, 0))
})

t.test('numbering restarts at local midnight and the day before is closed', async (t) => {
  const h = harness({ open: ['2'] })
  h.take('HJ-001')
  h.take('HJ-001')
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  t.equal(h.engine.state.day, '2026-01-05')

  // 23:59 local: still Monday.
  h.clock.set(Date.UTC(2026, 0, 5, 15, 59, 0))
  t.equal(h.take('HJ-001'), 'A003')

  // 00:00:30 local Tuesday: the first take of the day is A001 again.
  h.clock.set(Date.UTC(2026, 0, 5, 16, 0, 30))
  const d = h.engine.execute({ op: 'take', reqId: rid(), item: 'HJ-001' })
  t.ok(d.ok)
  if (!d.ok) return
  t.equal(d.result.ticket, 'A001')
  t.same(
    d.events.map((e) => e.type),
    ['ticket.cancelled', 'ticket.cancelled', 'ticket.cancelled', 'site.snapshot', 'ticket.issued'],
    'the three open tickets of Monday are cancelled before the day starts',
  )
  for (const e of d.events.slice(0, 3)) t.match(e.data, { reason: 'dayEnd' })
  t.match(d.events[3]!.data, { day: '2026-01-06', tickets: [], lastNumbers: {} })
  t.equal(h.engine.state.day, '2026-01-06')
  t.equal(h.engine.state.windows.get('2')?.current, undefined, 'window 2 is free again')
  t.equal(h.engine.state.windows.get('2')?.open, true, 'window 2 stays open')
  t.equal(h.engine.status('A002'), undefined, "Monday's A002 is not today's")
})

t.test('a rollover request starts the day once and then does nothing', async (t) => {
  const h = harness()
  h.take('HJ-001')
  h.clock.set(Date.UTC(2026, 0, 6, 1, 0, 0))
  const first = h.engine.execute({ op: 'rollover' })
  t.ok(first.ok)
  if (first.ok) t.same(first.result, { day: '2026-01-06', cancelled: 1 })
  const again = h.engine.execute({ op: 'rollover' })
  t.ok(again.ok)
  if (again.ok) t.same(again.events, [])
})

t.test('a clock stepping back over midnight never rolls the day back', async (t) => {
  const h = harness()
  h.clock.set(Date.UTC(2026, 0, 5, 16, 0, 1))
  t.equal(h.take('HJ-001'), 'A001')
  const d = h.engine.execute(
    { op: 'take', reqId: rid(), item: 'HJ-001' },
    { now: Date.UTC(2026, 0, 5, 15, 59, 0) },
  )
  t.ok(d.ok)
  if (d.ok) t.equal(d.result.ticket, 'A002', 'numbers go on; nothing is reused')
})

t.test('a new engine on an empty state starts its first day with a site.snapshot', async (t) => {
  const h = harness()
  const fresh = h.engine.clone()
  fresh.state.day = ''
  const d = fresh.decide({ op: 'take', reqId: rid(), item: 'HJ-001' })
  t.ok(d.ok)
  if (d.ok)
    t.same(
      d.events.map((e) => e.type),
      ['site.snapshot', 'ticket.issued'],
    )
})

t.test('numbers run out at 9999 per prefix and day', async (t) => {
  const h = harness()
  h.engine.apply([
    {
      type: 'ticket.issued',
      data: {
        ticket: 'A9999',
        item: 'HJ-001',
        category: 'HJ-SFZ',
        prefix: 'A',
        number: 9999,
        priority: 'normal',
        channel: 'kiosk',
        ahead: 0,
      },
    },
  ])
  t.equal(h.fails({ op: 'take', reqId: rid(), item: 'HJ-002' }), 'NUMBERS_EXHAUSTED')
  t.equal(h.take('HJ-010'), 'B001', 'other prefixes go on')
})

t.test('one open ticket per person and item', async (t) => {
  const h = harness({ open: ['2'] })
  const first = h.ok({ op: 'take', reqId: rid(), item: 'HJ-001', personId: '330100199001011234' })
  t.equal(
    h.fails({ op: 'take', reqId: rid(), item: 'HJ-001', personId: '330100199001011234' }),
    'DUPLICATE_TICKET',
  )
  t.ok(h.ok({ op: 'take', reqId: rid(), item: 'HJ-010', personId: '330100199001011234' }))
  h.ok({ op: 'call', reqId: rid(), window: '2' })
  h.ok({ op: 'complete', reqId: rid(), window: '2' })
  const again = h.ok({ op: 'take', reqId: rid(), item: 'HJ-001', personId: '330100199001011234' })
  t.not(again.ticket, first.ticket, 'once the first is done, the person may take another')
  const issued = h.engine.state.open.get(again.ticket)
  t.match(issued?.personKey, /^[0-9a-f]{16,64}$/)
  t.not(issued?.personKey, '330100199001011234', 'the id itself is never kept')
})

t.test('unknown and not offered items are refused', async (t) => {
  const h = harness()
  t.equal(h.fails({ op: 'take', reqId: rid(), item: 'XX-999' }), 'UNKNOWN_ITEM')
  t.equal(h.fails({ op: 'take', reqId: rid(), item: 'JG-001' }), 'ITEM_NOT_OFFERED')
})

t.test('outside opening hours a take is refused only when hours are enforced', async (t) => {
  const h = harness({ enforceHours: true })
  h.clock.set(Date.UTC(2026, 0, 5, 12, 0, 0)) // 20:00 local
  t.equal(h.fails({ op: 'take', reqId: rid(), item: 'HJ-001' }), 'HALL_CLOSED')
  const lax = harness()
  lax.clock.set(Date.UTC(2026, 0, 5, 12, 0, 0))
  t.equal(lax.take('HJ-001'), 'A001')
})

t.test('a take of a 掌办 item carries the online guidance', async (t) => {
  const h = harness()
  const r = h.ok({ op: 'take', reqId: rid(), item: 'CRJ-001' })
  t.match(r.guidance, [{ kind: 'online', url: 'https://zhangban.example.gov.cn/item/CRJ-001' }])
  t.same(h.ok({ op: 'take', reqId: rid(), item: 'HJ-001' }).guidance, [])
})
