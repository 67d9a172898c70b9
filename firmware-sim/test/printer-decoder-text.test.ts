import t from 'tap'
import { decodeEscPos, EscPosDecoder } from '../src/printer/index.js'
import {
  bytes,
  CHINESE_OFF,
  CHINESE_ON,
  CUT,
  ESC,
  FS,
  GS,
  gb,
  INIT,
  LF,
  one,
} from './printer-helpers.js'

t.test('ASCII text and LF make a line; CR is ignored; a bare LF is a blank line', async (t) => {
  const ticket = one(bytes(INIT, 'Hello\r', LF, LF, 'World', LF, CUT))
  t.same(
    ticket.lines.map((l) => l.text),
    ['Hello', '', 'World'],
  )
  t.equal(ticket.lines[0]!.widthDots, 5 * 12, 'font A is 12 dots a character')
  t.equal(ticket.cut, 'full')
  t.equal(ticket.complete, true)
  t.same(ticket.warnings, [])
})

t.test('ESC @ resets every mode and drops text not yet printed', async (t) => {
  const ticket = one(
    bytes([ESC, 0x45, 1], [GS, 0x21, 0x11], [ESC, 0x61, 1], 'lost', INIT, 'kept', LF, CUT),
  )
  t.equal(ticket.lines.length, 1)
  const line = ticket.lines[0]!
  t.equal(line.text, 'kept')
  t.equal(line.align, 'left')
  t.match(line.runs[0], { bold: false, width: 1, height: 1 })
})

t.test('ESC ! sets font B, emphasis, double height and width, underline', async (t) => {
  const ticket = one(bytes([ESC, 0x21, 0x01 | 0x08 | 0x10 | 0x20 | 0x80], 'x', LF, CUT))
  t.match(ticket.lines[0]!.runs[0], {
    font: 'B',
    bold: true,
    height: 2,
    width: 2,
    underline: 1,
  })
  t.equal(ticket.lines[0]!.widthDots, 9 * 2, 'font B is 9 dots, doubled')
})

t.test('GS ! puts the width in the high nibble and the height in the low one', async (t) => {
  const ticket = one(
    bytes([GS, 0x21, 0x10], 'w', LF, [GS, 0x21, 0x01], 'h', LF, [GS, 0x21, 0x77], 'big', LF, CUT),
  )
  t.match(ticket.lines[0]!.runs[0], { width: 2, height: 1 })
  t.match(ticket.lines[1]!.runs[0], { width: 1, height: 2 })
  t.match(ticket.lines[2]!.runs[0], { width: 8, height: 8 })
  t.equal(ticket.lines[2]!.height, 8)
})

t.test('GS ! with reserved bits set is refused with a warning', async (t) => {
  const ticket = one(bytes([GS, 0x21, 0x88], 'x', LF, CUT))
  t.match(ticket.lines[0]!.runs[0], { width: 1, height: 1 })
  t.equal(ticket.warnings[0]?.code, 'bad-parameter')
})

t.test('ESC E, ESC G, ESC -, GS B switch emphasis, underline and inversion', async (t) => {
  const ticket = one(
    bytes(
      [ESC, 0x45, 1],
      'b',
      [ESC, 0x45, 0],
      [ESC, 0x47, 0x31],
      'g',
      [ESC, 0x47, 0],
      [ESC, 0x2d, 2],
      'u',
      [ESC, 0x2d, 0x30],
      [GS, 0x42, 1],
      'i',
      LF,
      CUT,
    ),
  )
  const runs = ticket.lines[0]!.runs
  t.same(
    runs.map((r) => [r.text, r.bold, r.underline, r.invert]),
    [
      ['bg', true, 0, false],
      ['u', false, 2, false],
      ['i', false, 0, true],
    ],
  )
})

t.test('ESC - with a value out of range warns and changes nothing', async (t) => {
  const ticket = one(bytes([ESC, 0x2d, 7], 'x', LF, CUT))
  t.equal(ticket.lines[0]!.runs[0]!.underline, 0)
  t.equal(ticket.warnings[0]?.code, 'bad-parameter')
})

t.test('ESC a aligns a line by the setting in force when the line starts', async (t) => {
  const ticket = one(
    bytes(
      [ESC, 0x61, 1],
      'c',
      LF,
      [ESC, 0x61, 0x32],
      'r',
      [ESC, 0x61, 0],
      'still right',
      LF,
      'l',
      LF,
      CUT,
    ),
  )
  t.same(
    ticket.lines.map((l) => [l.text, l.align]),
    [
      ['c', 'center'],
      ['rstill right', 'right'],
      ['l', 'left'],
    ],
  )
})

t.test('Chinese mode reads GB2312, GBK and four-byte GB18030 characters', async (t) => {
  // 中 is GB2312, 喆 GBK only, 䶮 a two-byte GB18030 addition, 𠮷 and ✓ four bytes.
  t.equal(gb('𠮷').length, 4)
  t.equal(gb('✓').length, 4)
  const ticket = one(bytes(CHINESE_ON, gb('中喆䶮𠮷✓'), CHINESE_OFF, 'A1', LF, CUT))
  t.equal(ticket.lines[0]!.text, '中喆䶮𠮷✓A1')
  t.equal(ticket.lines[0]!.widthDots, 5 * 24 + 2 * 12, 'Chinese characters are 24 dots')
  t.same(ticket.warnings, [])
})

t.test('outside Chinese mode, bytes ≥ 0x80 are read with the code table', async (t) => {
  const ticket = one(bytes(CHINESE_OFF, 0x82, LF, [ESC, 0x74, 16], 0xe9, 0x80, LF, CUT), {
    chineseAtPowerOn: false,
  })
  t.equal(ticket.lines[0]!.text, 'é', 'PC437 at power on')
  t.equal(ticket.lines[1]!.text, 'é€', 'WPC1252 after ESC t 16')
  t.equal(ticket.lines[1]!.runs[0]!.codeTable, 16)
  t.equal(ticket.lines[1]!.runs[0]!.chinese, false)
})

t.test('Chinese mode at power on is a setting, and FS & / FS . switch it', async (t) => {
  const stream = bytes(gb('中'), LF, CUT)
  t.equal(one(stream).lines[0]!.text, '中', 'on at power on by default')
  t.not(one(stream, { chineseAtPowerOn: false }).lines[0]!.text, '中')
  const switched = one(bytes(CHINESE_ON, gb('中'), LF, CHINESE_OFF, 0x82, LF, CUT), {
    chineseAtPowerOn: false,
  })
  t.same(
    switched.lines.map((l) => l.text),
    ['中', 'é'],
  )
})

t.test('bytes that are no GB18030 character print as U+FFFD with a warning', async (t) => {
  // 0x80 is never a lead byte; 0xD6 followed by LF is a lead byte cut short.
  const ticket = one(bytes(CHINESE_ON, 'a', 0x80, 'b', 0xd6, LF, 'c', 0xd6, 0x30, 0x20, LF, CUT))
  t.same(
    ticket.lines.map((l) => l.text),
    ['a\uFFFDb\uFFFD', 'c\uFFFD0 '],
  )
  t.ok(ticket.warnings.every((w) => w.code === 'invalid-text'))
  t.ok(ticket.warnings.length >= 2)
})

t.test('a line wider than the paper is wrapped by the printer and marked', async (t) => {
  const narrow = one(bytes('x'.repeat(40), LF, CUT), { widthDots: 384 })
  t.same(
    narrow.lines.map((l) => [l.text.length, l.wrapped]),
    [
      [32, true],
      [8, false],
    ],
  )
  const chinese = one(bytes(CHINESE_ON, gb('一'.repeat(17)), LF, CUT), { widthDots: 384 })
  t.same(
    chinese.lines.map((l) => [[...l.text].length, l.wrapped]),
    [
      [16, true],
      [1, false],
    ],
  )
  const big = one(bytes([GS, 0x21, 0x66], 'A0234', LF, CUT), { widthDots: 384 })
  t.same(
    big.lines.map((l) => l.text),
    ['A023', '4'],
    '7× characters are 84 dots: four of them fit 58 mm paper, not five',
  )
})

t.test('HT moves to the next tab stop, every eight columns', async (t) => {
  const ticket = one(bytes('ab', 0x09, 'c', LF, CUT))
  t.equal(ticket.lines[0]!.text, 'ab      c')
})

t.test('FS commands that do not change the model are stepped over exactly', async (t) => {
  const ticket = one(
    bytes(
      [FS, 0x21, 0x0c],
      [FS, 0x2d, 1],
      [FS, 0x53, 1, 2],
      [FS, 0x43, 0],
      [FS, 0x32, 0xa1, 0xa1],
      Buffer.alloc(72, 0xff),
      'ok',
      LF,
      CUT,
    ),
  )
  t.equal(ticket.lines[0]!.text, 'ok')
  t.same(ticket.warnings, [])
  t.ok(ticket.ignored.includes('FS 2'))
})

t.test('a stream fed byte by byte decodes exactly as in one piece', async (t) => {
  const stream = bytes(
    INIT,
    [ESC, 0x61, 1],
    [GS, 0x21, 0x11],
    CHINESE_ON,
    gb('城东𠮷大厅'),
    CHINESE_OFF,
    LF,
    [GS, 0x28, 0x6b, 3, 0, 49, 67, 5],
    [GS, 0x28, 0x6b, 8, 0, 49, 80, 48],
    'hello',
    [GS, 0x28, 0x6b, 3, 0, 49, 81, 48],
    CUT,
  )
  const whole = decodeEscPos(stream, { now: () => 0 }).tickets
  const decoder = new EscPosDecoder({ now: () => 0 })
  const events = []
  for (const b of stream) events.push(...decoder.push(Uint8Array.of(b)))
  events.push(...decoder.end())
  const piecewise = events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : []))
  t.same(piecewise, whole)
  t.equal(whole[0]!.lines[0]!.text, '城东𠮷大厅')
  t.same(whole[0]!.qr, ['hello'])
})
