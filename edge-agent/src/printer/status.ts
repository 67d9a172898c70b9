/*
 * Real-time status over the printer's own connection [ESC/POS DLE EOT n]. The printer answers
 * each request with one byte shaped 0xx1xx10 (bits 1 and 4 set, 0 and 7 clear); automatic
 * status back and GS r answers never have that shape, so we read only bytes that do.
 *
 *   n = 1 printer status      bit 3: off line
 *   n = 2 off-line cause      bit 2: cover open; bit 5: stopped by paper end; bit 6: error
 *   n = 4 roll paper sensor   bits 2–3: near end; bits 5–6: paper end
 */

const DLE = 0x10
const EOT = 0x04

/** Asked before printing: printer, off-line cause, paper. */
export const STATUS_BEFORE = Buffer.from([DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 4])
/** Asked after the job's bytes: answered once the printer has taken them all in. */
export const STATUS_AFTER = Buffer.from([DLE, EOT, 1, DLE, EOT, 4])

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12
}

export type Verdict =
  | { ok: true; paperNearEnd: boolean }
  | { ok: false; fault: 'printer-offline' | 'paper-out' | 'other'; message: string }

/** Judges the answers to STATUS_BEFORE (printer, cause, paper) or STATUS_AFTER (printer, paper). */
export function judge(printer: number, paper: number, cause?: number): Verdict {
  if ((paper & 0x60) !== 0 || (cause !== undefined && (cause & 0x20) !== 0)) {
    return { ok: false, fault: 'paper-out', message: 'the printer is out of paper (纸已用完)' }
  }
  if ((printer & 0x08) !== 0) {
    if (cause !== undefined && (cause & 0x04) !== 0) {
      return {
        ok: false,
        fault: 'printer-offline',
        message: 'the printer cover is open (打印机盖未关)',
      }
    }
    if (cause !== undefined && (cause & 0x40) !== 0) {
      return { ok: false, fault: 'other', message: 'the printer reports an error (打印机故障)' }
    }
    return { ok: false, fault: 'printer-offline', message: 'the printer is off line (打印机离线)' }
  }
  return { ok: true, paperNearEnd: (paper & 0x0c) !== 0 }
}
