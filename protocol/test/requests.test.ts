import t, { type Test } from 'tap'
import {
  DEVICE_OPS,
  DeviceRequest,
  MAX_DEVICE_PAYLOAD_BYTES,
  parseJson,
  validate,
} from '../src/index.js'

// The examples of the MQTT contract in DESIGN.md, verbatim.
const designExamples = [
  '{"reqId":"k1-0001","op":"take","item":"HJ-001","priority":"normal"}',
  '{"reqId":"c5-0001","op":"call","window":"5"}',
  '{"reqId":"c5-0002","op":"recall","window":"5"}',
  '{"reqId":"c5-0003","op":"start","window":"5"}',
  '{"reqId":"c5-0004","op":"complete","window":"5"}',
  '{"reqId":"c5-0005","op":"noshow","window":"5"}',
  '{"reqId":"c5-0006","op":"transfer","window":"5","toItem":"CR-002"}',
  '{"reqId":"c5-0007","op":"pause","window":"5"}',
  '{"reqId":"c5-0008","op":"resume","window":"5"}',
  '{"reqId":"c5-0009","op":"open","window":"5"}',
  '{"reqId":"c5-0010","op":"close","window":"5"}',
  '{"reqId":"s5-0001","op":"presence","window":"5","present":true}',
  '{"reqId":"e5-0001","op":"rate","window":"5","ticket":"A023","score":5}',
]

t.test('accepts every request example of the contract', async (t) => {
  for (const text of designExamples) {
    const result = parseJson(DeviceRequest, text, MAX_DEVICE_PAYLOAD_BYTES)
    t.ok(result.ok, text)
  }
})

t.test('accepts park, callback and callTicket', async (t) => {
  t.ok(validate(DeviceRequest, { reqId: 'c5-1', op: 'park', window: '5' }).ok)
  t.ok(validate(DeviceRequest, { reqId: 'c5-2', op: 'callback', window: '5' }).ok)
  t.ok(validate(DeviceRequest, { reqId: 'c5-3', op: 'callback', window: '5', ticket: 'A007' }).ok)
  t.ok(validate(DeviceRequest, { reqId: 'c5-4', op: 'callTicket', window: '5', ticket: 'B112' }).ok)
})

t.test('lists every op once', async (t) => {
  t.same([...DEVICE_OPS].sort(), [
    'call',
    'callTicket',
    'callback',
    'close',
    'complete',
    'noshow',
    'open',
    'park',
    'pause',
    'presence',
    'rate',
    'recall',
    'reprint',
    'resume',
    'start',
    'take',
    'transfer',
  ])
})

function rejects(t: Test, value: unknown, code: string, path: string) {
  const result = validate(DeviceRequest, value)
  t.notOk(result.ok, `${JSON.stringify(value)} is refused`)
  if (!result.ok) {
    t.equal(result.error.code, code, 'code')
    t.equal(result.error.path, path, 'path')
    t.match(result.error.message, path.length > 0 ? path : 'payload', 'message names the field')
  }
}

t.test('an unknown op is UNKNOWN_OP at /op, naming the known ones', async (t) => {
  rejects(t, { reqId: 'x1', op: 'teleport', window: '5' }, 'UNKNOWN_OP', '/op')
  const r = validate(DeviceRequest, { reqId: 'x1', op: 'teleport' })
  t.match(!r.ok && r.error.message, /one of: take, call/)
})

t.test('a missing op is BAD_REQUEST at /op', async (t) => {
  rejects(t, { reqId: 'x1', window: '5' }, 'BAD_REQUEST', '/op')
})

t.test('a missing field is named', async (t) => {
  rejects(t, { reqId: 'x1', op: 'call' }, 'BAD_REQUEST', '/window')
  rejects(t, { op: 'call', window: '5' }, 'BAD_REQUEST', '/reqId')
  rejects(t, { reqId: 'x1', op: 'transfer', window: '5' }, 'BAD_REQUEST', '/toItem')
})

t.test('wrong types are named', async (t) => {
  rejects(t, { reqId: 'x1', op: 'call', window: 5 }, 'BAD_REQUEST', '/window')
  rejects(
    t,
    { reqId: 'x1', op: 'presence', window: '5', present: 'yes' },
    'BAD_REQUEST',
    '/present',
  )
  rejects(
    t,
    { reqId: 'x1', op: 'rate', window: '5', ticket: 'A023', score: 6 },
    'BAD_REQUEST',
    '/score',
  )
  rejects(
    t,
    { reqId: 'x1', op: 'rate', window: '5', ticket: 'A023', score: 4.5 },
    'BAD_REQUEST',
    '/score',
  )
  rejects(
    t,
    { reqId: 'x1', op: 'take', item: 'HJ-001', priority: 'vip' },
    'BAD_REQUEST',
    '/priority',
  )
})

t.test('unknown properties are refused', async (t) => {
  rejects(t, { reqId: 'x1', op: 'call', window: '5', force: true }, 'BAD_REQUEST', '/force')
})

t.test('oversize strings are refused', async (t) => {
  rejects(t, { reqId: 'x'.repeat(81), op: 'call', window: '5' }, 'BAD_REQUEST', '/reqId')
  rejects(t, { reqId: 'x1', op: 'call', window: '123456789' }, 'BAD_REQUEST', '/window')
  rejects(t, { reqId: 'x1', op: 'take', item: 'HJ-0000000000000001' }, 'BAD_REQUEST', '/item')
})

t.test('ids carrying topic separators or wildcards are refused', async (t) => {
  for (const bad of ['5/6', '5+', '#', '5#', '+', '5.1', '5 ', '']) {
    rejects(t, { reqId: 'x1', op: 'call', window: bad }, 'BAD_REQUEST', '/window')
  }
  for (const bad of ['k1/x', 'k+', 'k#', 'a b']) {
    rejects(t, { reqId: bad, op: 'call', window: '5' }, 'BAD_REQUEST', '/reqId')
  }
  rejects(t, { reqId: 'x1', op: 'take', item: 'HJ/001' }, 'BAD_REQUEST', '/item')
  rejects(
    t,
    { reqId: 'x1', op: 'callTicket', window: '5', ticket: 'A+23' },
    'BAD_REQUEST',
    '/ticket',
  )
})

t.test('non-objects are refused', async (t) => {
  for (const value of [null, 42, 'take', [], true]) {
    const r = validate(DeviceRequest, value)
    t.notOk(r.ok)
    t.equal(!r.ok && r.error.code, 'BAD_REQUEST')
  }
})
