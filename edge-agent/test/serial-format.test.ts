import type { DeviceResponse } from '@qms/protocol'
import t from 'tap'
import { MAX_LINE_BYTES } from '../src/serial/dialect.js'
import { formatError, formatPong, formatResponse } from '../src/serial/format-line.js'

const call = {
  ticket: 'A023',
  window: '5',
  item: 'HJ-001',
  itemName: '身份证申领',
  recalls: 0,
  waitedMin: 12,
}
const action = (state: string) => ({ ticket: 'A023', window: '5', state, item: 'HJ-001' })
const ok = (op: string, result: object) =>
  ({ reqId: 'sl:c5:1', ok: true, op, result }) as unknown as DeviceResponse

t.test('each caller op answers OK with what the keypad shows', async (t) => {
  const cases: Array<[DeviceResponse, string]> = [
    [ok('call', call), 'OK A023'],
    [ok('callback', call), 'OK A023'],
    [ok('callTicket', call), 'OK A023'],
    [ok('recall', { ...call, recalls: 2 }), 'OK A023 2'],
    [ok('start', action('serving')), 'OK A023 SERVING'],
    [ok('complete', action('done')), 'OK A023 DONE'],
    [ok('noshow', action('noshow')), 'OK A023 NOSHOW'],
    [ok('transfer', action('transferred')), 'OK A023 TRANSFERRED'],
    [ok('park', action('parked')), 'OK A023 PARKED'],
    [ok('pause', { window: '5', state: 'paused' }), 'OK PAUSED'],
    [ok('resume', { window: '5', state: 'idle' }), 'OK IDLE'],
    [ok('open', { window: '5', state: 'idle' }), 'OK IDLE'],
    [ok('close', { window: '5', state: 'closed' }), 'OK CLOSED'],
    [ok('presence', { window: '5', present: true }), 'OK PRESENT'],
    [ok('presence', { window: '5', present: false }), 'OK ABSENT'],
    [ok('rate', { window: '5', ticket: 'A023', score: 4 }), 'OK A023 4'],
    [ok('reprint', { ticket: 'A023', printed: 'printed' }), 'OK A023'],
  ]
  for (const [res, line] of cases) t.equal(formatResponse(res), line, line)
})

t.test('the tag goes last on every kind of answer', async (t) => {
  t.equal(formatResponse(ok('call', call), '17'), 'OK A023 #17')
  t.equal(formatPong('9'), 'PONG #9')
  t.equal(formatPong(), 'PONG')
  t.equal(
    formatError('NO_TICKET', 'Nobody is waiting.', 'x1'),
    'ERR NO_TICKET Nobody is waiting. #x1',
  )
})

t.test('a failed response is ERR with its code and an ASCII message', async (t) => {
  const res: DeviceResponse = {
    reqId: 'sl:c5:1',
    ok: false,
    op: 'call',
    error: { code: 'NO_TICKET', message: 'Nobody is waiting — 暂无等候', messageZh: '暂无等候' },
  }
  t.equal(formatResponse(res, '3'), 'ERR NO_TICKET Nobody is waiting #3')
})

t.test('a # inside a message cannot pass for a tag', async (t) => {
  t.equal(formatError('BAD_REQUEST', 'line #2 is bad'), 'ERR BAD_REQUEST line 2 is bad')
})

t.test('an empty message leaves the code alone', async (t) => {
  t.equal(formatError('INTERNAL', ''), 'ERR INTERNAL')
  t.equal(formatError('INTERNAL', '  ', '1'), 'ERR INTERNAL #1')
})

t.test('a long message is cut so the line fits, keeping code and tag', async (t) => {
  const line = formatError('BAD_REQUEST', 'word '.repeat(100), '12345678')
  t.ok(line.length <= MAX_LINE_BYTES, `${line.length} bytes`)
  t.match(line, /^ERR BAD_REQUEST word .*\.\.\. #12345678$/)
})

t.test('a code the protocol does not have is answered as INTERNAL', async (t) => {
  const res = {
    reqId: 'x',
    ok: false,
    error: { code: 'NOT_A_CODE', message: 'odd' },
  } as unknown as DeviceResponse
  t.equal(formatResponse(res), 'ERR INTERNAL odd')
})
