import type { EventEnvelope } from '@qms/protocol'
import t from 'tap'
import { Changes } from '../src/projections/changes.js'
import { applyEvent } from '../src/projections/dispatch.js'
import { dayFigures } from '../src/projections/figures.js'
import { emptySiteState, type SiteState } from '../src/projections/state.js'
import { simCategoryOf } from './helpers/hall-events.js'

/* The appliers are pure: state and event in, new state and recorded changes out. */

const ctx = { categoryOf: simCategoryOf }
let seq = 0
const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 1, minute, 0)).toISOString()
function ev<T extends EventEnvelope['type']>(
  type: T,
  minute: number,
  data: Extract<EventEnvelope, { type: T }>['data'],
): EventEnvelope {
  return { v: 1, site: 'hub', seq: ++seq, ts: at(minute), type, data } as EventEnvelope
}
function run(events: EventEnvelope[], state: SiteState = emptySiteState('hub', 'Asia/Shanghai')) {
  const changes = new Changes()
  for (const e of events) applyEvent(state, e, changes, ctx)
  return { state, changes }
}
/** Figures of the batch's counters, as the day hash would hold them from empty. */
function figures(changes: Changes, day = '2026-11-30') {
  const hash: Record<string, string> = {}
  for (const [field, n] of changes.counters.get(day) ?? []) hash[field] = String(n)
  for (const [field, n] of changes.maxima.get(day) ?? []) hash[field] = String(n)
  return dayFigures(day, hash)
}

const issued = (ticket: string, minute: number, channel: 'kiosk' | 'staff' | 'mobile' = 'kiosk') =>
  ev('ticket.issued', minute, {
    ticket,
    item: 'HJ-001',
    category: 'HJ-SFZ',
    prefix: 'A',
    number: Number(ticket.slice(1)),
    priority: 'normal',
    channel,
    ahead: 0,
  })

t.beforeEach(() => {
  seq = 0
})

t.test(
  'a ticket issued, called, served and completed leaves the hall with its history',
  async (t) => {
    const { state, changes } = run([
      ev('window.opened', 0, { window: '5', staff: 'w05' }),
      issued('A001', 1),
      ev('ticket.called', 11, { ticket: 'A001', window: '5', item: 'HJ-001', mode: 'next' }),
      ev('ticket.started', 12, { ticket: 'A001', window: '5' }),
      ev('ticket.completed', 20, { ticket: 'A001', window: '5' }),
    ])
    t.equal(state.seq, 5)
    t.equal(state.tickets.size, 0, 'no open ticket left')
    t.same(state.windows.get('5'), { no: '5', state: 'idle', staff: 'w05', since: at(0) })
    t.equal(state.calls[0]?.ticket, 'A001')
    t.equal(state.day, '2026-11-30', 'the local day in Shanghai')
    t.equal(changes.history.length, 1)
    const h = changes.history[0]!
    t.match(h, {
      site: 'hub',
      seq: 5,
      ticket: 'A001',
      item: 'HJ-001',
      outcome: 'done',
      window: '5',
      waitSec: 600,
      handleSec: 480,
      openWindowsAtIssue: 1,
      waitingAtIssue: 0,
      hour: 9,
      weekday: 1,
    })
    const f = figures(changes)
    t.equal(f.issued, 1)
    t.equal(f.served, 1)
    t.equal(f.wait.count, 1)
    t.equal(f.wait.meanMin, 10)
    t.equal(f.handling.meanMin, 8)
    t.equal(f.selfServiceShare, 1)
  },
)

t.test('waiting tickets are tracked per item with the features known at issue', async (t) => {
  const { state } = run([
    ev('window.opened', 0, { window: '1' }),
    issued('A001', 1),
    issued('A002', 2, 'staff'),
    issued('A003', 3, 'mobile'),
  ])
  const a3 = state.tickets.get('A003')!
  t.equal(a3.state, 'waiting')
  t.equal(a3.waitingAtIssue, 2)
  t.equal(a3.waitingItemAtIssue, 2)
  t.equal(a3.channel, 'mobile')
})

t.test('self-service share counts every channel but staff', async (t) => {
  const { changes } = run([
    issued('A001', 1),
    issued('A002', 2, 'staff'),
    issued('A003', 3, 'mobile'),
    issued('A004', 4),
  ])
  t.equal(figures(changes).selfServiceShare, 0.75)
  t.same(figures(changes).byChannel, { kiosk: 2, staff: 1, mobile: 1 })
})

t.test('a no-show frees the window and counts, with no handling time', async (t) => {
  const { state, changes } = run([
    issued('A001', 1),
    ev('ticket.called', 2, { ticket: 'A001', window: '3', item: 'HJ-001', mode: 'next' }),
    ev('ticket.recalled', 4, { ticket: 'A001', window: '3', recalls: 1 }),
    ev('ticket.noshow', 6, { ticket: 'A001', window: '3' }),
  ])
  t.equal(state.windows.get('3')?.state, 'idle')
  t.equal(state.windows.get('3')?.ticket, undefined)
  const f = figures(changes)
  t.equal(f.noShow, 1)
  t.equal(f.recalled, 1)
  t.equal(f.handling.count, 0)
  t.match(changes.history[0], { outcome: 'noshow', recalls: 1, waitSec: 60 })
  t.notOk('handleSec' in changes.history[0]!)
})

t.test(
  'a transfer to another item ends the leg and puts the ticket back in the queue',
  async (t) => {
    const { state, changes } = run([
      issued('A001', 1),
      ev('ticket.called', 2, { ticket: 'A001', window: '3', item: 'HJ-001', mode: 'next' }),
      ev('ticket.started', 3, { ticket: 'A001', window: '3' }),
      ev('ticket.transferred', 5, {
        ticket: 'A001',
        window: '3',
        fromItem: 'HJ-001',
        toItem: 'HJ-020',
      }),
    ])
    const ticket = state.tickets.get('A001')!
    t.equal(ticket.state, 'waiting')
    t.equal(ticket.item, 'HJ-020')
    t.equal(ticket.category, 'HJ-JZZ', 'category from the catalogue')
    t.equal(ticket.queuedAt, at(5))
    t.equal(ticket.issuedAt, at(1), 'keeps its place in time')
    t.equal(state.windows.get('3')?.state, 'idle')
    t.match(changes.history[0], { outcome: 'transferred', item: 'HJ-001', handleSec: 120 })
    t.equal(figures(changes).transferred, 1)
  },
)

t.test('abandonment counts the cancellations where the person gave up', async (t) => {
  const { state, changes } = run([
    issued('A001', 1),
    issued('A002', 2),
    issued('A003', 3),
    ev('ticket.cancelled', 4, { ticket: 'A001', reason: 'abandoned' }),
    ev('ticket.cancelled', 5, { ticket: 'A002', reason: 'person' }),
    ev('ticket.cancelled', 6, { ticket: 'A003', reason: 'staff' }),
  ])
  t.equal(state.tickets.size, 0)
  const f = figures(changes)
  t.equal(f.cancelled, 3)
  t.equal(f.abandoned, 2)
})

t.test('ratings add to the day’s figures', async (t) => {
  const { changes } = run([
    ev('rating.given', 1, { window: '1', ticket: 'A001', score: 5 }),
    ev('rating.given', 2, { window: '1', ticket: 'A002', score: 3 }),
  ])
  const f = figures(changes)
  t.same(f.ratings, { count: 2, mean: 4, byScore: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 1 } })
})

t.test('windows pause, resume and close; the booth sensor marks presence', async (t) => {
  const { state } = run([
    ev('window.opened', 0, { window: '2' }),
    issued('A001', 1),
    ev('ticket.called', 2, { ticket: 'A001', window: '2', item: 'HJ-001', mode: 'next' }),
    ev('ticket.started', 3, { ticket: 'A001', window: '2' }),
    ev('window.paused', 4, { window: '2' }),
    ev('booth.presence', 4, { window: '2', present: true }),
  ])
  t.equal(state.windows.get('2')?.state, 'paused')
  t.equal(state.windows.get('2')?.present, true)
  run([ev('window.resumed', 5, { window: '2' })], state)
  t.equal(state.windows.get('2')?.state, 'serving', 'back to serving its ticket')
  run([ev('window.closed', 6, { window: '2' })], state)
  t.same(state.windows.get('2'), { no: '2', state: 'closed', present: true, since: at(6) })
})

t.test('devices go online and offline and report faults until cleared', async (t) => {
  const { state, changes } = run([
    ev('device.online', 0, { device: 'k1', kind: 'dispenser', fw: '1.2.0' }),
    ev('device.fault', 1, { device: 'k1', fault: 'paper-low', cleared: false }),
    ev('device.fault', 2, { device: 'k1', fault: 'paper-out', cleared: false }),
    ev('device.fault', 3, { device: 'k1', fault: 'paper-low', cleared: true }),
    ev('device.offline', 4, { device: 'c5' }),
  ])
  t.same(state.devices.get('k1'), {
    id: 'k1',
    kind: 'dispenser',
    online: true,
    fw: '1.2.0',
    since: at(0),
    faults: ['paper-out'],
  })
  t.same(state.devices.get('c5'), { id: 'c5', online: false, since: at(4), faults: [] })
  t.same([...changes.devices].sort(), ['c5', 'k1'])
})

t.test(
  'a call for a ticket the projection never saw issued is tracked without a wait figure',
  async (t) => {
    const { state, changes } = run([
      ev('ticket.called', 2, { ticket: 'B007', window: '1', item: 'HJ-010', mode: 'next' }),
      ev('ticket.completed', 9, { ticket: 'B007', window: '1' }),
    ])
    t.equal(state.tickets.size, 0)
    const f = figures(changes)
    t.equal(f.called, 1)
    t.equal(f.wait.count, 0, 'no wait: the issue was not seen')
    t.equal(f.served, 1)
    t.equal(changes.history.length, 0, 'no history entry with unknown features')
  },
)

t.test('the configuration names the windows; a snapshot replaces the open state', async (t) => {
  const { state, changes } = run([
    ev('site.config', 0, {
      name: '澄湖区公安局行政服务中心',
      kind: 'hub',
      windows: [
        { no: '1', name: '1号窗口', oneStop: true, categories: [] },
        { no: '2', name: '2号窗口', oneStop: false, categories: ['HJ-SFZ'] },
      ],
      items: ['HJ-001'],
      timezone: 'Asia/Shanghai',
      hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
      configHash: '0123456789abcdef',
    }),
    issued('A001', 1),
    ev('site.snapshot', 2, {
      day: '2026-11-30',
      tickets: [
        {
          ticket: 'A005',
          item: 'HJ-001',
          category: 'HJ-SFZ',
          priority: 'elderly',
          channel: 'kiosk',
          state: 'waiting',
          issuedAt: at(1),
        },
        {
          ticket: 'A004',
          item: 'HJ-001',
          category: 'HJ-SFZ',
          priority: 'normal',
          channel: 'kiosk',
          state: 'done',
          issuedAt: at(0),
        },
      ],
      windows: [
        { no: '2', name: '2号窗口', state: 'idle', oneStop: false, categories: ['HJ-SFZ'] },
      ],
      lastNumbers: { A: 5 },
    }),
  ])
  t.equal(state.info.name, '澄湖区公安局行政服务中心')
  t.same([...state.tickets.keys()], ['A005'], 'open tickets of the snapshot only')
  t.same([...state.windows.keys()], ['2'])
  t.ok(changes.reset, 'the stored live state is replaced')
})
