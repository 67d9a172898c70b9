import { Type } from '@sinclair/typebox'
import t from 'tap'
import {
  DeviceRequest,
  DeviceResponse,
  EventEnvelope,
  expectValid,
  isQmsError,
  matches,
  parseJson,
  TaggedUnion,
  validate,
} from '../src/index.js'

t.test('parseJson refuses text that is not JSON with BAD_JSON', async (t) => {
  const r = parseJson(DeviceRequest, '{"reqId":"k1-1","op":')
  t.notOk(r.ok)
  t.equal(!r.ok && r.error.code, 'BAD_JSON')
})

t.test('parseJson refuses bytes that are not UTF-8 with BAD_JSON', async (t) => {
  const r = parseJson(DeviceRequest, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))
  t.equal(!r.ok && r.error.code, 'BAD_JSON')
})

t.test('parseJson refuses oversize payloads before parsing', async (t) => {
  const big = JSON.stringify({ reqId: 'k1-1', op: 'take', item: 'HJ-001', pad: 'x'.repeat(5000) })
  const r = parseJson(DeviceRequest, big, 4096)
  t.equal(!r.ok && r.error.code, 'PAYLOAD_TOO_LARGE')
  t.match(!r.ok && r.error.message, /limit is 4096/)
})

t.test('parseJson accepts raw bytes', async (t) => {
  const bytes = new TextEncoder().encode('{"reqId":"k1-1","op":"take","item":"HJ-001"}')
  const r = parseJson(DeviceRequest, bytes, 4096)
  t.ok(r.ok)
  t.equal(r.ok && r.value.op, 'take')
})

t.test('a nested tagged union names the field inside the variant', async (t) => {
  const r = validate(DeviceResponse, {
    reqId: 'c5-1',
    ok: true,
    op: 'call',
    result: { ticket: 'A001', window: '5', item: 'HJ-001', itemName: '身份证', recalls: 0 },
  })
  t.notOk(r.ok)
  t.equal(!r.ok && r.error.path, '/result/waitedMin')
})

t.test('an unknown event type is UNKNOWN_TYPE at /type', async (t) => {
  const r = validate(EventEnvelope, {
    v: 1,
    site: 'hub',
    seq: 1,
    ts: '2026-11-28T01:00:00Z',
    type: 'ticket.lost',
    data: {},
  })
  t.equal(!r.ok && r.error.code, 'UNKNOWN_TYPE')
  t.equal(!r.ok && r.error.path, '/type')
})

t.test('issues list several problems at once', async (t) => {
  const r = validate(DeviceRequest, {
    reqId: 'a b',
    op: 'rate',
    window: '5/',
    ticket: 'x',
    score: 9,
  })
  t.notOk(r.ok)
  if (!r.ok) {
    const paths = r.error.issues.map((i) => i.path)
    t.ok(
      paths.includes('/reqId') && paths.includes('/window') && paths.includes('/score'),
      paths.join(' '),
    )
  }
})

t.test('expectValid returns the value or throws a QmsError with code and path', async (t) => {
  t.same(expectValid(DeviceRequest, { reqId: 'c1', op: 'call', window: '1' }), {
    reqId: 'c1',
    op: 'call',
    window: '1',
  })
  try {
    expectValid(DeviceRequest, { reqId: 'c1', op: 'call' })
    t.fail('should throw')
  } catch (err) {
    t.ok(isQmsError(err))
    if (isQmsError(err)) {
      t.equal(err.code, 'BAD_REQUEST')
      t.equal(err.path, '/window')
      t.equal(err.status, 400)
      t.same(err.toBody(), {
        code: 'BAD_REQUEST',
        message: err.message,
        messageZh: '请求内容不正确',
        path: '/window',
      })
    }
  }
})

t.test('matches is a type guard that builds no error', async (t) => {
  t.ok(matches(DeviceRequest, { reqId: 'c1', op: 'open', window: '1', staff: 'u01' }))
  t.notOk(matches(DeviceRequest, { reqId: 'c1', op: 'open' }))
})

t.test('TaggedUnion refuses variants without a literal tag or with a repeated one', async (t) => {
  const a = Type.Object({ k: Type.Literal('a') })
  t.throws(() => TaggedUnion('k', [a, Type.Object({ k: Type.String() })]), /literal property k/)
  t.throws(() => TaggedUnion('k', [a, Type.Object({ k: Type.Literal('a') })]), /duplicate tag a/)
})

t.test('a tagged union given a non-object says so', async (t) => {
  const r = validate(EventEnvelope, 'ticket.issued')
  t.match(!r.ok && r.error.message, /expected an object/)
})
