import { EventEmitter } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { type Clock, systemClock } from '@qms/protocol'
import type { DecoderEvent } from '../decoder/context.js'
import { EscPosDecoder } from '../decoder/decoder.js'
import type { DecodedTicket, DecoderWarning } from '../decoder/model.js'
import {
  type PrinterCondition,
  printerIdAnswer,
  realtimeStatus,
  transmittedStatus,
} from './status.js'

/*
 * A network ESC/POS printer (the "raw" port 9100 kind) that prints onto a ticket model instead of
 * paper. Each connection gets its own decoder, as if the printer were reset when a job starts,
 * so garbage from one job cannot spoil the next. Status requests are answered at once, in the
 * order they arrive, like the real-time commands they are.
 */

export interface VirtualPrinterOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Paper width in millimetres: 58 (384 dots) or 80 (576 dots, default). */
  width?: 58 | 80
  /** Time for tickets' `at` and for waitForTicket's timeout. */
  clock?: Clock
  /** Chinese mode at power on (default true, as printers sold in China ship). */
  chineseAtPowerOn?: boolean
  /** Tickets kept in `tickets`; older ones are dropped (default 1000). */
  maxTickets?: number
}

/**
 * How an off-line printer behaves: `status` accepts jobs, reports off line (cover open) to
 * DLE EOT and prints nothing; `drop` resets every connection as soon as it is made.
 */
export type OfflineMode = 'status' | 'drop'

export interface PrinterWarning {
  connection: number
  warning: DecoderWarning
}

export interface PrinterStatusRequest {
  connection: number
  command: 'DLE EOT' | 'GS r' | 'GS I'
  n: number
  answer: number[]
}

export interface VirtualPrinterEvents {
  ticket: [DecodedTicket]
  warning: [PrinterWarning]
  connection: [{ connection: number; remote: string }]
  'status-request': [PrinterStatusRequest]
  /** Bytes that arrived while the printer could not print (paper out, off line). */
  discarded: [{ connection: number; bytes: number }]
}

export interface VirtualPrinterState extends PrinterCondition {
  offline: OfflineMode | false
  connections: number
  discardedBytes: number
}

export const DOTS_BY_WIDTH = { 58: 384, 80: 576 } as const

export class VirtualPrinter extends EventEmitter<VirtualPrinterEvents> {
  readonly host: string
  readonly width: 58 | 80
  readonly widthDots: number
  readonly tickets: DecodedTicket[] = []
  private readonly clock: Clock
  private readonly sockets = new Set<Socket>()
  private readonly maxTickets: number
  private readonly chineseAtPowerOn: boolean
  private offline: OfflineMode | false = false
  private paperOut = false
  private paperNearEnd = false
  private discardedBytes = 0
  private seq = 0
  private connectionSeq = 0
  private closing: Promise<void> | undefined
  private boundPort = 0

  constructor(
    private readonly server: Server,
    options: VirtualPrinterOptions,
  ) {
    super()
    this.host = options.host ?? '127.0.0.1'
    this.width = options.width ?? 80
    this.widthDots = DOTS_BY_WIDTH[this.width]
    this.clock = options.clock ?? systemClock
    this.maxTickets = options.maxTickets ?? 1000
    this.chineseAtPowerOn = options.chineseAtPowerOn ?? true
    server.on('connection', (socket) => this.accept(socket))
  }

  get port(): number {
    return this.boundPort
  }

  /** `tcp://host:port`, the form a printer's `interface` takes in a hall's configuration. */
  get url(): string {
    return `tcp://${this.host}:${this.port}`
  }

  /** @internal Starts listening; used by startVirtualPrinter. */
  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    const address = this.server.address()
    if (address !== null && typeof address === 'object') this.boundPort = address.port
  }

  state(): VirtualPrinterState {
    return {
      offline: this.offline,
      coverOpen: this.offline === 'status',
      paperOut: this.paperOut,
      paperNearEnd: this.paperNearEnd,
      connections: this.sockets.size,
      discardedBytes: this.discardedBytes,
    }
  }

  /** Takes the printer off line (or back). `drop` also resets the connections open now. */
  setOffline(offline: boolean, mode: OfflineMode = 'status'): void {
    this.offline = offline ? mode : false
    if (this.offline === 'drop') for (const socket of this.sockets) socket.resetAndDestroy()
  }

  /** Paper end: DLE EOT 4 reports it, DLE EOT 1 reports off line, print data is discarded. */
  setPaperOut(out: boolean): void {
    this.paperOut = out
  }

  /** Paper near end: reported by DLE EOT 4 and GS r 1; printing goes on. */
  setPaperNearEnd(near: boolean): void {
    this.paperNearEnd = near
  }

  /**
   * The first ticket, printed already or still to come, that `predicate` accepts. Rejects after
   * `timeoutMs` (default 10 s) on the printer's clock.
   */
  waitForTicket(
    predicate: (ticket: DecodedTicket) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<DecodedTicket> {
    const found = this.tickets.find(predicate)
    if (found !== undefined) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const onTicket = (ticket: DecodedTicket) => {
        if (!predicate(ticket)) return
        this.clock.clearTimeout(timer)
        this.off('ticket', onTicket)
        resolve(ticket)
      }
      const timer = this.clock.setTimeout(() => {
        this.off('ticket', onTicket)
        reject(new Error(`no matching ticket printed within ${timeoutMs} ms`))
      }, timeoutMs)
      this.on('ticket', onTicket)
    })
  }

  /** Stops listening and drops every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      for (const socket of this.sockets) socket.destroy()
    })
    return this.closing
  }

  private condition(): PrinterCondition {
    return {
      coverOpen: this.offline === 'status',
      paperOut: this.paperOut,
      paperNearEnd: this.paperNearEnd,
    }
  }

  private accept(socket: Socket): void {
    const connection = ++this.connectionSeq
    if (this.offline === 'drop' || this.closing !== undefined) {
      socket.on('error', () => {})
      socket.resetAndDestroy()
      return
    }
    socket.setNoDelay(true)
    this.sockets.add(socket)
    this.emit('connection', {
      connection,
      remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
    })
    let decoder = this.newDecoder()
    let ended = false
    const handle = (events: DecoderEvent[]) => {
      for (const event of events) this.handle(connection, socket, event)
    }
    // A decoder fault must not take the printer down: report it, start afresh, keep serving.
    const guarded = (fn: () => DecoderEvent[]) => {
      try {
        handle(fn())
      } catch (err) {
        const warning: DecoderWarning = {
          code: 'decoder-error',
          message: `decoder failed: ${(err as Error).message}; reset`,
          offset: decoder.offset,
        }
        this.emit('warning', { connection, warning })
        decoder = this.newDecoder()
      }
    }
    socket.on('data', (chunk: Buffer) => {
      const discarding = this.paperOut || this.offline !== false
      decoder.discarding = discarding
      if (discarding) {
        this.discardedBytes += chunk.length
        this.emit('discarded', { connection, bytes: chunk.length })
      }
      guarded(() => decoder.push(chunk))
    })
    const finish = () => {
      if (ended) return
      ended = true
      guarded(() => decoder.end())
    }
    socket.on('end', () => {
      finish()
      socket.end()
    })
    socket.on('error', () => {
      // A reset or broken connection: what arrived is decoded on close.
    })
    socket.on('close', () => {
      this.sockets.delete(socket)
      finish()
    })
  }

  private newDecoder(): EscPosDecoder {
    return new EscPosDecoder({
      widthDots: this.widthDots,
      chineseAtPowerOn: this.chineseAtPowerOn,
      now: () => this.clock.now(),
      nextSeq: () => ++this.seq,
    })
  }

  private handle(connection: number, socket: Socket, event: DecoderEvent): void {
    switch (event.type) {
      case 'ticket':
        this.tickets.push(event.ticket)
        if (this.tickets.length > this.maxTickets) this.tickets.shift()
        this.emit('ticket', event.ticket)
        break
      case 'warning':
        this.emit('warning', { connection, warning: event.warning })
        break
      case 'status-request': {
        const condition = this.condition()
        const answer =
          event.command === 'DLE EOT'
            ? [realtimeStatus(event.n, condition)]
            : event.command === 'GS r'
              ? [transmittedStatus(event.n, condition)]
              : printerIdAnswer(event.n)
        if (answer.length > 0 && socket.writable) socket.write(Buffer.from(answer))
        this.emit('status-request', { connection, command: event.command, n: event.n, answer })
        break
      }
    }
  }
}

/** Starts a virtual printer and resolves once it listens. */
export async function startVirtualPrinter(
  options: VirtualPrinterOptions = {},
): Promise<VirtualPrinter> {
  const printer = new VirtualPrinter(createServer(), options)
  await printer.listen(options.port ?? 0)
  return printer
}
