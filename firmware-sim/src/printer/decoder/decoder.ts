import { TicketBuilder } from './builder.js'
import { escCommand } from './commands-esc.js'
import { dleCommand, fsCommand } from './commands-fs-dle.js'
import { gsCommand } from './commands-gs.js'
import { type Ctx, type DecoderEvent, type DecoderLimits, INCOMPLETE } from './context.js'
import { readQr } from './images.js'
import type { DecodedTicket, WarningCode } from './model.js'
import { type PrinterModes, powerOnModes } from './state.js'
import { readText } from './text.js'

/*
 * A streaming ESC/POS decoder: bytes in, in chunks of any size, events out — finished tickets,
 * status requests the printer must answer, warnings. Pure: no sockets, no timers. A command cut
 * across chunks waits for the rest (never longer than `maxCommandBytes`); everything it cannot
 * make sense of is stepped over with a warning, so one bad byte never costs the rest of a job.
 */

export interface DecoderOptions {
  /** Printable width in dots: 384 for 58 mm paper, 576 for 80 mm (default). */
  widthDots?: number
  /** Chinese mode at power on and after ESC @ (default true, as printers sold in China ship). */
  chineseAtPowerOn?: boolean
  /** Longest command held while waiting for its bytes (default 1 MiB). */
  maxCommandBytes?: number
  /** Read QR codes out of bit images (default true). */
  readImageQr?: boolean
  /** Clock for the tickets' `at` (default Date.now). */
  now?: () => number
  /** Numbers the tickets (default 1, 2, 3 … per decoder). */
  nextSeq?: () => number
}

const HT_COLUMNS = 8

export class EscPosDecoder {
  private readonly limits: DecoderLimits
  private readonly builder: TicketBuilder
  private readonly now: () => number
  private readonly nextSeq: () => number
  private modes: PrinterModes
  private chunks: Uint8Array[] = []
  private pending = 0
  /** Bytes needed before parsing again is worth it. */
  private need = 0
  /** Stream offset of the first pending byte. */
  private base = 0
  private ended = false

  constructor(options: DecoderOptions = {}) {
    this.limits = {
      widthDots: options.widthDots ?? 576,
      chineseAtPowerOn: options.chineseAtPowerOn ?? true,
      maxCommandBytes: options.maxCommandBytes ?? 1024 * 1024,
      readImageQr: options.readImageQr ?? true,
    }
    this.builder = new TicketBuilder(
      this.limits.widthDots,
      this.limits.readImageQr ? readQr : undefined,
    )
    this.modes = powerOnModes(this.limits.chineseAtPowerOn)
    this.now = options.now ?? Date.now
    let seq = 0
    this.nextSeq = options.nextSeq ?? (() => ++seq)
  }

  /** While true (paper out, off line) the printer still answers but prints nothing. */
  get discarding(): boolean {
    return this.builder.discarding
  }
  set discarding(value: boolean) {
    this.builder.discarding = value
  }

  /** Bytes taken in so far. */
  get offset(): number {
    return this.base + this.pending
  }

  push(chunk: Uint8Array): DecoderEvent[] {
    if (this.ended || chunk.length === 0) return []
    this.chunks.push(chunk)
    this.pending += chunk.length
    if (this.pending < this.need) return []
    return this.parse(false)
  }

  /** The stream is over: reports what was cut off and hands over the last, unfinished ticket. */
  end(): DecoderEvent[] {
    if (this.ended) return []
    const events = this.parse(true)
    this.ended = true
    const ticket = this.builder.finish(this.nextSeq(), this.now(), null, false)
    if (ticket !== null) {
      const warning = {
        code: 'no-cut' as const,
        message: 'the stream ended before a cut',
        offset: this.base,
      }
      ticket.warnings.push(warning)
      events.push({ type: 'warning', warning }, { type: 'ticket', ticket })
    }
    return events
  }

  private parse(final: boolean): DecoderEvent[] {
    const events: DecoderEvent[] = []
    const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    const ctx = this.context(buf, final, events)
    let pos = 0
    this.need = 0
    while (pos < buf.length) {
      ctx.need = 0
      const used = this.step(ctx, pos)
      if (used === INCOMPLETE) {
        if (!final) {
          // ctx.need counts from pos, which becomes the first pending byte.
          this.need = Math.max(ctx.need, buf.length - pos + 1)
          break
        }
        ctx.warn('truncated', `the stream ended inside a command (${buf.length - pos} bytes)`, pos)
        pos = buf.length
        break
      }
      pos += used
    }
    const rest = buf.subarray(pos)
    this.base += pos
    this.chunks = rest.length > 0 ? [rest] : []
    this.pending = rest.length
    return events
  }

  private step(ctx: Ctx, pos: number): number {
    const b = ctx.buf[pos]!
    switch (b) {
      case 0x0a:
        this.builder.lineFeed(this.modes)
        return 1
      case 0x09:
        this.tab()
        return 1
      case 0x0c:
        this.builder.printBuffer()
        return 1
      case 0x0d: // CR: ignored while auto line feed is off, the default for network printers
      case 0x00:
      case 0x18:
        return 1
      case 0x1b:
        return escCommand(ctx, pos)
      case 0x1d:
        return gsCommand(ctx, pos)
      case 0x1c:
        return fsCommand(ctx, pos)
      case 0x10:
        return dleCommand(ctx, pos)
    }
    if (b < 0x20) {
      ctx.warn('unknown-control', `control byte 0x${b.toString(16).padStart(2, '0')}`, pos)
      return 1
    }
    const read = readText(
      ctx.buf,
      pos,
      ctx.end,
      this.modes.chinese,
      this.modes.codeTable,
      ctx.final,
    )
    if (read.consumed === 0) {
      ctx.need = ctx.end - pos + 1
      return INCOMPLETE
    }
    if (read.invalid) {
      ctx.warn('invalid-text', 'bytes that are no GB18030 character, printed as U+FFFD', pos)
    }
    this.builder.addChars(read.chars, this.modes)
    return read.consumed
  }

  /** HT: spaces to the next tab stop, every eight characters. */
  private tab(): void {
    const cell = 12 * this.modes.width
    const used = Math.round(this.builder.lineWidth / cell)
    const spaces = HT_COLUMNS - (used % HT_COLUMNS)
    this.builder.addChars(
      Array.from({ length: spaces }, () => ({ ch: ' ', wide: false, invalid: false })),
      this.modes,
    )
  }

  private context(buf: Uint8Array, final: boolean, events: DecoderEvent[]): Ctx {
    const builder = this.builder
    const base = this.base
    const ctx: Ctx = {
      buf,
      end: buf.length,
      final,
      base,
      modes: this.modes,
      builder,
      limits: this.limits,
      need: 0,
      warn: (code: WarningCode, message: string, pos: number) => {
        const warning = builder.warn({ code, message, offset: base + pos })
        if (warning !== null) events.push({ type: 'warning', warning })
      },
      event: (e) => events.push(e),
      cut: (kind) => {
        const ticket = builder.finish(this.nextSeq(), this.now(), kind, true)
        if (ticket !== null) events.push({ type: 'ticket', ticket })
      },
      init: () => {
        builder.clearBuffer()
        this.modes = powerOnModes(this.limits.chineseAtPowerOn)
        ctx.modes = this.modes
      },
    }
    return ctx
  }
}

/** Decodes a whole stream at once: the tickets, and every event in order. */
export function decodeEscPos(
  bytes: Uint8Array,
  options: DecoderOptions = {},
): { tickets: DecodedTicket[]; events: DecoderEvent[] } {
  const decoder = new EscPosDecoder(options)
  const events = [...decoder.push(bytes), ...decoder.end()]
  const tickets = events.flatMap((e) => (e.type === 'ticket' ? [e.ticket] : []))
  return { tickets, events }
}
