import t from 'tap'
import { decodeEscPos, EscPosDecoder } from '../src/printer/index.js'
import {
  bytes,
  CHINESE_ON,
  CUT,
  ESC,
  FS,
  GS,
  garbage,
  gb,
  INIT,
  LF,
  one,
  raster,
} from './printer-helpers.js'

const codes = (ticket: { warnings: { code: string }[] }) => ticket.warnings.map((w) => w.code)

t.test('unknown commands and control bytes are skipped with a warning', async (t) => {
  const ticket = one(
    bytes('a', [ESC, 0x01], 'b', [GS, 0xf0], 'c', [FS, 0x7f], 'd', 0x07, 'e', LF, CUT),
  )
  t.equal(ticket.lines[0]!.text, 'abcde')
  t.same(codes(ticket), [
    'unknown-command',
    'unknown-command',
    'unknown-command',
    'unknown-control',
  ])
  t.ok(ticket.warnings.every((w) => w.offset >= 0))
})

t.test('random bytes never throw, and the printer is sane again after ESC @', async (t) => {
  for (const seed of [1, 2, 3, 42, 0xdeadbeef]) {
    const junk = garbage(64 * 1024, seed)
    // Junk may leave a command half read (it may claim a length); close it off with end().
    t.doesNotThrow(() => decodeEscPos(junk))
    const decoder = new EscPosDecoder()
    t.doesNotThrow(() => {
      decoder.push(junk)
      decoder.end()
    })
  }
  // Junk made only of things that cannot start a long command recovers at once.
  const safeJunk = Buffer.from(
    garbage(4096, 7).map((b) => (b === 0x1b || b === 0x1d || b === 0x1c || b === 0x10 ? 0x07 : b)),
  )
  const { tickets } = decodeEscPos(bytes(safeJunk, INIT, 'recovered', LF, CUT))
  t.equal(tickets.at(-1)!.lines.at(-1)!.text, 'recovered')
})

t.test('a stream cut off mid-command keeps what printed and says it was truncated', async (t) => {
  const whole = bytes(INIT, 'before', LF, raster(['#'.repeat(64), '#'.repeat(64)]), CUT)
  const cutOff = whole.subarray(0, whole.length - 10)
  const decoder = new EscPosDecoder()
  const events = [...decoder.push(cutOff)]
  t.same(events, [], 'waits for the rest of the image')
  events.push(...decoder.end())
  const ticket = events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : []))[0]!
  t.equal(ticket.lines[0]!.text, 'before')
  t.equal(ticket.complete, false)
  t.equal(ticket.cut, null)
  t.same(codes(ticket), ['truncated', 'no-cut'])
  t.same(decoder.end(), [], 'end is idempotent')
  t.same(decoder.push(bytes('more')), [], 'nothing is taken after the end')
})

t.test('a stream cut inside a Chinese character waits, then reads it whole', async (t) => {
  const decoder = new EscPosDecoder()
  const text = gb('𠮷')
  t.same(decoder.push(bytes(CHINESE_ON, text.subarray(0, 2))), [])
  const events = [...decoder.push(bytes(text.subarray(2), LF, CUT))]
  const ticket = events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : []))[0]!
  t.equal(ticket.lines[0]!.text, '𠮷')
})

t.test('a Chinese character cut off by the end of the stream is printed as U+FFFD', async (t) => {
  const ticket = decodeEscPos(bytes(CHINESE_ON, 'a', gb('中').subarray(0, 1))).tickets[0]!
  t.equal(ticket.lines[0]!.text, 'a\uFFFD')
})

t.test('absurd lengths are not believed: the header is skipped and printing goes on', async (t) => {
  const cases: [string, Buffer][] = [
    ['GS v 0 of 65535×65535', bytes([GS, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff])],
    ['GS v 0 of zero width', bytes([GS, 0x76, 0x30, 0, 0, 0, 1, 0])],
    ['GS 8 L of 4 GiB', bytes([GS, 0x38, 0x4c, 0xff, 0xff, 0xff, 0xff])],
    ['GS ( k store of 64 KiB', bytes([GS, 0x28, 0x6b, 0xff, 0xff, 49, 80, 48])],
    ['GS ( k model of 64 KiB', bytes([GS, 0x28, 0x6b, 0xff, 0xff, 49, 65, 50])],
    ['ESC * of 65535 columns', bytes([ESC, 0x2a, 33, 0xff, 0xff])],
    ['FS ( of 64 KiB', bytes([FS, 0x28, 0x41, 0xff, 0xff])],
  ]
  for (const [name, command] of cases) {
    const ticket = one(bytes('a', LF, command, 'after', LF, CUT))
    // Parameter bytes after the header may print as text: where they end is unknowable.
    t.match(ticket.lines.at(-1)?.text, /after$/, `${name}: the text after it prints`)
    t.ok(
      ticket.warnings.some((w) => w.code === 'absurd-length' || w.code === 'bad-parameter'),
      `${name}: warned`,
    )
    t.equal(ticket.complete, true, `${name}: the cut was seen`)
  }
})

t.test('a long but believable length waits for its bytes, up to the limit', async (t) => {
  const decoder = new EscPosDecoder({ maxCommandBytes: 4096 })
  // GS ( L with 3000 bytes: held until they come.
  t.same(decoder.push(bytes([GS, 0x28, 0x4c, 3000 & 0xff, 3000 >> 8])), [])
  t.same(decoder.push(Buffer.alloc(2999)), [])
  const events = decoder.push(bytes(0, 'x', LF, CUT))
  const ticket = events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : []))[0]!
  t.equal(ticket.lines[0]!.text, 'x')
  t.ok(ticket.ignored.includes('GS ( L'))
  // Past the limit it is not believed.
  const limited = one(bytes([GS, 0x28, 0x4c, 0x00, 0x20], 'y', LF, CUT), { maxCommandBytes: 4096 })
  t.equal(limited.lines[0]!.text, 'y')
  t.equal(limited.warnings[0]?.code, 'absurd-length')
})

t.test('ESC D and GS k without their NUL within bounds are refused', async (t) => {
  const tabs = one(bytes([ESC, 0x44], Buffer.alloc(40, 8), 'x', LF, CUT))
  t.equal(tabs.warnings[0]?.code, 'bad-parameter')
  t.ok(tabs.lines.some((l) => l.text.endsWith('x')))
  const code = one(bytes([GS, 0x6b, 4], Buffer.alloc(300, 0x41), LF, CUT))
  t.equal(code.warnings[0]?.code, 'bad-parameter')
})

t.test('warnings are capped per ticket, and the cap is reported', async (t) => {
  const ticket = one(bytes(Buffer.alloc(500, 0x07), 'x', LF, CUT))
  t.equal(ticket.warnings.length, 51)
  t.match(ticket.warnings.at(-1), { code: 'too-many-warnings', message: /450 more/ })
})

t.test('chunks of every size give the same tickets', async (t) => {
  const stream = bytes(
    INIT,
    CHINESE_ON,
    gb('前面还有 3 人'),
    LF,
    raster(['#.#.#.#.#', '.#.#.#.#.']),
    [GS, 0x28, 0x6b, 7, 0, 49, 80, 48],
    'abcd',
    [GS, 0x28, 0x6b, 3, 0, 49, 81, 48],
    CUT,
    'second',
    LF,
    CUT,
  )
  const expected = decodeEscPos(stream, { now: () => 0 }).tickets
  t.equal(expected.length, 2)
  for (const size of [1, 2, 3, 5, 7, 13, 64]) {
    const decoder = new EscPosDecoder({ now: () => 0 })
    const events = []
    for (let i = 0; i < stream.length; i += size) {
      events.push(...decoder.push(stream.subarray(i, i + size)))
    }
    events.push(...decoder.end())
    t.same(
      events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : [])),
      expected,
      `chunks of ${size}`,
    )
  }
})
