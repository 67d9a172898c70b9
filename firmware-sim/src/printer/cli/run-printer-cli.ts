import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { QmsError } from '@qms/protocol'
import { renderTicketPng } from '../render/png.js'
import { renderTicketText } from '../render/text.js'
import { startVirtualPrinter, type VirtualPrinter } from '../server/virtual-printer.js'

/*
 * `qms-sim printer`: a virtual ESC/POS printer on a TCP port, printing each ticket as text to
 * stdout and, with --out, as PNG and text files. The caller (qms-sim's main) owns the process:
 * it awaits this, keeps running, and calls close() on SIGTERM.
 */

export const PRINTER_CLI_HELP = `qms-sim printer — a virtual ESC/POS network printer (虚拟小票打印机)

Usage:
  qms-sim printer [--port 9100] [--host 127.0.0.1] [--width 80] [--out DIR]
                  [--offline] [--paper-out]

Options:
  --port N        TCP port to listen on (0 picks a free one; default 9100)
  --host ADDR     address to listen on (default 127.0.0.1)
  --width 58|80   paper width in millimetres (default 80)
  --out DIR       also write ticket-<n>.png and ticket-<n>.txt there
  --offline       start off line (reports cover open, prints nothing)
  --paper-out     start out of paper
  -h, --help      show this help
`

export interface PrinterCliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export interface PrinterCliHandle {
  printer: VirtualPrinter
  close(): Promise<void>
}

/**
 * Parses `argv` (the words after `printer`), starts the printer and resolves once it listens;
 * null when only the help was asked for. Throws a QmsError CONFIG_INVALID for bad options.
 */
export async function runPrinterCli(
  argv: string[],
  io: PrinterCliIo = process,
): Promise<PrinterCliHandle | null> {
  let values: ReturnType<typeof parse>['values']
  try {
    values = parse(argv).values
  } catch (err) {
    throw new QmsError('CONFIG_INVALID', (err as Error).message)
  }
  if (values.help === true) {
    io.stdout.write(PRINTER_CLI_HELP)
    return null
  }
  const port = Number(values.port ?? '9100')
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new QmsError('CONFIG_INVALID', `--port must be 0–65535, not ${values.port}`)
  }
  const width = Number(values.width ?? '80')
  if (width !== 58 && width !== 80) {
    throw new QmsError('CONFIG_INVALID', `--width must be 58 or 80, not ${values.width}`)
  }
  const out = values.out
  if (out !== undefined) await mkdir(out, { recursive: true })
  const printer = await startVirtualPrinter({ port, host: values.host ?? '127.0.0.1', width })
  if (values.offline === true) printer.setOffline(true)
  if (values['paper-out'] === true) printer.setPaperOut(true)
  let writes = Promise.resolve()
  printer.on('ticket', (ticket) => {
    const text = renderTicketText(ticket)
    io.stdout.write(`ticket ${ticket.seq}:\n${text}`)
    if (out === undefined) return
    const base = join(out, `ticket-${ticket.seq}`)
    writes = writes
      .then(() => writeFile(`${base}.txt`, text))
      .then(() => writeFile(`${base}.png`, renderTicketPng(ticket).png))
      .catch((err: Error) => {
        io.stderr.write(`printer: could not write ${base}: ${err.message}\n`)
      })
  })
  printer.on('warning', ({ connection, warning }) => {
    io.stderr.write(`printer: connection ${connection}: ${warning.code}: ${warning.message}\n`)
  })
  io.stdout.write(`virtual printer (${width} mm) listening on ${printer.url}\n`)
  return {
    printer,
    close: async () => {
      await printer.close()
      await writes
    },
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      width: { type: 'string' },
      out: { type: 'string' },
      offline: { type: 'boolean' },
      'paper-out': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
}
