/*
 * The virtual ESC/POS printer: a decoder from bytes to a ticket model, renderers to text and PNG,
 * and a TCP server that behaves like a hall's network ticket printer (docs/printer.md).
 */
export {
  PRINTER_CLI_HELP,
  type PrinterCliHandle,
  type PrinterCliIo,
  runPrinterCli,
} from './cli/run-printer-cli.js'
export type { DecoderEvent, StatusRequest } from './decoder/context.js'
export { type DecoderOptions, decodeEscPos, EscPosDecoder } from './decoder/decoder.js'
export type * from './decoder/model.js'
export {
  type PngRenderOptions,
  type Region,
  type RenderedPng,
  renderTicketPng,
} from './render/png.js'
export { renderTicketText, type TextRenderOptions } from './render/text.js'
export {
  type OfflineMode,
  type PrinterStatusRequest,
  type PrinterWarning,
  startVirtualPrinter,
  VirtualPrinter,
  type VirtualPrinterEvents,
  type VirtualPrinterOptions,
  type VirtualPrinterState,
} from './server/virtual-printer.js'
