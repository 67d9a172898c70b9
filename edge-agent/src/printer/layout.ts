import type { TicketPrint } from '@qms/protocol'
import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer'
import QRCode from 'qrcode'
import { columnsOf, encodeText, wrapText } from './text.js'

/*
 * The ticket's layout, as ESC/POS bytes built with node-thermal-printer. The library supplies
 * the commands (init, code page, alignment, emphasis, sizes, QR, cut); the text goes through our
 * own encoder (./text.ts), appended as bytes, because the library's encoder and line folding get
 * Chinese wrong (docs/printing.md lists how).
 */

export type QrMode = 'native' | 'image'

export interface LayoutOptions {
  width: 58 | 80
  /** IANA zone the issue time is printed in. */
  timeZone: string
  /** `native`: the printer draws the QR (GS ( k); `image`: we send it as a raster image. */
  qr: QrMode
}

/** Paper geometry: font A is 12 dots a column; the cap keeps the number and QR proportionate. */
export const PAPER = {
  58: { columns: 32, dots: 384, numberCap: 6, qrCellCap: 6 },
  80: { columns: 48, dots: 576, numberCap: 8, qrCellCap: 8 },
} as const

const DOTS_PER_COLUMN = 12
/** Notes start with a middle dot (GB2312 A1A4, two columns); their next lines align after it. */
const BULLET = '· '
/** ESC @: clears the print buffer and resets the modes. */
const ESC_INIT = Buffer.from([0x1b, 0x40])

export const PRIORITY_LABELS: Record<Exclude<TicketPrint['priority'], 'normal'>, string> = {
  elderly: '老年人优先 Senior priority',
  disabled: '残疾人优先 Accessible service',
  appointment: '预约号 Appointment',
  enterprise: '企业专区 Enterprise zone',
}

type Printer = InstanceType<typeof ThermalPrinter>

/**
 * GS ! width × height (1–8 each). node-thermal-printer's setTextSize(height, width) puts its
 * first argument in the high nibble, which ESC/POS defines as the width [GS !: bits 4–6 width,
 * bits 0–2 height], so the arguments go in as (width, height).
 */
function setSize(p: Printer, width: number, height: number): void {
  p.setTextSize(width - 1, height - 1)
}

/** Prints `text` wrapped to `columns`; continuation lines start `indent` columns in. */
function printLines(p: Printer, text: string, columns: number, indent = 0): void {
  wrapText(text, columns, columns - indent).forEach((line, i) => {
    p.add(encodeText(i === 0 ? line : ' '.repeat(indent) + line))
    p.newLine()
  })
}

/** The largest magnification at which `text` fits the paper on one line, up to `cap`. */
export function largestFit(text: string, dots: number, cap: number): number {
  const natural = Math.max(1, columnsOf(text)) * DOTS_PER_COLUMN
  return Math.max(1, Math.min(cap, Math.floor(dots / natural)))
}

/**
 * node-thermal-printer declares the QR store length from the string's length in UTF-16 units but
 * sends UTF-8 bytes, so a link with Chinese in it would desynchronise the printer. A link that is
 * not plain ASCII is therefore sent in its percent-encoded form, which opens the same page.
 */
export function qrPayload(url: string): string {
  if (/^[\x21-\x7e]+$/.test(url)) return url
  try {
    return new URL(url).href
  } catch {
    return encodeURI(url)
  }
}

/**
 * Module size that keeps the symbol within three quarters of the paper. The schema's longest
 * link (500 characters) needs about 85 modules at level M, so even 58 mm paper gets 3 dots.
 */
function qrCell(payload: string, dots: number, cap: number): number {
  const modules = QRCode.create(payload, { errorCorrectionLevel: 'M' }).modules.size
  return Math.max(1, Math.min(cap, Math.floor((dots * 0.75) / modules)))
}

/** Formatters by time zone: building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatTime(iso: string, timeZone: string): string {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, format)
  }
  const parts = format.formatToParts(new Date(iso))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** The bytes of one ticket, from ESC @ to the cut. */
export async function layoutTicket(ticket: TicketPrint, options: LayoutOptions): Promise<Buffer> {
  const paper = PAPER[options.width]
  const cols = paper.columns
  // No interface: the library only builds bytes here; ./connection.ts sends them.
  const p = new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width: cols,
    characterSet: CharacterSet.CHINA,
    breakLine: BreakLine.NONE,
  } as ConstructorParameters<typeof ThermalPrinter>[0])
  // The constructor already appended the code page; start over with ESC @ first.
  p.setBuffer(Buffer.alloc(0))
  p.add(ESC_INIT) // initHardware() exists at run time but not in the library's typings
  p.setCharacterSet(CharacterSet.CHINA)
  p.setTypeFontA()

  p.alignCenter()
  p.bold(true)
  setSize(p, 1, 2)
  printLines(p, ticket.hallName, cols)
  setSize(p, 1, 1)
  p.bold(false)
  printLines(p, '您的号码 Your number', cols)
  const big = largestFit(ticket.ticket, paper.dots, paper.numberCap)
  setSize(p, big, big)
  printLines(p, ticket.ticket, cols)
  setSize(p, 1, 2)
  p.bold(true)
  printLines(p, ticket.itemName, cols)
  p.bold(false)
  setSize(p, 1, 1)
  if (ticket.priority !== 'normal') {
    p.invert(true)
    printLines(p, ` ${PRIORITY_LABELS[ticket.priority]} `, cols)
    p.invert(false)
  }
  p.drawLine()

  p.alignLeft()
  const wait = Math.max(0, Math.round(ticket.waitMin))
  printLines(p, `前面还有 ${ticket.ahead} 人 (${ticket.ahead} ahead)`, cols)
  printLines(p, `预计等候约 ${wait} 分钟 (~${wait} min)`, cols)
  printLines(p, `取号时间 ${formatTime(ticket.issuedAt, options.timeZone)}`, cols)
  p.drawLine()

  p.alignCenter()
  const payload = qrPayload(ticket.qr)
  const cell = qrCell(payload, paper.dots, paper.qrCellCap)
  if (options.qr === 'native') {
    p.printQR(payload, { cellSize: cell, correction: 'M', model: 2 })
    p.newLine()
  } else {
    const png = await QRCode.toBuffer(payload, {
      errorCorrectionLevel: 'M',
      margin: 0,
      scale: cell,
      type: 'png',
    })
    await p.printImageBuffer(png)
  }
  printLines(p, ticket.qrLabel, cols)

  if (ticket.notes.length > 0) {
    p.alignLeft()
    for (const note of ticket.notes) printLines(p, `${BULLET}${note}`, cols, columnsOf(BULLET))
  }
  p.cut()
  return p.getBuffer()
}
