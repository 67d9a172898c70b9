import type { Clock, DeviceFault, PrinterConfig, TicketPrint } from '@qms/protocol'
import type { Static } from '@sinclair/typebox'
import type { Logger } from 'pino'
import type { DeviceInfo } from './registry.js'

/** What became of one print job (the printer module's outcome). Never an exception. */
export type PrintOutcome =
  | { ok: true; warning?: 'paper-near-end' }
  | { ok: false; fault: 'printer-offline' | 'paper-out' | 'other'; message: string }

/** One ESC/POS ticket printer, as the printer module (src/printer/) makes it. */
export interface TicketPrinterLike {
  print(ticket: TicketPrint): Promise<PrintOutcome>
  close(): Promise<void> | void
}

export type PrinterFactory = (
  config: PrinterConfig,
  options: { clock?: Clock; timeZone?: string },
) => TicketPrinterLike

export interface FaultReport {
  device: string
  fault: Static<typeof DeviceFault>
  cleared: boolean
  message?: string
}

export interface PrintServiceOptions {
  devices: readonly DeviceInfo[]
  printers: readonly PrinterConfig[]
  /** Makes a printer; undefined when the hall has no printer module (nothing prints). */
  factory: PrinterFactory | undefined
  clock?: Clock
  timeZone?: string
  /** A printer fault began or ended: the agent journals a `device.fault`. */
  onFault(report: FaultReport): void
  /** A ticket could not be printed: the agent tells the dispenser. */
  onFailed(device: string, ticket: string): void
  logger?: Logger
}

/** Prints tickets for dispensers that have a printer, in the background, one job at a time each. */
export interface PrintService {
  /** Whether tickets taken at this device are printed. */
  prints(device: string): boolean
  /** Queues a ticket for the device's printer; resolves with the outcome (never rejects). */
  print(device: string, ticket: TicketPrint): Promise<PrintOutcome | undefined>
  /** Lets queued jobs finish (each bounded by the printer's timeout), then closes. Idempotent. */
  close(): Promise<void>
}

export function createPrintService(options: PrintServiceOptions): PrintService {
  const { factory, logger } = options
  const configs = new Map(options.printers.map((p) => [p.id, p]))
  const printers = new Map<string, TicketPrinterLike>()
  const dispenserPrinter = new Map<string, string>()
  for (const d of options.devices) {
    if (d.kind === 'dispenser' && d.printer !== undefined && configs.has(d.printer))
      dispenserPrinter.set(d.id, d.printer)
  }
  /** The fault each dispenser is in, if any. */
  const faulted = new Map<string, string>()
  const lowPaper = new Set<string>()
  const inFlight = new Set<Promise<unknown>>()
  let closing: Promise<void> | undefined

  const printerFor = (device: string): TicketPrinterLike | undefined => {
    const id = dispenserPrinter.get(device)
    if (id === undefined || factory === undefined) return undefined
    let printer = printers.get(id)
    if (printer === undefined) {
      printer = factory(configs.get(id)!, { clock: options.clock, timeZone: options.timeZone })
      printers.set(id, printer)
    }
    return printer
  }

  const settle = (device: string, ticket: string, outcome: PrintOutcome) => {
    const was = faulted.get(device)
    if (outcome.ok) {
      if (was !== undefined) {
        faulted.delete(device)
        options.onFault({ device, fault: was as FaultReport['fault'], cleared: true })
      }
      // Printing still works near the roll's end; tell the hall once, and when a new roll is in.
      const low = outcome.warning === 'paper-near-end'
      if (low !== lowPaper.has(device)) {
        if (low) lowPaper.add(device)
        else lowPaper.delete(device)
        options.onFault({ device, fault: 'paper-low', cleared: !low })
      }
      return
    }
    logger?.warn({ device, ticket, fault: outcome.fault, msg: outcome.message }, 'print failed')
    if (was !== outcome.fault) {
      faulted.set(device, outcome.fault)
      options.onFault({
        device,
        fault: outcome.fault,
        cleared: false,
        message: outcome.message.slice(0, 200),
      })
    }
    options.onFailed(device, ticket)
  }

  return {
    prints: (device) => factory !== undefined && dispenserPrinter.has(device),
    print(device, ticket) {
      const printer = closing === undefined ? printerFor(device) : undefined
      if (printer === undefined) return Promise.resolve(undefined)
      const job = printer
        .print(ticket)
        .catch(
          (err: unknown): PrintOutcome => ({
            ok: false,
            fault: 'other',
            message: (err as Error).message ?? String(err),
          }),
        )
        .then((outcome) => {
          settle(device, ticket.ticket, outcome)
          return outcome
        })
      inFlight.add(job)
      job.finally(() => inFlight.delete(job)).catch(() => undefined)
      return job
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight])
        await Promise.allSettled([...printers.values()].map((p) => p.close()))
      })()
      return closing
    },
  }
}
