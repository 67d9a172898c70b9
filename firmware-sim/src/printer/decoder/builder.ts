import type {
  Align,
  DecodedTicket,
  DecoderWarning,
  ImageBlock,
  TextLine,
  TextRun,
  TextStyle,
  TicketBlock,
} from './model.js'
import type { PrinterModes } from './state.js'
import { sameStyle, styleOf } from './state.js'
import type { PrintedChar } from './text.js'

/*
 * Collects what the printer prints into blocks, one ticket at a time. Text goes into a line
 * buffer that LF (or anything else that prints the buffer) turns into a line; a character that
 * would run past the paper's edge makes the printer print the line and carry on below, as real
 * printers do, and the line is marked `wrapped`.
 */

/** Dots per character in font A / font B, and for Chinese-mode characters [Epson TM-T88 specs]. */
export const CHAR_DOTS = { A: 12, B: 9, wide: 24 } as const
export const CHAR_HEIGHT_DOTS = 24

const MAX_WARNINGS = 50

interface PendingLine {
  align: Align
  runs: TextRun[]
  widthDots: number
  height: number
}

export class TicketBuilder {
  private blocks: TicketBlock[] = []
  private line: PendingLine | null = null
  private warnings: DecoderWarning[] = []
  private ignored: string[] = []
  private droppedWarnings = 0
  /** Index of the image that column-format bands (ESC *) are being added to, or -1. */
  private bandIndex = -1
  /** A band is in the line buffer: the LF that prints it feeds no blank line. */
  private bandInLine = false
  /** While true (paper out, offline) nothing is recorded: the paper never moves. */
  discarding = false

  constructor(
    private readonly widthDots: number,
    private readonly readQr?: (
      pixels: Uint8Array,
      width: number,
      height: number,
    ) => string | undefined,
  ) {}

  /** Dots used on the line being filled. */
  get lineWidth(): number {
    return this.line?.widthDots ?? 0
  }

  addChars(chars: PrintedChar[], modes: PrinterModes): void {
    if (this.discarding || chars.length === 0) return
    const style = styleOf(modes)
    const spacing = modes.rightSpacing * modes.width
    const narrow = CHAR_DOTS[modes.font] * modes.width + spacing
    const wide = CHAR_DOTS.wide * modes.width + spacing
    // Characters collect in `text` and join the line's last run once, not one by one.
    let text = ''
    for (const c of chars) {
      const dots = c.wide ? wide : narrow
      let line = this.line
      if (line !== null && line.widthDots > 0 && line.widthDots + dots > this.widthDots) {
        this.appendRun(line, style, text)
        text = ''
        this.flushLine(true)
        line = null
      }
      if (line === null) {
        line = { align: modes.align, runs: [], widthDots: 0, height: 1 }
        this.line = line
      }
      text += c.ch
      line.widthDots += dots
      line.height = Math.max(line.height, modes.height)
    }
    if (this.line !== null) this.appendRun(this.line, style, text)
  }

  private appendRun(line: PendingLine, style: TextStyle, text: string): void {
    if (text === '') return
    const last = line.runs.at(-1)
    if (last !== undefined && sameStyle(last, style)) last.text += text
    else line.runs.push({ ...style, text })
  }

  /** LF: prints the line buffer; on an empty buffer, feeds one blank line. */
  lineFeed(modes: PrinterModes): void {
    if (this.discarding) return
    if (this.bandInLine && this.line === null) {
      this.bandInLine = false
      return
    }
    this.bandInLine = false
    this.bandIndex = -1
    if (this.line === null) {
      this.blocks.push(emptyLine(modes.align, modes.height))
      return
    }
    this.flushLine(false)
  }

  /** Prints whatever is in the line buffer (before a symbol, an image, a feed, a cut). */
  printBuffer(): void {
    if (this.line !== null) this.flushLine(false)
  }

  /** Drops the line buffer unprinted (ESC @ clears the print buffer). */
  clearBuffer(): void {
    this.line = null
  }

  feed(dots: number): void {
    if (this.discarding) return
    this.printBuffer()
    if (dots <= 0) return
    const last = this.blocks.at(-1)
    if (last?.kind === 'feed') last.dots += dots
    else this.blocks.push({ kind: 'feed', dots })
  }

  add(block: TicketBlock): void {
    if (this.discarding) return
    this.printBuffer()
    this.bandIndex = -1
    this.blocks.push(block)
  }

  /** A column-format band: joined to the band above when it continues the same picture. */
  addBand(band: ImageBlock): void {
    if (this.discarding) return
    this.printBuffer()
    const above = this.blocks[this.bandIndex]
    this.bandInLine = true
    if (
      above?.kind === 'image' &&
      this.bandIndex === this.blocks.length - 1 &&
      above.width === band.width &&
      above.scaleX === band.scaleX &&
      above.scaleY === band.scaleY
    ) {
      const pixels = new Uint8Array(above.pixels.length + band.pixels.length)
      pixels.set(above.pixels)
      pixels.set(band.pixels, above.pixels.length)
      above.pixels = pixels
      above.height += band.height
      return
    }
    this.blocks.push(band)
    this.bandIndex = this.blocks.length - 1
  }

  warn(warning: DecoderWarning): DecoderWarning | null {
    if (this.warnings.length < MAX_WARNINGS) {
      this.warnings.push(warning)
      return warning
    }
    this.droppedWarnings++
    return null
  }

  ignore(command: string): void {
    if (!this.ignored.includes(command)) this.ignored.push(command)
  }

  /** Ends the ticket and starts the next; null when nothing was printed. */
  finish(
    seq: number,
    at: number,
    cut: DecodedTicket['cut'],
    complete: boolean,
  ): DecodedTicket | null {
    this.printBuffer()
    const blocks = this.blocks
    const warnings = this.warnings
    if (this.droppedWarnings > 0) {
      warnings.push({
        code: 'too-many-warnings',
        message: `${this.droppedWarnings} more warnings left out`,
        offset: -1,
      })
    }
    const ignored = this.ignored
    this.blocks = []
    this.warnings = []
    this.ignored = []
    this.droppedWarnings = 0
    this.bandIndex = -1
    this.bandInLine = false
    if (blocks.length === 0) return null
    const lines = blocks.filter((b): b is TextLine => b.kind === 'text')
    const qr: string[] = []
    for (const b of blocks) {
      if (b.kind === 'qr') qr.push(b.data)
      if (b.kind !== 'image' || this.readQr === undefined) continue
      const payload = this.readQr(b.pixels, b.width, b.height)
      if (payload === undefined) continue
      b.qr = payload
      qr.push(payload)
    }
    return {
      seq,
      at,
      widthDots: this.widthDots,
      blocks,
      lines,
      qr,
      cut,
      complete,
      warnings,
      ignored,
    }
  }

  private flushLine(wrapped: boolean): void {
    const line = this.line
    if (line === null) return
    this.line = null
    this.blocks.push({
      kind: 'text',
      align: line.align,
      text: line.runs.map((r) => r.text).join(''),
      runs: line.runs,
      widthDots: line.widthDots,
      height: line.height,
      wrapped,
    })
  }
}

function emptyLine(align: Align, height: number): TextLine {
  return { kind: 'text', align, text: '', runs: [], widthDots: 0, height, wrapped: false }
}
