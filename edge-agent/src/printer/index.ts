/*
 * Ticket printing on a hall's ESC/POS network printer (docs/printing.md).
 */
export { type JobOptions, type JobTarget, runJob } from './connection.js'
export {
  type LayoutOptions,
  largestFit,
  layoutTicket,
  PAPER,
  PRIORITY_LABELS,
  type QrMode,
  qrPayload,
} from './layout.js'
export { isStatusByte, judge, STATUS_AFTER, STATUS_BEFORE, type Verdict } from './status.js'
export { columnsOf, encodeText, wrapText } from './text.js'
export { createTicketPrinter, parseInterface } from './ticket-printer.js'
export type { PrintOutcome, TicketPrinter, TicketPrinterOptions } from './types.js'
