import type { PrinterFactory } from './printing.js'

/**
 * Where the printer module (src/printer/) plugs in: the factory that makes a dispenser's
 * ESC/POS printer. Until the module is part of the agent, halls print nothing (takes answer
 * `printed: 'none'`).
 */
export function defaultPrinterFactory(): PrinterFactory | undefined {
  return undefined
}
