import {
  type PrinterConfig,
  PrinterConfig as PrinterConfigSchema,
  QmsError,
  systemClock,
  TicketPrint,
  validate,
} from '@qms/protocol'
import { runJob } from './connection.js'
import { layoutTicket } from './layout.js'
import type { PrintOutcome, TicketPrinter, TicketPrinterOptions } from './types.js'

/*
 * A hall printer as a queue of print jobs: each job lays out its ticket, opens its own
 * connection, checks the printer, prints and confirms, and only then does the next one start.
 * One connection per job keeps a printer that was switched off and on, or a job that went wrong
 * half way, from spoiling the jobs after it.
 */

const DEFAULT_TIMEOUT_MS = 5_000 // one job: connect, status, send, confirmation
const DEFAULT_MAX_QUEUE = 100
const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/** `tcp://host:port` → host and port; throws CONFIG_INVALID otherwise. */
export function parseInterface(uri: string): { host: string; port: number } {
  const match = /^tcp:\/\/([^\s:/]+):([0-9]{1,5})$/.exec(uri)
  const port = Number(match?.[2])
  if (match === null || port < 1 || port > 65535) {
    throw new QmsError('CONFIG_INVALID', `printer interface must be tcp://host:port, not ${uri}`, {
      path: '/interface',
    })
  }
  return { host: match[1]!, port }
}

/**
 * A printer for `config`. Throws QmsError CONFIG_INVALID when the configuration is not valid;
 * from then on nothing it does throws.
 */
export function createTicketPrinter(
  config: PrinterConfig,
  options: TicketPrinterOptions = {},
): TicketPrinter {
  const checked = validate(PrinterConfigSchema, config)
  if (!checked.ok) {
    throw new QmsError('CONFIG_INVALID', `printer: ${checked.error.message}`, {
      path: checked.error.path,
    })
  }
  const target = parseInterface(config.interface)
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new QmsError('CONFIG_INVALID', `printer: unknown time zone ${timeZone}`)
  }
  const qr = options.qr ?? 'native'
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE
  let tail: Promise<unknown> = Promise.resolve()
  let waiting = 0
  let closing: Promise<void> | undefined

  const printOne = async (ticket: TicketPrint): Promise<PrintOutcome> => {
    let bytes: Buffer
    try {
      bytes = await layoutTicket(ticket, { width: config.width, timeZone, qr })
    } catch (err) {
      return {
        ok: false,
        fault: 'other',
        message: `could not lay out the ticket: ${(err as Error).message}`,
      }
    }
    return runJob(target, bytes, { clock, timeoutMs })
  }

  return {
    id: config.id,
    print(ticket) {
      if (closing !== undefined) {
        return Promise.resolve({ ok: false, fault: 'other', message: 'the printer is closed' })
      }
      const valid = validate(TicketPrint, ticket)
      if (!valid.ok) {
        return Promise.resolve({
          ok: false,
          fault: 'other',
          message: `not a printable ticket: ${valid.error.message}`,
        })
      }
      if (waiting >= maxQueue) {
        return Promise.resolve({
          ok: false,
          fault: 'other',
          message: `${waiting} jobs are already waiting for this printer`,
        })
      }
      waiting++
      const job = tail.then(async () => {
        try {
          return await printOne(valid.value)
        } catch (err) {
          return { ok: false, fault: 'other', message: (err as Error).message } as PrintOutcome
        } finally {
          waiting--
        }
      })
      tail = job
      return job
    },
    close() {
      closing ??= tail.then(() => undefined)
      return closing
    },
  }
}
