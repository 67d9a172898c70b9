import type { TicketBuilder } from './builder.js'
import type { DecodedTicket, DecoderWarning, WarningCode } from './model.js'
import type { PrinterModes } from './state.js'

/*
 * What a command handler sees: the bytes that have arrived, the printer's modes, the ticket being
 * built, and ways to report. A handler is called with `pos` at its prefix byte (ESC, GS, FS,
 * DLE) and returns how many bytes the command took, or INCOMPLETE after setting `need` to how
 * many bytes from `pos` it must see before it can decide.
 */

export const INCOMPLETE = 0

/** A request the printer must answer on the connection. */
export interface StatusRequest {
  type: 'status-request'
  /** DLE EOT n: real-time status; GS r n: status after the data before it; GS I n: printer id. */
  command: 'DLE EOT' | 'GS r' | 'GS I'
  n: number
}

export type DecoderEvent =
  | { type: 'ticket'; ticket: DecodedTicket }
  | StatusRequest
  | { type: 'warning'; warning: DecoderWarning }

export interface DecoderLimits {
  widthDots: number
  chineseAtPowerOn: boolean
  /** Longest command held while waiting for its bytes; longer ones are skipped as absurd. */
  maxCommandBytes: number
  readImageQr: boolean
}

export interface Ctx {
  buf: Uint8Array
  end: number
  /** No more bytes will come: a command cut off here is truncated. */
  final: boolean
  /** Stream offset of buf[0]. */
  base: number
  modes: PrinterModes
  builder: TicketBuilder
  limits: DecoderLimits
  need: number
  warn(code: WarningCode, message: string, pos: number): void
  event(e: DecoderEvent): void
  cut(kind: 'full' | 'partial'): void
  init(): void
}

export type Handler = (ctx: Ctx, pos: number) => number

/** True when `len` bytes from `pos` have arrived; otherwise records the need. */
export function has(ctx: Ctx, pos: number, len: number): boolean {
  if (pos + len <= ctx.end) return true
  ctx.need = len
  return false
}

/** Little-endian 16-bit parameter (nL nH). */
export function u16(buf: Uint8Array, at: number): number {
  return buf[at]! + buf[at + 1]! * 256
}

/** A command of fixed length; `apply` gets the parameter bytes after the two-byte prefix. */
export function fixed(
  len: number,
  apply?: (ctx: Ctx, params: Uint8Array, pos: number) => void,
): Handler {
  return (ctx, pos) => {
    if (!has(ctx, pos, len)) return INCOMPLETE
    apply?.(ctx, ctx.buf.subarray(pos + 2, pos + len), pos)
    return len
  }
}

/** A command understood but with no effect on the paper model (drawer kick, beeper, …). */
export function ignored(len: number, name: string): Handler {
  return fixed(len, (ctx) => ctx.builder.ignore(name))
}

/**
 * A command whose total length is read from its header. Lengths past `max` (or the decoder's
 * limit) cannot be trusted: the header alone is skipped, with a warning, and reading resumes
 * right after it, so what follows still prints.
 */
export function sized(
  ctx: Ctx,
  pos: number,
  headerLen: number,
  total: (buf: Uint8Array, pos: number) => number,
  name: string,
  max = ctx.limits.maxCommandBytes,
): number {
  if (!has(ctx, pos, headerLen)) return INCOMPLETE
  const len = total(ctx.buf, pos)
  if (len > max || len > ctx.limits.maxCommandBytes) {
    ctx.warn('absurd-length', `${name} claims ${len} bytes; skipped its header`, pos)
    return headerLen
  }
  if (!has(ctx, pos, len)) return INCOMPLETE
  return len
}

/** Command bytes as hex, for messages. */
export function hex(buf: Uint8Array, pos: number, len: number): string {
  return Buffer.from(buf.subarray(pos, Math.min(pos + len, buf.length))).toString('hex')
}
