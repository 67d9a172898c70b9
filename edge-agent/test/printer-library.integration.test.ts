import { decodeEscPos, startVirtualPrinter } from '@qms/firmware-sim'
import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer'
import t from 'tap'
import { encodeText } from '../src/printer/index.js'

/*
 * node-thermal-printer 4.6 on its own, printing straight to the virtual printer: proof that the
 * decoder understands what the library sends unmodified — and a record of the four places where
 * its output is wrong for Chinese tickets, each of which our printer module works around. If one
 * of these starts failing after an upgrade, the library fixed it: the workaround may go.
 */

type Printer = InstanceType<typeof ThermalPrinter>

function library(width = 32, iface?: string): Printer {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width,
    characterSet: CharacterSet.CHINA,
    ...(iface === undefined ? {} : { interface: iface }),
  } as ConstructorParameters<typeof ThermalPrinter>[0])
}

t.test('what the library sends over TCP with its own API decodes as it was meant', async (t) => {
  const printer = await startVirtualPrinter({ width: 58 })
  t.teardown(() => printer.close())
  const p = library(32, printer.url)
  p.alignCenter()
  p.bold(true)
  p.println('城东区政务服务中心')
  p.bold(false)
  p.setTextQuadArea()
  p.println('A023')
  p.setTextNormal()
  p.drawLine()
  p.alignLeft()
  p.underline(true)
  p.println('前面还有 3 人')
  p.underline(false)
  p.invert(true)
  p.println('老年人优先')
  p.invert(false)
  p.alignCenter()
  p.printQR('https://qms.example.cn/t/hub/A023', { cellSize: 6, correction: 'M', model: 2 })
  p.newLine()
  p.printBarcode('A023', 73)
  p.cut()
  await p.execute()
  const printed = await printer.waitForTicket()
  t.same(printed.warnings, [])
  t.match(printed.lines[0], { text: '城东区政务服务中心', align: 'center' })
  t.match(printed.lines[0]!.runs[0], { bold: true })
  t.match(printed.lines[1], { text: 'A023', height: 2 })
  t.match(printed.lines[1]!.runs[0], { width: 2, height: 2 })
  t.equal(printed.lines[2]!.text, '-'.repeat(32))
  t.match(printed.lines[3], { text: '前面还有 3 人', align: 'left' })
  t.match(printed.lines[3]!.runs[0], { underline: 1 })
  t.match(printed.lines[4]!.runs[0], { text: '老年人优先', invert: true })
  t.same(printed.qr, ['https://qms.example.cn/t/hub/A023'])
  t.ok(printed.blocks.some((b) => b.kind === 'barcode' && b.data === '{BA023'))
  t.equal(printed.cut, 'full')
})

t.test(
  'quirk 1: a character outside GBK switches the code page and garbles what follows',
  async (t) => {
    const p = library()
    p.println('𠮷野王')
    const ours = Buffer.concat([encodeText('𠮷野王'), Buffer.from([0x0a])])
    const theirs = decodeEscPos(p.getBuffer()).tickets[0]!.lines[0]!.text
    t.not(theirs, '𠮷野王', `the library printed ${JSON.stringify(theirs)}`)
    t.match(theirs, /^\?\?/, '𠮷 became "??" in PC437')
    t.equal(decodeEscPos(ours).tickets[0]!.lines[0]!.text, '𠮷野王', 'ours prints it right')
  },
)

t.test('quirk 2: setTextSize(height, width) sets the width from its first argument', async (t) => {
  const p = library()
  p.setTextSize(1, 0) // "height 2, width 1" by its parameter names
  p.println('A023')
  const run = decodeEscPos(p.getBuffer()).tickets[0]!.lines[0]!.runs[0]!
  t.match(run, { width: 2, height: 1 }, 'GS ! high nibble is the width')
})

t.test('quirk 3: printQR counts UTF-16 units, so a Chinese link desynchronises it', async (t) => {
  const p = library()
  p.printQR('https://例子.cn/办事')
  p.println('after')
  const ticket = decodeEscPos(p.getBuffer()).tickets[0]!
  // 20 UTF-16 units declared, 24 UTF-8 bytes sent: the symbol stops 4 bytes early…
  t.same(ticket.qr, ['https://例子.c'], 'the stored data was cut short')
  // …and those bytes print as text, UTF-8 read as GB18030.
  t.match(ticket.lines[0]?.text, /^n\//, 'its tail printed as text')
})

t.test('quirk 4: line folding counts characters, not columns, so the printer wraps', async (t) => {
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width: 32,
    characterSet: CharacterSet.CHINA,
    breakLine: BreakLine.WORD,
  } as ConstructorParameters<typeof ThermalPrinter>[0])
  p.println('本事项可在掌上办理扫码即办无需排队也可到就近的便民服务点办理')
  const lines = decodeEscPos(p.getBuffer(), { widthDots: 384 }).tickets[0]!.lines
  t.ok(
    lines.some((l) => l.wrapped),
    'a 32-character Chinese line is 64 columns: the printer broke it mid-way',
  )
})
