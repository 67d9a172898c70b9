import { type DecodedTicket, decodeEscPos, type TextLine } from '@qms/firmware-sim'
import t from 'tap'
import { layoutTicket, PAPER, PRIORITY_LABELS } from '../src/printer/index.js'
import { RARE_NAME, sampleTicket } from './printer-helpers.js'

const options = { timeZone: 'Asia/Shanghai', qr: 'native' as const }

async function decode(width: 58 | 80, overrides = {}, qr: 'native' | 'image' = 'native') {
  const bytes = await layoutTicket(sampleTicket(overrides), { ...options, width, qr })
  const { tickets, events } = decodeEscPos(bytes, { widthDots: PAPER[width].dots })
  t.equal(tickets.length, 1, 'one ticket')
  return { ticket: tickets[0]!, events, bytes }
}

const line = (ticket: DecodedTicket, pattern: RegExp): TextLine | undefined =>
  ticket.lines.find((l) => pattern.test(l.text))

for (const width of [58, 80] as const) {
  t.test(`${width} mm: the ticket reads as laid out, and every line fits the paper`, async (t) => {
    const { ticket } = await decode(width)
    t.same(ticket.warnings, [])
    t.notOk(
      ticket.lines.some((l) => l.wrapped),
      'the printer never had to wrap a line itself',
    )
    t.ok(ticket.lines.every((l) => l.widthDots <= PAPER[width].dots))
    t.match(line(ticket, /城东区政务服务中心/), { align: 'center', height: 2 })
    const number = line(ticket, /^A023$/)!
    const size = width === 58 ? 6 : 8
    t.match(number.runs[0], { width: size, height: size }, 'the number is very large')
    t.match(line(ticket, /居民身份证换领/), { align: 'center' })
    t.match(line(ticket, /^前面还有 3 人/), { align: 'left' })
    t.ok(line(ticket, /^预计等候约 15 分钟/))
    t.ok(line(ticket, /^取号时间 2026-01-05 09:30$/), 'in hall time')
    t.same(ticket.qr, ['https://qms.example.cn/t/hub/A023'])
    t.ok(line(ticket, /扫码查看叫号进度/))
    t.ok(line(ticket, /^· 请留意叫号屏幕与语音提示。$/))
    t.equal(ticket.cut, 'full')
    t.notOk(line(ticket, /优先|预约|企业/), 'no priority line for a normal ticket')
    const dashes = ticket.lines.filter((l) => /^-+$/.test(l.text))
    t.ok(dashes.every((l) => l.text.length === PAPER[width].columns))
  })
}

t.test('a priority ticket says so, inverted', async (t) => {
  for (const priority of ['elderly', 'disabled', 'appointment', 'enterprise'] as const) {
    const { ticket } = await decode(58, { priority })
    const label = line(ticket, new RegExp(PRIORITY_LABELS[priority].split(' ')[0]!))
    t.ok(label, priority)
    t.equal(label?.runs[0]?.invert, true)
  }
})

t.test('long names and notes wrap inside the paper, notes with a hanging indent', async (t) => {
  const { ticket } = await decode(58, {
    hallName: '城东区人民政府政务服务中心公安综合服务大厅（户政·出入境·交管）',
    notes: ['本事项可在“掌上办”办理，扫码即办，无需排队，也可以到就近的镇街便民服务点办理。'],
  })
  t.notOk(ticket.lines.some((l) => l.wrapped))
  const noteLines = ticket.lines.slice(ticket.lines.findIndex((l) => l.text.startsWith('· ')))
  t.ok(noteLines.length >= 3)
  t.ok(
    noteLines.slice(1, -1).every((l) => l.text.startsWith('   ')),
    'continued under the text',
  )
})

t.test('characters beyond GB2312 survive the layout', async (t) => {
  const { ticket } = await decode(80, { hallName: `${RARE_NAME}服务点`, notes: [RARE_NAME] })
  t.ok(line(ticket, /张䶮 王喆 𠮷野服务点/))
  t.ok(line(ticket, /· 张䶮 王喆 𠮷野/))
  t.same(ticket.warnings, [])
})

t.test('the wait is rounded to whole minutes', async (t) => {
  t.ok(line((await decode(58, { waitMin: 0.3, ahead: 0 })).ticket, /^预计等候约 0 分钟/))
  t.ok(line((await decode(58, { waitMin: 44.5 })).ticket, /^预计等候约 45 分钟/))
  t.ok(line((await decode(58, { ahead: 120 })).ticket, /^前面还有 120 人 \(120 ahead\)$/))
})

t.test('image mode sends the QR as a raster image the printer need not understand', async (t) => {
  for (const width of [58, 80] as const) {
    const { ticket } = await decode(width, {}, 'image')
    const image = ticket.blocks.find((b) => b.kind === 'image')
    t.ok(image, 'an image, not GS ( k')
    t.notOk(ticket.blocks.some((b) => b.kind === 'qr'))
    t.same(ticket.qr, ['https://qms.example.cn/t/hub/A023'], 'and it scans to the link')
  }
})

t.test(
  'a link with Chinese in it is sent percent-encoded, so the QR length is right',
  async (t) => {
    const { ticket } = await decode(58, { qr: 'https://zwfw.example.cn/掌上办/HJ-001' })
    t.same(ticket.qr, ['https://zwfw.example.cn/%E6%8E%8C%E4%B8%8A%E5%8A%9E/HJ-001'])
    t.same(ticket.warnings, [])
  },
)

t.test('the longest link the schema allows still prints as a QR symbol on 58 mm', async (t) => {
  const long = `https://qms.example.cn/t/${'a'.repeat(470)}`
  t.equal(long.length, 495)
  const { ticket } = await decode(58, { qr: long })
  t.same(ticket.qr, [long])
  const qr = ticket.blocks.find((b) => b.kind === 'qr')
  t.ok(qr?.kind === 'qr' && qr.moduleSize >= 3)
})
