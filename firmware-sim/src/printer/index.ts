/*
 * The virtual ESC/POS printer: a decoder from bytes to a ticket model, renderers to text and PNG,
 * and a TCP server that behaves like a hall's network ticket printer.
 */
export {
  PRINTER_CLI_HELP,
  type PrinterCliHandle,
  type PrinterCliIo,
  runPrinterCli,
} from './cli/run-printer-cli.js'
export * from './decoder/index.js'
export * from './render/index.js'
export {
  type PrinterCondition,
  printerIdAnswer,
  realtimeStatus,
  transmittedStatus,
} from './server/status.js'
export {
  DOTS_BY_WIDTH,
  type OfflineMode,
  type PrinterStatusRequest,
  type PrinterWarning,
  startVirtualPrinter,
  VirtualPrinter,
  type VirtualPrinterEvents,
  type VirtualPrinterOptions,
  type VirtualPrinterState,
} from './server/virtual-printer.js'
