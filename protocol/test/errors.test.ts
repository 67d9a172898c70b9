import { readFileSync } from 'node:fs'
import t from 'tap'
import { ERROR_CODE_LIST, ERROR_CODES, isErrorCode, QmsError } from '../src/index.js'

// Codes firmware and clients already match on. The list only grows: append new codes at the end.
const PUBLISHED = [
  'BAD_JSON',
  'BAD_REQUEST',
  'UNKNOWN_OP',
  'UNKNOWN_TYPE',
  'PAYLOAD_TOO_LARGE',
  'BAD_CREDENTIALS',
  'FORBIDDEN_TOPIC',
  'DEVICE_NOT_ALLOWED',
  'WRONG_WINDOW',
  'UNKNOWN_ITEM',
  'ITEM_NOT_OFFERED',
  'UNKNOWN_WINDOW',
  'WINDOW_CLOSED',
  'WINDOW_PAUSED',
  'WINDOW_BUSY',
  'ITEM_NOT_SERVED',
  'NO_TICKET',
  'NO_CURRENT_TICKET',
  'BAD_STATE',
  'RECALL_LIMIT',
  'UNKNOWN_TICKET',
  'TICKET_NOT_WAITING',
  'TICKET_NOT_PARKED',
  'DUPLICATE_TICKET',
  'HALL_CLOSED',
  'NUMBERS_EXHAUSTED',
  'RATING_NOT_ALLOWED',
  'COMMAND_EXPIRED',
  'SITE_MISMATCH',
  'SEQ_FROM_FUTURE',
  'UNAVAILABLE',
  'TIMEOUT',
  'CONFIG_INVALID',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CSRF',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL',
]

t.test('published codes are never removed, renamed or reordered', async (t) => {
  t.same(ERROR_CODE_LIST.slice(0, PUBLISHED.length), PUBLISHED)
})

t.test(
  'every code is documented in the README with its HTTP status, and nothing else is',
  async (t) => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ])
    t.same(
      documented,
      ERROR_CODE_LIST.map((c) => [c, ERROR_CODES[c].status]),
    )
  },
)

t.test('every code has English and Chinese wording', async (t) => {
  for (const code of ERROR_CODE_LIST) {
    t.ok(ERROR_CODES[code].en.length > 0 && /[\u4e00-\u9fff]/.test(ERROR_CODES[code].zh), code)
  }
})

t.test('QmsError carries its code, default message and cause', async (t) => {
  const cause = new Error('socket closed')
  const err = new QmsError('UNAVAILABLE', undefined, { cause })
  t.equal(err.code, 'UNAVAILABLE')
  t.equal(err.status, 503)
  t.equal(err.message, ERROR_CODES.UNAVAILABLE.en)
  t.equal(err.cause, cause)
  t.same(err.toBody(), {
    code: 'UNAVAILABLE',
    message: err.message,
    messageZh: '服务点暂时无法连接',
  })
  t.ok(isErrorCode('NO_TICKET'))
  t.notOk(isErrorCode('toString'))
  t.notOk(isErrorCode(42))
})
