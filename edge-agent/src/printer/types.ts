import type { Clock, TicketPrint } from '@qms/protocol'
import type { QrMode } from './layout.js'

/** What became of one print job. A failed job never throws: it resolves to one of these. */
export type PrintOutcome =
  | {
      ok: true
      /** The roll is nearly used up (纸将尽): still printing, but someone should bring paper. */
      warning?: 'paper-near-end'
    }
  | { ok: false; fault: 'printer-offline' | 'paper-out' | 'other'; message: string }

/** A dispenser's ticket printer: one ESC/POS network printer, one job at a time. */
export interface TicketPrinter {
  readonly id: string
  /**
   * Prints one ticket. Never throws; resolves with the outcome within the timeout once the job's
   * turn has come (jobs wait for the one before them).
   */
  print(ticket: TicketPrint): Promise<PrintOutcome>
  /** Refuses new jobs, lets the queued ones finish (each bounded), then resolves. Idempotent. */
  close(): Promise<void>
}

export interface TicketPrinterOptions {
  /** Bound on one job — connect, status, send, confirmation (default 5000 ms). */
  timeoutMs?: number
  clock?: Clock
  /** Time zone the issue time is printed in (default Asia/Shanghai). */
  timeZone?: string
  /** `native` (default): the printer draws the QR; `image`: sent as a raster image. */
  qr?: QrMode
  /** Jobs allowed to wait; past it a job is refused at once (default 100). */
  maxQueue?: number
}
