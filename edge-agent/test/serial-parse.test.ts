import { DeviceRequest, matches } from '@qms/protocol'
import t from 'tap'
import { MAX_LINE_BYTES, VERBS } from '../src/serial/dialect.js'
import { type ParsedLine, parseLine } from '../src/serial/parse-line.js'

const request = (line: string, window = '5') => {
  const parsed = parseLine(line, window)
  if (parsed.kind !== 'request') throw new Error(`not a request: ${JSON.stringify(parsed)}`)
  return parsed
}
const invalid = (line: string, window = '5') => {
  const parsed = parseLine(line, window)
  if (parsed.kind !== 'invalid') throw new Error(`not invalid: ${JSON.stringify(parsed)}`)
  return parsed
}

t.test('every verb becomes the caller request of the same op', async (t) => {
  const cases: Array<[string, object]> = [
    ['CALL 5', { op: 'call', window: '5' }],
    ['RECALL 5', { op: 'recall', window: '5' }],
    ['START 5', { op: 'start', window: '5' }],
    ['COMPLETE 5', { op: 'complete', window: '5' }],
    ['NOSHOW 5', { op: 'noshow', window: '5' }],
    ['TRANSFER 5 CR-002', { op: 'transfer', window: '5', toItem: 'CR-002' }],
    ['PARK 5', { op: 'park', window: '5' }],
    ['CALLBACK 5', { op: 'callback', window: '5' }],
    ['CALLBACK 5 A023', { op: 'callback', window: '5', ticket: 'A023' }],
    ['CALLTICKET 5 B1024', { op: 'callTicket', window: '5', ticket: 'B1024' }],
    ['PAUSE 5', { op: 'pause', window: '5' }],
    ['RESUME 5', { op: 'resume', window: '5' }],
    ['OPEN 5', { op: 'open', window: '5' }],
    ['OPEN 5 zhang_3', { op: 'open', window: '5', staff: 'zhang_3' }],
    ['CLOSE 5', { op: 'close', window: '5' }],
  ]
  const seen = new Set<string>()
  for (const [line, command] of cases) {
    const parsed = request(line)
    t.same(parsed.command, command, line)
    t.equal(parsed.tag, undefined, `${line}: no tag`)
    // With a reqId it is a request the protocol accepts as it is.
    t.ok(matches(DeviceRequest, { ...parsed.command, reqId: 'sl:c5:1' }), `${line}: valid`)
    seen.add(parsed.command.op)
  }
  t.same(
    [...seen].sort(),
    Object.values(VERBS)
      .map((v) => v.op)
      .sort(),
    'the cases cover every verb',
  )
})

t.test('a tag is read off the end and kept apart from the request', async (t) => {
  const parsed = request('CALL 5 #17')
  t.same(parsed.command, { op: 'call', window: '5' })
  t.equal(parsed.tag, '17')
  t.equal(request('TRANSFER 5 CR-002 #a9Z').tag, 'a9Z')
  t.equal(request('CALL 5 #12345678').tag, '12345678', 'eight characters is the longest tag')
  t.same(parseLine('PING #3', '5'), { kind: 'ping', tag: '3' })
  t.same(parseLine('PING', '5'), { kind: 'ping' })
})

t.test('spelling does not matter: case, tabs and spaces give one key', async (t) => {
  const a = request('CALLBACK 5 A023 #1')
  const b = request('  callback\t5   a023  #1 ')
  t.same(b.command, a.command)
  t.equal(b.key, a.key)
  t.equal(a.key, 'CALLBACK 5 A023')
  t.not(request('CALLBACK 5 A024').key, a.key, 'another ticket is another request')
  t.equal(request('transfer 5 cr-002').command.op, 'transfer')
  t.same(request('transfer 5 cr-002').command, { op: 'transfer', window: '5', toItem: 'CR-002' })
})

t.test('the window is compared without case and sent as the hall spells it', async (t) => {
  t.same(request('CALL a3', 'A3').command, { op: 'call', window: 'A3' })
  const wrong = invalid('CALL 6 #4')
  t.equal(wrong.code, 'WRONG_WINDOW')
  t.equal(wrong.tag, '4', 'the answer still carries the tag')
  t.match(wrong.message, /window 5, not 6/)
})

t.test('lines of nothing but spaces are empty, not errors', async (t) => {
  for (const line of ['', ' ', '\t \t']) t.same(parseLine(line, '5'), { kind: 'empty' })
})

t.test('bad lines get a code and never throw', async (t) => {
  const cases: Array<[string, ParsedLine['kind'], string?, string?]> = [
    ['FOO 5', 'invalid', 'UNKNOWN_OP'],
    ['TAKE HJ-001 #2', 'invalid', 'UNKNOWN_OP', '2'],
    ['RATE 5 A023 5', 'invalid', 'UNKNOWN_OP'],
    ['toString 5', 'invalid', 'UNKNOWN_OP'],
    ['__proto__ 5', 'invalid', 'UNKNOWN_OP'],
    ['CALL', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 6', 'invalid', 'BAD_REQUEST'],
    ['TRANSFER 5', 'invalid', 'BAD_REQUEST'],
    ['TRANSFER 5 CR-002 X', 'invalid', 'BAD_REQUEST'],
    ['TRANSFER 5 cr_002', 'invalid', 'BAD_REQUEST'],
    ['CALLTICKET 5', 'invalid', 'BAD_REQUEST'],
    ['CALLTICKET 5 123', 'invalid', 'BAD_REQUEST'],
    ['CALLBACK 5 A2', 'invalid', 'BAD_REQUEST'],
    ['OPEN 5 li.si', 'invalid', 'BAD_REQUEST'],
    ['CALL 5!', 'invalid', 'BAD_REQUEST'],
    ['CALL 123456789', 'invalid', 'BAD_REQUEST'],
    ['PING 5', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 #', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 #123456789', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 #a-b', 'invalid', 'BAD_REQUEST'],
    ['#17', 'invalid', 'BAD_REQUEST', '17'],
    ['CALL #17 5', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 #1 #2', 'invalid', 'BAD_REQUEST', '2'],
    ['CALL 5\u0000', 'invalid', 'BAD_REQUEST'],
    ['CALL 5\u001b[A', 'invalid', 'BAD_REQUEST'],
    ['CALL 5 \u00ff', 'invalid', 'BAD_REQUEST'],
    ['叫号 5', 'invalid', 'BAD_REQUEST'],
  ]
  for (const [line, kind, code, tag] of cases) {
    const parsed = parseLine(line, '5')
    t.equal(parsed.kind, kind, JSON.stringify(line))
    if (parsed.kind === 'invalid') {
      t.equal(parsed.code, code, `${JSON.stringify(line)}: ${parsed.message}`)
      t.equal(parsed.tag, tag, `${JSON.stringify(line)}: tag`)
      t.ok(parsed.message.length > 0 && parsed.message.length < 80, 'a short message')
    }
  }
})

t.test('the byte that is not ASCII is named with its column', async (t) => {
  t.match(invalid('CALL\u00805').message, /0x80 at column 5/)
  t.match(invalid('\u0000').message, /0x00 at column 1/)
})

t.test('a line over the limit is PAYLOAD_TOO_LARGE; one at the limit is read', async (t) => {
  const filler = ' '.repeat(MAX_LINE_BYTES - 'CALL 5'.length)
  t.equal(request(`CALL 5${filler}`).command.op, 'call')
  const over = invalid(`CALL 5${filler} `)
  t.equal(over.code, 'PAYLOAD_TOO_LARGE')
  t.equal(over.tag, undefined, 'an overlong line is not trusted for a tag')
  t.equal(invalid('x'.repeat(10_240)).code, 'PAYLOAD_TOO_LARGE')
})

t.test('unknown verbs are quoted short in the message', async (t) => {
  const parsed = invalid(`${'Z'.repeat(40)} 5`)
  t.equal(parsed.code, 'UNKNOWN_OP')
  t.match(parsed.message, /^unknown verb Z{16}\.\.\.$/)
})
