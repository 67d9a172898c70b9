/*
 * The bytes a printer answers status requests with [ESC/POS DLE EOT, GS r, GS I]. Every DLE EOT
 * answer has bit 1 and bit 4 set and bits 0 and 7 clear (0xx1xx10), which is how a host tells it
 * from other bytes the printer sends.
 */

export interface PrinterCondition {
  /** Off line for a reason other than paper: the cover is open. */
  coverOpen: boolean
  paperOut: boolean
  paperNearEnd: boolean
}

const FIXED = 0x12

/** DLE EOT n, n = 1 printer, 2 off-line cause, 3 error cause, 4 roll paper sensor. */
export function realtimeStatus(n: number, c: PrinterCondition): number {
  switch (n) {
    case 1:
      // bit 3: off line. Paper end and an open cover both take the printer off line.
      return FIXED | (c.coverOpen || c.paperOut ? 0x08 : 0)
    case 2:
      // bit 2: cover open; bit 5: printing stopped by paper end.
      return FIXED | (c.coverOpen ? 0x04 : 0) | (c.paperOut ? 0x20 : 0)
    case 3:
      return FIXED
    case 4:
      // bits 2–3: roll paper near end; bits 5–6: roll paper end.
      return FIXED | (c.paperNearEnd ? 0x0c : 0) | (c.paperOut ? 0x60 : 0)
    default:
      return FIXED
  }
}

/** GS r n: 1 paper sensor (bits 0–1 near end, 2–3 end), 2 drawer, 4 ink; bit 4 is always 0. */
export function transmittedStatus(n: number, c: PrinterCondition): number {
  if (n === 1 || n === 49) return (c.paperNearEnd ? 0x03 : 0) | (c.paperOut ? 0x0c : 0)
  return 0
}

/** GS I n: printer model, type and firmware (1/49, 2/50, 3/51); the others answer nothing. */
export function printerIdAnswer(n: number): number[] {
  switch (n) {
    case 1:
    case 49:
      return [0x20]
    case 2:
    case 50:
      // bit 0: two-byte character code supported; bit 1: autocutter fitted.
      return [0x03]
    case 3:
    case 51:
      return [0x10]
    default:
      return []
  }
}
