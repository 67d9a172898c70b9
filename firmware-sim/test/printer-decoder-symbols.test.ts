import t from 'tap'
import { decodeEscPos, type ImageBlock, type QrBlock } from '../src/printer/index.js'
import {
  bytes,
  CUT,
  DLE,
  ESC,
  GS,
  INIT,
  LF,
  one,
  qrCommands,
  qrRows,
  raster,
} from './printer-helpers.js'

t.test('GS ( k stores QR data and prints it with model, module size and level', async (t) => {
  const ticket = one(
    bytes(INIT, [ESC, 0x61, 1], qrCommands('https://qms.example.cn/t/A023', 6, 51), CUT),
  )
  const qr = ticket.blocks[0] as QrBlock
  t.same(qr, {
    kind: 'qr',
    align: 'center',
    data: 'https://qms.example.cn/t/A023',
    model: 2,
    moduleSize: 6,
    errorLevel: 'H',
  })
  t.same(ticket.qr, ['https://qms.example.cn/t/A023'])
})

t.test('QR data is read as UTF-8, and as Latin-1 when it is not UTF-8', async (t) => {
  t.same(one(bytes(qrCommands('https://例子.cn/办事'), CUT)).qr, ['https://例子.cn/办事'])
  t.same(one(bytes(qrCommands(Buffer.from([0x61, 0xe9])), CUT)).qr, ['aé'])
})

t.test('printing a QR code with nothing stored warns and prints nothing', async (t) => {
  const { tickets, events } = decodeEscPos(bytes([GS, 0x28, 0x6b, 3, 0, 49, 81, 48], 'x', LF, CUT))
  t.equal(tickets[0]!.blocks.length, 1)
  t.ok(events.some((e) => e.type === 'warning' && e.warning.code === 'qr-without-data'))
})

t.test('QR parameters out of range are refused with warnings', async (t) => {
  const ticket = one(
    bytes(
      [GS, 0x28, 0x6b, 4, 0, 49, 65, 60, 0],
      [GS, 0x28, 0x6b, 3, 0, 49, 67, 0],
      [GS, 0x28, 0x6b, 3, 0, 49, 69, 99],
      qrCommands('x').subarray(25), // store and print only
      CUT,
    ),
  )
  t.same(
    ticket.warnings.map((w) => w.code),
    ['bad-parameter', 'bad-parameter', 'bad-parameter'],
  )
  t.match(ticket.blocks[0], { kind: 'qr', data: 'x', model: 2, moduleSize: 3, errorLevel: 'L' })
})

t.test('other 2D symbologies are stepped over by their length', async (t) => {
  // PDF417 store (cn 48) then text.
  const ticket = one(bytes([GS, 0x28, 0x6b, 7, 0, 48, 80, 48], 'abcd', 'after', LF, CUT))
  t.equal(ticket.lines[0]!.text, 'after')
  t.ok(ticket.ignored.includes('GS ( k cn=48'))
})

t.test('GS v 0 raster images become bitmaps, the top-left dot in the high bit', async (t) => {
  const ticket = one(bytes(raster(['#.......#', '.#.......']), CUT))
  const image = ticket.blocks[0] as ImageBlock
  t.equal(image.width, 16)
  t.equal(image.height, 2)
  t.same([...image.pixels.subarray(0, 9)], [1, 0, 0, 0, 0, 0, 0, 0, 1])
  t.same([...image.pixels.subarray(16, 18)], [0, 1])
  t.match(image, { scaleX: 1, scaleY: 1 })
  t.match(one(bytes(raster(['#'], 51), CUT)).blocks[0] as ImageBlock, { scaleX: 2, scaleY: 2 })
  t.match(one(bytes(raster(['#'], 1), CUT)).blocks[0] as ImageBlock, { scaleX: 2, scaleY: 1 })
})

t.test('a raster image that is a QR code is read back to its payload', async (t) => {
  const ticket = one(bytes(raster(qrRows('https://qms.example.cn/t/B105', 4)), 'label', LF, CUT))
  const image = ticket.blocks[0] as ImageBlock
  t.equal(image.qr, 'https://qms.example.cn/t/B105')
  t.same(ticket.qr, ['https://qms.example.cn/t/B105'])
  t.equal(one(bytes(raster(['#'.repeat(30), '.'.repeat(30)]), CUT)).qr.length, 0)
})

t.test('ESC * column bands are joined into one image', async (t) => {
  // Two 24-dot bands, 2 columns each: the first column all black, the second empty.
  const band = [ESC, 0x2a, 33, 2, 0, 0xff, 0xff, 0xff, 0, 0, 0]
  const ticket = one(bytes(band, LF, band, LF, 'after', LF, CUT))
  t.equal(ticket.blocks.length, 2, 'no blank lines between the bands')
  const image = ticket.blocks[0] as ImageBlock
  t.match(image, { width: 2, height: 48, scaleX: 1, scaleY: 1 })
  t.equal(
    image.pixels.reduce((a, b) => a + b, 0),
    48,
  )
  t.equal(ticket.lines[0]!.text, 'after')
})

t.test('GS k prints barcodes in both data forms', async (t) => {
  const ticket = one(
    bytes([GS, 0x68, 80], [GS, 0x6b, 4], 'A023', 0, [GS, 0x6b, 73, 6], '{BA023', CUT),
  )
  t.same(
    ticket.blocks.map((b) => (b.kind === 'barcode' ? [b.system, b.data, b.heightDots] : b.kind)),
    [
      [4, 'A023', 80],
      [73, '{BA023', 80],
    ],
  )
})

t.test('every form of cut ends a ticket, and the feeds before it are kept', async (t) => {
  const { tickets } = decodeEscPos(
    bytes(
      'one',
      LF,
      [GS, 0x56, 0],
      'two',
      LF,
      [GS, 0x56, 0x31],
      'three',
      LF,
      [GS, 0x56, 65, 40],
      'four',
      LF,
      [GS, 0x56, 66, 0],
      'five',
      LF,
      [ESC, 0x69],
      'six',
      LF,
      [ESC, 0x6d],
    ),
  )
  t.same(
    tickets.map((x) => [x.lines[0]!.text, x.cut]),
    [
      ['one', 'full'],
      ['two', 'partial'],
      ['three', 'full'],
      ['four', 'partial'],
      ['five', 'full'],
      ['six', 'partial'],
    ],
  )
  t.same(tickets[2]!.blocks.at(-1), { kind: 'feed', dots: 40 })
  t.same(
    tickets.map((x) => x.seq),
    [1, 2, 3, 4, 5, 6],
  )
})

t.test('a cut with nothing printed makes no ticket', async (t) => {
  t.equal(decodeEscPos(bytes(INIT, CUT, INIT, CUT)).tickets.length, 0)
})

t.test('ESC d and ESC J feed paper by lines and by dots', async (t) => {
  const ticket = one(
    bytes('a', [ESC, 0x64, 3], [ESC, 0x33, 40], [ESC, 0x64, 1], [ESC, 0x4a, 7], CUT),
  )
  t.same(ticket.blocks, [ticket.lines[0], { kind: 'feed', dots: 3 * 30 + 40 + 7 }])
  t.equal(ticket.lines[0]!.text, 'a', 'ESC d prints the line buffer first')
})

t.test('DLE EOT, GS r and GS I are passed on as status requests', async (t) => {
  const { events } = decodeEscPos(
    bytes(
      [DLE, 0x04, 1],
      [DLE, 0x04, 2],
      [DLE, 0x04, 3],
      [DLE, 0x04, 4],
      [DLE, 0x04, 7, 1],
      [GS, 0x72, 1],
      [GS, 0x49, 1],
      [DLE, 0x05, 2],
      [DLE, 0x14, 1, 0, 1],
      'x',
      LF,
      CUT,
    ),
  )
  t.same(
    events.flatMap((e) => (e.type === 'status-request' ? [`${e.command} ${e.n}`] : [])),
    ['DLE EOT 1', 'DLE EOT 2', 'DLE EOT 3', 'DLE EOT 4', 'GS r 1', 'GS I 1'],
  )
  const ticket = events.find((e) => e.type === 'ticket')
  t.equal(ticket?.type === 'ticket' && ticket.ticket.lines[0]!.text, 'x', 'lengths were right')
})

t.test('while discarding, nothing prints but status requests are still answered', async (t) => {
  const { EscPosDecoder } = await import('../src/printer/index.js')
  const decoder = new EscPosDecoder()
  decoder.discarding = true
  const events = [...decoder.push(bytes('lost', LF, [DLE, 0x04, 4], CUT)), ...decoder.end()]
  t.same(
    events.map((e) => e.type),
    ['status-request'],
  )
  decoder.discarding = false
})
