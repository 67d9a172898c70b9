/*
 * The ticket model the virtual printer decodes an ESC/POS stream into: what a person would see
 * on the paper, block by block, with the print modes that shaped it. Plain data (JSON-safe apart
 * from image pixels), so tests can assert on it and logs can print it.
 */

export type Align = 'left' | 'center' | 'right'

/** The print modes a run of characters was printed with. */
export interface TextStyle {
  /** Character width magnification, 1–8 (GS ! bits 4–6, ESC ! bit 5). */
  width: number
  /** Character height magnification, 1–8 (GS ! bits 0–2, ESC ! bit 4). */
  height: number
  /** Emphasised (ESC E) or double-strike (ESC G). */
  bold: boolean
  /** Underline thickness in dots, 0–2 (ESC -). */
  underline: 0 | 1 | 2
  /** White on black (GS B). */
  invert: boolean
  font: 'A' | 'B'
  /** Chinese (kanji) mode was on (FS & … FS .): bytes were read as GB18030. */
  chinese: boolean
  /** The code table (ESC t n) single bytes ≥ 0x80 were read with outside Chinese mode. */
  codeTable: number
}

export interface TextRun extends TextStyle {
  text: string
}

/** One printed line of text. An empty line (a bare LF) has no runs and `text` ''. */
export interface TextLine {
  kind: 'text'
  align: Align
  text: string
  runs: TextRun[]
  /** Width of the printed characters in dots. */
  widthDots: number
  /** Tallest character magnification on the line. */
  height: number
  /**
   * The line did not fit the paper and the printer wrapped it: the rest follows on the next
   * line. A well laid-out ticket never has one.
   */
  wrapped: boolean
}

/** Paper fed without printing (ESC d, ESC J). */
export interface FeedBlock {
  kind: 'feed'
  dots: number
}

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H'

/** A QR symbol printed by the printer itself (GS ( k, cn 49). */
export interface QrBlock {
  kind: 'qr'
  align: Align
  /** The stored symbol data, read as UTF-8 (Latin-1 when it is not valid UTF-8). */
  data: string
  model: number
  /** Module size in dots (GS ( k fn 67). */
  moduleSize: number
  errorLevel: QrErrorLevel
}

/** A bit image (GS v 0 raster, ESC * column format). */
export interface ImageBlock {
  kind: 'image'
  align: Align
  /** Width and height in dots before scaling. */
  width: number
  height: number
  /** Scale the printer applies (GS v 0 m: double width / height). */
  scaleX: number
  scaleY: number
  /** One byte per dot, row by row: 1 is black. */
  pixels: Uint8Array
  /** The payload when the image is a readable QR code. */
  qr?: string
}

/** A one-dimensional barcode (GS k). */
export interface BarcodeBlock {
  kind: 'barcode'
  align: Align
  /** GS k m: the symbology number as sent. */
  system: number
  data: string
  /** Bar height in dots (GS h). */
  heightDots: number
}

export type TicketBlock = TextLine | FeedBlock | QrBlock | ImageBlock | BarcodeBlock

export type WarningCode =
  | 'unknown-command'
  | 'unknown-control'
  | 'bad-parameter'
  | 'absurd-length'
  | 'invalid-text'
  | 'truncated'
  | 'no-cut'
  | 'qr-without-data'
  | 'too-many-warnings'
  | 'decoder-error'

/** Something in the stream the printer could not make sense of; it skipped it and went on. */
export interface DecoderWarning {
  code: WarningCode
  message: string
  /** Byte offset in the connection's stream where it happened. */
  offset: number
}

/** One ticket: everything printed up to a cut, or up to the end of the stream. */
export interface DecodedTicket {
  /** Sequence number of this ticket in its printer, from 1. */
  seq: number
  /** When the ticket was finished, by the printer's clock (epoch ms). */
  at: number
  /** Paper width in dots the stream was decoded for (384 for 58 mm, 576 for 80 mm). */
  widthDots: number
  blocks: TicketBlock[]
  /** The text lines, in order (feeds and symbols left out). */
  lines: TextLine[]
  /** Every QR payload on the ticket: printer-made symbols and QR codes read from images. */
  qr: string[]
  cut: 'full' | 'partial' | null
  /** Ended by a cut (false: the stream ended first). */
  complete: boolean
  warnings: DecoderWarning[]
  /** Commands that were understood but have no effect on the model (beeper, drawer, …). */
  ignored: string[]
}
