import { natsNames } from '@qms/protocol'
import t from 'tap'
import { checkEventMessage } from '../src/intake/check-message.js'

const names = natsNames()
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v))
const event = {
  v: 1,
  site: 'st-01',
  seq: 7,
  ts: '2026-11-30T01:00:00.000Z',
  type: 'window.opened',
  data: { window: '1' },
}

t.test('a well-formed event on its hall’s subject with its message id passes', async (t) => {
  const r = checkEventMessage(names, 'qms.evt.st-01', 'st-01:7', enc(event))
  t.ok(r.ok)
})

t.test('every kind of bad message is refused with its reason and code', async (t) => {
  const cases: [string, string | undefined, Uint8Array, string, string][] = [
    ['qms.cmd.st-01', 'st-01:7', enc(event), 'bad_subject', 'BAD_REQUEST'],
    ['qms.evt.st-01', 'st-01:7', enc('{"v":1,'), 'bad_json', 'BAD_JSON'],
    ['qms.evt.st-01', 'st-01:7', enc({ ...event, seq: 0 }), 'bad_schema', 'BAD_REQUEST'],
    [
      'qms.evt.st-01',
      'st-01:7',
      enc({ ...event, data: { window: 5 } }),
      'bad_schema',
      'BAD_REQUEST',
    ],
    [
      'qms.evt.st-01',
      'st-01:7',
      enc({ ...event, type: 'ticket.teleported' }),
      'unknown_type',
      'UNKNOWN_TYPE',
    ],
    [
      'qms.evt.st-01',
      'st-02:7',
      enc({ ...event, site: 'st-02' }),
      'site_mismatch',
      'SITE_MISMATCH',
    ],
    ['qms.evt.st-01', 'st-01:8', enc(event), 'msg_id', 'BAD_REQUEST'],
    ['qms.evt.st-01', 'st-02:7', enc(event), 'msg_id', 'BAD_REQUEST'],
    ['qms.evt.st-01', undefined, enc(event), 'msg_id', 'BAD_REQUEST'],
  ]
  for (const [subject, id, data, reason, code] of cases) {
    const r = checkEventMessage(names, subject, id, data)
    t.notOk(r.ok, `${reason} refused`)
    if (!r.ok) {
      t.equal(r.rejection.reason, reason)
      t.equal(r.rejection.code, code)
      t.ok(r.rejection.message.length > 0)
    }
  }
})

t.test('an oversize message is refused before it is parsed', async (t) => {
  const r = checkEventMessage(names, 'qms.evt.st-01', 'st-01:7', enc(event), 10)
  t.match(r, { ok: false, rejection: { reason: 'too_large', code: 'PAYLOAD_TOO_LARGE' } })
})
