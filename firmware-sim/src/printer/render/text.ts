import type { DecodedTicket, TextLine } from '../decoder/model.js'

/*
 * A ticket as plain text, the way it lies on the paper, for tests and logs. Characters keep
 * their natural size (a magnified ticket number is not blown up); alignment is kept by padding
 * to the paper's width in font-A columns, a Chinese character counting as two.
 */

export interface TextRenderOptions {
  /** Columns of the paper; default the ticket's width in dots / 12 (32 or 48). */
  columns?: number
}

const DOTS_PER_COLUMN = 12
const LINE_DOTS = 30

/** Display columns of a string as printed: two for a Chinese-mode character. */
export function columnsOf(text: string, chinese = true): number {
  let n = 0
  for (const ch of text) n += chinese && ch.codePointAt(0)! >= 0x80 ? 2 : 1
  return n
}

function lineColumns(line: TextLine): number {
  let n = 0
  for (const run of line.runs) n += columnsOf(run.text, run.chinese)
  return n
}

function place(text: string, width: number, align: TextLine['align'], columns: number): string {
  const free = Math.max(0, columns - width)
  const left = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0
  return `${' '.repeat(left)}${text}`.trimEnd()
}

export function renderTicketText(ticket: DecodedTicket, options: TextRenderOptions = {}): string {
  const columns = options.columns ?? Math.floor(ticket.widthDots / DOTS_PER_COLUMN)
  const out: string[] = []
  for (const block of ticket.blocks) {
    switch (block.kind) {
      case 'text':
        out.push(place(block.text, lineColumns(block), block.align, columns))
        break
      case 'feed':
        for (let i = 0; i < Math.min(5, Math.round(block.dots / LINE_DOTS)); i++) out.push('')
        break
      case 'qr': {
        const label = `[QR ${block.data}]`
        out.push(place(label, columnsOf(label), block.align, columns))
        break
      }
      case 'image': {
        const qr = block.qr === undefined ? '' : ` QR ${block.qr}`
        const label = `[image ${block.width * block.scaleX}×${block.height * block.scaleY}${qr}]`
        out.push(place(label, columnsOf(label), block.align, columns))
        break
      }
      case 'barcode': {
        const label = `[barcode ${block.data}]`
        out.push(place(label, columnsOf(label), block.align, columns))
        break
      }
    }
  }
  const end = ticket.cut === null ? ' no cut ' : ` ${ticket.cut} cut `
  const dashes = Math.max(0, columns - end.length)
  out.push(`${'-'.repeat(Math.floor(dashes / 2))}${end}${'-'.repeat(Math.ceil(dashes / 2))}`)
  return `${out.join('\n')}\n`
}
