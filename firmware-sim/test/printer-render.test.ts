import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import t from 'tap'
import { renderTicketPng, renderTicketText } from '../src/printer/index.js'
import {
  bytes,
  CHINESE_ON,
  CUT,
  ESC,
  GS,
  gb,
  INIT,
  LF,
  one,
  qrCommands,
  raster,
} from './printer-helpers.js'

type JsQr = typeof jsQRModule.default
const jsQR: JsQr =
  typeof jsQRModule === 'function' ? (jsQRModule as unknown as JsQr) : jsQRModule.default

const ticketStream = bytes(
  INIT,
  [ESC, 0x61, 1],
  CHINESE_ON,
  gb('城东服务大厅'),
  LF,
  [GS, 0x21, 0x55],
  'A023',
  LF,
  [GS, 0x21, 0x00],
  [ESC, 0x61, 0],
  gb('前面还有 3 人'),
  LF,
  [ESC, 0x61, 1],
  qrCommands('https://qms.example.cn/t/A023', 6),
  [ESC, 0x64, 2],
  CUT,
)

t.test('the text render keeps alignment on the paper width and marks the cut', async (t) => {
  const ticket = one(ticketStream, { widthDots: 384 })
  const text = renderTicketText(ticket)
  const lines = text.split('\n')
  t.equal(lines[0], `${' '.repeat(10)}城东服务大厅`, 'centred in 32 columns')
  t.equal(lines[1], `${' '.repeat(14)}A023`)
  t.equal(lines[2], '前面还有 3 人')
  t.equal(lines[3], '[QR https://qms.example.cn/t/A023]', 'wider than the paper: not indented')
  t.match(text, /-+ full cut -+\n$/)
  t.match(renderTicketText({ ...ticket, cut: null, complete: false }), /- no cut -/)
})

t.test('the PNG is the paper: dark dots where the ticket number is', async (t) => {
  const ticket = one(ticketStream, { widthDots: 384 })
  const out = renderTicketPng(ticket)
  t.ok(out.png.length > 1000, 'a non-empty PNG')
  const png = PNG.sync.read(out.png)
  t.equal(png.width, 384 + 32)
  t.equal(png.height, out.height)
  const numberLine = ticket.blocks.findIndex((b) => b.kind === 'text' && b.text === 'A023')
  const region = out.regions[numberLine]!
  t.equal(region.width, 4 * 12 * 6, 'four characters at 6× width')
  t.ok(region.height >= 6 * 24)
  const dark = out.countDark(region.x, region.y, region.width, region.height)
  t.ok(dark > 0.1 * region.width * region.height * 0.1, `the number is printed (${dark} dots)`)
  // The PNG holds the same dots: count them from the file itself.
  let darkInFile = 0
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      if (png.data[(y * png.width + x) * 4] === 0) darkInFile++
    }
  }
  t.equal(darkInFile, dark)
  const lastBlock = out.regions.at(-1)!
  t.equal(
    out.countDark(0, 0, 16, lastBlock.y + lastBlock.height),
    0,
    'nothing is printed in the margin above the cut line',
  )
})

t.test('the QR symbol in the PNG scans back to the stored payload', async (t) => {
  const ticket = one(ticketStream, { widthDots: 576 })
  const out = renderTicketPng(ticket)
  const png = PNG.sync.read(out.png)
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  t.equal(found?.data, 'https://qms.example.cn/t/A023')
})

t.test('images are drawn dot for dot with their scale', async (t) => {
  const ticket = one(bytes(raster(['#.', '.#'], 51), CUT), { widthDots: 384, readImageQr: false })
  const out = renderTicketPng(ticket)
  const r = out.regions[0]!
  t.equal(out.countDark(r.x, r.y, 2, 2), 4, 'the first dot, doubled both ways')
  t.equal(out.countDark(r.x + 2, r.y, 2, 2), 0)
  t.equal(out.countDark(r.x + 2, r.y + 2, 2, 2), 4)
})

t.test('without the font file every character is still drawn, as a box', async (t) => {
  const ticket = one(ticketStream, { widthDots: 384 })
  const out = renderTicketPng(ticket, { fontPath: '/nonexistent/unifont.hex' })
  const numberLine = ticket.blocks.findIndex((b) => b.kind === 'text' && b.text === 'A023')
  const r = out.regions[numberLine]!
  t.ok(out.countDark(r.x, r.y, r.width, r.height) > 0)
})

t.test('bold, underline and inverse text leave more ink than plain text', async (t) => {
  const plain = renderTicketPng(one(bytes('HHHH', LF, CUT)))
  const styled = [
    bytes([ESC, 0x45, 1], 'HHHH', LF, CUT),
    bytes([ESC, 0x2d, 2], 'HHHH', LF, CUT),
    bytes([GS, 0x42, 1], 'HHHH', LF, CUT),
  ].map((s) => renderTicketPng(one(s)))
  const ink = (o: ReturnType<typeof renderTicketPng>) => {
    const r = o.regions[0]!
    return o.countDark(r.x, r.y, r.width, r.height)
  }
  for (const s of styled) t.ok(ink(s) > ink(plain))
})
