import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type DecodedTicket,
  renderTicketText,
  startVirtualPrinter,
  type VirtualPrinter,
} from '@qms/firmware-sim'
import type { HallConfig } from '@qms/protocol'
import { portFree } from '../layout/ports.js'

/*
 * A virtual ESC/POS printer for every ticket printer of the running halls, where the halls'
 * files say they are (tcp://127.0.0.1:91xx in the sample) when those ports are free, else on a
 * free port (the generated hall file then points there). Every ticket printed is appended, as
 * it lies on the paper, to <data>/printers/<hall>-<printer>.txt: `tail -f` it to watch a kiosk.
 */

export interface HallPrinters {
  /** `<site>/<printerId>` → the running printer. */
  readonly printers: ReadonlyMap<string, VirtualPrinter>
  /** A hall's printers' addresses, printer id → tcp://host:port. */
  urlsOf(site: string): Map<string, string>
  /** The paper file of a printer. */
  paperFile(site: string, printer: string): string
  close(): Promise<void>
}

function sampleUrl(config: string): { host: string; port: number } | undefined {
  const m = /^tcp:\/\/([^:/]+):(\d+)$/.exec(config)
  return m === null ? undefined : { host: m[1]!, port: Number(m[2]) }
}

export async function startPrinters(options: {
  halls: readonly HallConfig[]
  dataDir: string
  /** `fixed`: the halls' own ports when free; `free`: any free port. */
  mode: 'fixed' | 'free'
  onTicket?(site: string, printer: string, ticket: DecodedTicket): void
  onError?(err: Error): void
}): Promise<HallPrinters> {
  const dir = join(options.dataDir, 'printers')
  await mkdir(dir, { recursive: true })
  const printers = new Map<string, VirtualPrinter>()
  const paperFile = (site: string, printer: string) => join(dir, `${site}-${printer}.txt`)
  try {
    for (const hall of options.halls) {
      for (const p of hall.printers ?? []) {
        const wanted = sampleUrl(p.interface)
        const port =
          options.mode === 'fixed' &&
          wanted !== undefined &&
          wanted.host === '127.0.0.1' &&
          (await portFree(wanted.port, '127.0.0.1'))
            ? wanted.port
            : 0
        const printer = await startVirtualPrinter({ port, width: p.width ?? 80 })
        printers.set(`${hall.id}/${p.id}`, printer)
        const file = paperFile(hall.id, p.id)
        printer.on('ticket', (ticket) => {
          options.onTicket?.(hall.id, p.id, ticket)
          const head = `--- ${new Date(ticket.at).toISOString()} · ${hall.id} ${p.id} · #${ticket.seq}\n`
          appendFile(file, `${head}${renderTicketText(ticket)}\n\n`).catch((err: Error) =>
            options.onError?.(err),
          )
        })
      }
    }
  } catch (err) {
    await Promise.all([...printers.values()].map((p) => p.close()))
    throw err
  }
  let closing: Promise<void> | undefined
  return {
    printers,
    urlsOf(site) {
      const out = new Map<string, string>()
      for (const [key, printer] of printers) {
        const [s, id] = key.split('/') as [string, string]
        if (s === site) out.set(id, printer.url)
      }
      return out
    },
    paperFile,
    close() {
      closing ??= Promise.all([...printers.values()].map((p) => p.close())).then(() => undefined)
      return closing
    },
  }
}
