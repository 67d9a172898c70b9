import t from 'tap'
import {
  CloudCommand,
  DeviceStatus,
  EVENT_TYPES,
  EventEnvelope,
  HallSnapshot,
  parseJson,
  validate,
} from '../src/index.js'

const ts = '2026-11-28T01:30:00.000Z'

t.test('the envelope example of the NATS contract is valid with its data', async (t) => {
  const r = validate(EventEnvelope, {
    v: 1,
    site: 'hub',
    seq: 42,
    ts,
    type: 'ticket.issued',
    data: {
      ticket: 'A023',
      item: 'HJ-001',
      category: 'HJ-SFZ',
      prefix: 'A',
      number: 23,
      priority: 'normal',
      channel: 'kiosk',
      ahead: 4,
      waitMin: 12.5,
      device: 'k1',
      reqId: 'k1-0001',
    },
  })
  t.ok(r.ok, r.ok ? '' : r.error.message)
})

t.test('every event type of DESIGN.md exists', async (t) => {
  for (const type of [
    'ticket.issued',
    'ticket.called',
    'ticket.recalled',
    'ticket.started',
    'ticket.completed',
    'ticket.noshow',
    'ticket.transferred',
    'ticket.cancelled',
    'window.opened',
    'window.paused',
    'window.resumed',
    'window.closed',
    'booth.presence',
    'rating.given',
    'device.online',
    'device.offline',
    'device.fault',
    'site.snapshot',
  ]) {
    t.ok(EVENT_TYPES.includes(type as (typeof EVENT_TYPES)[number]), type)
  }
})

t.test('seq must be a positive integer', async (t) => {
  for (const seq of [0, -1, 1.5, '3']) {
    const r = validate(EventEnvelope, {
      v: 1,
      site: 'hub',
      seq,
      ts,
      type: 'window.opened',
      data: { window: '5' },
    })
    t.equal(!r.ok && r.error.path, '/seq', String(seq))
  }
})

t.test('a wrong data shape is named inside data', async (t) => {
  const r = validate(EventEnvelope, {
    v: 1,
    site: 'hub',
    seq: 1,
    ts,
    type: 'rating.given',
    data: { window: '5', ticket: 'A001', score: 0 },
  })
  t.equal(!r.ok && r.error.path, '/data/score')
})

t.test('a site id that is not safe in a subject is refused', async (t) => {
  for (const site of ['hub.x', 'hub*', 'hub>', 'Hub', 'a/b']) {
    const r = validate(EventEnvelope, {
      v: 1,
      site,
      seq: 1,
      ts,
      type: 'window.opened',
      data: { window: '5' },
    })
    t.equal(!r.ok && r.error.path, '/site', site)
  }
})

t.test('a timestamp must be an ISO instant', async (t) => {
  const r = validate(EventEnvelope, {
    v: 1,
    site: 'hub',
    seq: 1,
    ts: 'yesterday',
    type: 'window.opened',
    data: { window: '5' },
  })
  t.equal(!r.ok && r.error.path, '/ts')
})

t.test('device status and its last will', async (t) => {
  t.ok(parseJson(DeviceStatus, '{"online":true,"kind":"dispenser","fw":"1.0.0"}').ok)
  t.ok(parseJson(DeviceStatus, '{"online":false}').ok)
  t.notOk(parseJson(DeviceStatus, '{"online":"yes"}').ok)
  t.notOk(parseJson(DeviceStatus, '{"online":true,"kind":"toaster"}').ok)
})

t.test('a cloud command carries an expiry', async (t) => {
  const base = {
    v: 1,
    id: 'c-1',
    site: 'st-01',
    ts,
    type: 'notice',
    data: { window: '2', text: '请注意：2号窗口等候较多' },
  }
  t.ok(validate(CloudCommand, { ...base, expiresAt: ts }).ok)
  const r = validate(CloudCommand, base)
  t.equal(!r.ok && r.error.path, '/expiresAt')
})

t.test('a hall snapshot validates', async (t) => {
  const r = validate(HallSnapshot, {
    v: 1,
    site: 'hub',
    name: '行政服务中心',
    ts,
    day: '2026-11-28',
    seq: 10,
    open: true,
    calls: [{ ticket: 'A023', window: '5', item: 'HJ-001', at: ts, recalls: 0 }],
    windows: [
      {
        no: '5',
        name: '5号窗口',
        state: 'calling',
        ticket: 'A023',
        oneStop: false,
        categories: ['HJ-SFZ'],
      },
    ],
    queues: [
      { category: 'HJ-SFZ', prefix: 'A', name: '身份证', waiting: 3, wait: { minutes: 12 } },
    ],
    guidance: [
      {
        kind: 'online',
        item: 'HJ-010',
        text: '户籍证明可掌上办理',
        url: 'https://zhangban.example.gov.cn/item/HJ-010',
      },
    ],
    link: { connected: false, behindEvents: 12, behindSec: 30 },
  })
  t.ok(r.ok, r.ok ? '' : r.error.message)
})
