import QRCode from 'qrcode'
import { CHAR_DOTS, CHAR_HEIGHT_DOTS } from '../decoder/builder.js'
import type {
  Align,
  BarcodeBlock,
  DecodedTicket,
  ImageBlock,
  QrBlock,
  TextLine,
  TextRun,
  TicketBlock,
} from '../decoder/model.js'
import { DotCanvas } from './canvas.js'
import { type GlyphSource, loadFont } from './font.js'

/*
 * A ticket as a picture of the paper, one pixel per printer dot (203 dpi). Text is drawn with
 * Unifont glyphs scaled to the printer's 12×24 and 24×24 cells and their magnification; QR
 * symbols are drawn from their stored data; images dot for dot. Without the font file every
 * character is drawn as a box, so the layout still shows.
 */

export interface PngRenderOptions {
  /** Unifont .hex file; default Debian's. */
  fontPath?: string
  /** White margin left and right of the printable width, in dots (default 16). */
  margin?: number
}

/** Where a block was drawn, in PNG pixels. */
export interface Region {
  block: number
  x: number
  y: number
  width: number
  height: number
}

export interface RenderedPng {
  png: Buffer
  width: number
  height: number
  regions: Region[]
  /** Black dots in a rectangle of the picture. */
  countDark(x: number, y: number, width: number, height: number): number
}

const LINE_GAP = 6
const BLOCK_GAP = 8
const TOP = 16
const CUT_SPACE = 24

function isWide(run: TextRun, cp: number): boolean {
  return run.chinese && cp >= 0x80
}

function charWidth(run: TextRun, cp: number): number {
  return (isWide(run, cp) ? CHAR_DOTS.wide : CHAR_DOTS[run.font]) * run.width
}

function lineHeight(line: TextLine): number {
  return CHAR_HEIGHT_DOTS * line.height + LINE_GAP
}

function qrMatrix(block: QrBlock): { size: number; get(r: number, c: number): number } | null {
  try {
    return QRCode.create(block.data, { errorCorrectionLevel: block.errorLevel }).modules
  } catch {
    return null
  }
}

function measure(block: TicketBlock): { width: number; height: number } {
  switch (block.kind) {
    case 'text':
      return { width: block.widthDots, height: lineHeight(block) }
    case 'feed':
      return { width: 0, height: block.dots }
    case 'qr': {
      const size = (qrMatrix(block)?.size ?? 21) * block.moduleSize
      return { width: size, height: size + BLOCK_GAP }
    }
    case 'image':
      return {
        width: block.width * block.scaleX,
        height: block.height * block.scaleY + BLOCK_GAP,
      }
    case 'barcode':
      return {
        width: Math.min(576, block.data.length * 22 + 22),
        height: block.heightDots + BLOCK_GAP,
      }
  }
}

function left(align: Align, width: number, paper: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paper - width) / 2))
  if (align === 'right') return Math.max(0, paper - width)
  return 0
}

export function renderTicketPng(
  ticket: DecodedTicket,
  options: PngRenderOptions = {},
): RenderedPng {
  const margin = options.margin ?? 16
  const paper = ticket.widthDots
  const font = loadFont(options.fontPath)
  const sizes = ticket.blocks.map(measure)
  const height = TOP + sizes.reduce((sum, s) => sum + s.height, 0) + CUT_SPACE
  const canvas = new DotCanvas(paper + 2 * margin, height)
  const regions: Region[] = []
  let y = TOP
  ticket.blocks.forEach((block, index) => {
    const size = sizes[index]!
    const x = margin + left('align' in block ? block.align : 'left', size.width, paper)
    switch (block.kind) {
      case 'text':
        drawLine(canvas, font, block, x, y)
        break
      case 'qr':
        drawQr(canvas, block, x, y)
        break
      case 'image':
        drawImage(canvas, block, x, y)
        break
      case 'barcode':
        drawBarcode(canvas, block, x, y, size.width)
        break
      case 'feed':
        break
    }
    regions.push({ block: index, x, y, width: size.width, height: size.height })
    y += size.height
  })
  // The cut: a dashed line across the paper (a solid one would read as print).
  if (ticket.cut !== null) {
    for (let i = 0; i < paper + 2 * margin; i += 8) canvas.fill(i, height - 4, 4, 1)
  }
  return {
    png: canvas.toPng(),
    width: canvas.width,
    height: canvas.height,
    regions,
    countDark: (rx, ry, rw, rh) => canvas.countDark(rx, ry, rw, rh),
  }
}

function drawLine(
  canvas: DotCanvas,
  font: GlyphSource | null,
  line: TextLine,
  x0: number,
  y0: number,
) {
  const baseline = y0 + CHAR_HEIGHT_DOTS * line.height
  let x = x0
  for (const run of line.runs) {
    const h = CHAR_HEIGHT_DOTS * run.height
    for (const ch of run.text) {
      const cp = ch.codePointAt(0)!
      const w = charWidth(run, cp)
      const top = baseline - h
      if (run.invert) canvas.fill(x, top, w, h)
      drawGlyph(canvas, font, cp, x, top, w, h, run.invert ? 0 : 1, run.bold)
      if (run.underline > 0)
        canvas.fill(x, baseline - run.underline, w, run.underline, run.invert ? 0 : 1)
      x += w
    }
  }
}

function drawGlyph(
  canvas: DotCanvas,
  font: GlyphSource | null,
  cp: number,
  x: number,
  y: number,
  w: number,
  h: number,
  ink: number,
  bold: boolean,
): void {
  if (cp === 0x20 || cp === 0x3000) return
  const glyph = font?.glyph(cp) ?? font?.glyph(0xfffd)
  if (glyph === undefined) {
    // No font: a box keeps the layout visible.
    canvas.fill(x + 1, y + 2, w - 2, 1, ink)
    canvas.fill(x + 1, y + h - 3, w - 2, 1, ink)
    canvas.fill(x + 1, y + 2, 1, h - 4, ink)
    canvas.fill(x + w - 2, y + 2, 1, h - 4, ink)
    return
  }
  // A narrow glyph in a wide cell keeps its shape, centred.
  const drawW = glyph.width === 8 && w >= 2 * CHAR_DOTS.A ? Math.round(w / 2) : w
  const dx = x + Math.floor((w - drawW) / 2)
  for (let ty = 0; ty < h; ty++) {
    const row = glyph.rows[Math.floor((ty * 16) / h)]!
    for (let tx = 0; tx < drawW; tx++) {
      const sx = Math.floor((tx * glyph.width) / drawW)
      if ((row >> (glyph.width - 1 - sx)) & 1) {
        canvas.set(dx + tx, y + ty, ink)
        if (bold) canvas.set(dx + tx + 1, y + ty, ink)
      }
    }
  }
}

function drawQr(canvas: DotCanvas, block: QrBlock, x: number, y: number): void {
  const matrix = qrMatrix(block)
  const m = block.moduleSize
  if (matrix === null) {
    canvas.fill(x, y, 21 * m, 21 * m)
    return
  }
  for (let r = 0; r < matrix.size; r++) {
    for (let c = 0; c < matrix.size; c++) {
      if (matrix.get(r, c)) canvas.fill(x + c * m, y + r * m, m, m)
    }
  }
}

function drawImage(canvas: DotCanvas, block: ImageBlock, x: number, y: number): void {
  for (let r = 0; r < block.height; r++) {
    for (let c = 0; c < block.width; c++) {
      if (block.pixels[r * block.width + c] === 1) {
        canvas.fill(x + c * block.scaleX, y + r * block.scaleY, block.scaleX, block.scaleY)
      }
    }
  }
}

/** Not the symbology's real bars: a stripe pattern from the data, enough to see it was printed. */
function drawBarcode(
  canvas: DotCanvas,
  block: BarcodeBlock,
  x: number,
  y: number,
  width: number,
): void {
  const bytes = Buffer.from(block.data, 'latin1')
  for (let i = 0; i * 2 < width; i++) {
    const byte = bytes[Math.floor(i / 8) % Math.max(1, bytes.length)] ?? 0
    if (i % 8 === 0 || (byte >> (i % 8)) & 1) canvas.fill(x + i * 2, y, 2, block.heightDots)
  }
}
