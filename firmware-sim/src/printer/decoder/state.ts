import type { Align, QrErrorLevel, TextStyle } from './model.js'

/*
 * The printer's modes while it reads a stream, as ESC/POS defines them after ESC @ ("clears the
 * print buffer and resets the modes to those in effect at power on"). Chinese mode at power on is
 * a model setting: printers sold in China start with it on, which is why senders that never
 * send FS & still print Chinese there.
 */

export interface QrSettings {
  model: number
  moduleSize: number
  errorLevel: QrErrorLevel
  data: Uint8Array | null
}

export interface PrinterModes extends TextStyle {
  align: Align
  /** Extra dots right of each character (ESC SP). */
  rightSpacing: number
  /** Line spacing in dots (ESC 3; ESC 2 restores the default). */
  lineSpacing: number
  /** ESC R n, recorded only. */
  intlCharset: number
  /** GS h: barcode height in dots. */
  barcodeHeight: number
  qr: QrSettings
}

/** About 1/6 inch at 203 dpi, the usual default of ESC 2. */
export const DEFAULT_LINE_SPACING = 30

export function powerOnModes(chineseAtPowerOn: boolean): PrinterModes {
  return {
    width: 1,
    height: 1,
    bold: false,
    underline: 0,
    invert: false,
    font: 'A',
    chinese: chineseAtPowerOn,
    codeTable: 0,
    align: 'left',
    rightSpacing: 0,
    lineSpacing: DEFAULT_LINE_SPACING,
    intlCharset: 0,
    barcodeHeight: 162,
    qr: { model: 2, moduleSize: 3, errorLevel: 'L', data: null },
  }
}

export function styleOf(modes: PrinterModes): TextStyle {
  return {
    width: modes.width,
    height: modes.height,
    bold: modes.bold,
    underline: modes.underline,
    invert: modes.invert,
    font: modes.font,
    chinese: modes.chinese,
    codeTable: modes.codeTable,
  }
}

export function sameStyle(a: TextStyle, b: TextStyle): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.bold === b.bold &&
    a.underline === b.underline &&
    a.invert === b.invert &&
    a.font === b.font &&
    a.chinese === b.chinese &&
    a.codeTable === b.codeTable
  )
}
