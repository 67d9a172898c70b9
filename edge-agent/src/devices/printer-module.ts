import { createTicketPrinter } from '../printer/index.js'
import type { PrinterFactory } from './printing.js'

/**
 * Where the printer module (src/printer/) plugs in: the factory that makes a dispenser's
 * ESC/POS network printer (one job at a time, each bounded by its timeout, never throwing).
 */
export function defaultPrinterFactory(): PrinterFactory {
  return (config, options) => createTicketPrinter(config, options)
}
