import { type Ctx, type Handler, has, INCOMPLETE, sized, u16 } from './context.js'
import type { QrErrorLevel } from './model.js'

/*
 * Two-dimensional symbols (GS ( k) and barcodes (GS k). The printer keeps one QR data store:
 * fn 80 fills it, fn 81 prints it with the model, module size and error level set before
 * [ESC/POS GS ( k <Function 165>–<Function 169>].
 */

const QR = 49
const FN_MODEL = 65
const FN_SIZE = 67
const FN_LEVEL = 69
const FN_STORE = 80
const FN_PRINT = 81
/** Largest QR data store: 7089 numeric characters plus the m byte and cn fn [Function 180]. */
const MAX_STORE = 7092

const LEVELS: Record<number, QrErrorLevel> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' }

/** Reads symbol data as UTF-8 where it is valid, as Latin-1 otherwise. */
export function symbolText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return Buffer.from(bytes).toString('latin1')
  }
}

/** GS ( k pL pH cn fn [parameters]. */
export const symbol: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 5)) return INCOMPLETE
  if (u16(ctx.buf, pos + 3) < 3) {
    // Too short to name a function: nothing to do but step over it.
    const short = 5 + u16(ctx.buf, pos + 3)
    if (!has(ctx, pos, short)) return INCOMPLETE
    ctx.warn('bad-parameter', 'GS ( k shorter than cn fn m', pos)
    return short
  }
  if (!has(ctx, pos, 7)) return INCOMPLETE
  const fn = ctx.buf[pos + 6]!
  const max = fn === FN_STORE ? MAX_STORE + 5 : 16
  // An absurd length skips the header with cn and fn, which were read already.
  const len = sized(ctx, pos, 7, (b, p) => 5 + u16(b, p + 3), 'GS ( k', max)
  if (len === INCOMPLETE || len === 7) return len
  const cn = ctx.buf[pos + 5]!
  const params = ctx.buf.subarray(pos + 7, pos + len)
  if (cn !== QR) {
    ctx.builder.ignore(`GS ( k cn=${cn}`)
    return len
  }
  const qr = ctx.modes.qr
  switch (fn) {
    case FN_MODEL: {
      const n = params[0]!
      if (n >= 49 && n <= 51) qr.model = n - 48
      else ctx.warn('bad-parameter', `QR model ${n}`, pos)
      break
    }
    case FN_SIZE: {
      const n = params[0]!
      if (n >= 1 && n <= 16) qr.moduleSize = n
      else ctx.warn('bad-parameter', `QR module size ${n}`, pos)
      break
    }
    case FN_LEVEL: {
      const level = LEVELS[params[0]!]
      if (level === undefined) ctx.warn('bad-parameter', `QR error level ${params[0]}`, pos)
      else qr.errorLevel = level
      break
    }
    case FN_STORE:
      // params[0] is m (48); the data follows.
      qr.data = params.slice(1)
      break
    case FN_PRINT:
      if (qr.data === null || qr.data.length === 0) {
        ctx.warn('qr-without-data', 'QR print with nothing stored', pos)
        break
      }
      ctx.builder.add({
        kind: 'qr',
        align: ctx.modes.align,
        data: symbolText(qr.data),
        model: qr.model,
        moduleSize: qr.moduleSize,
        errorLevel: qr.errorLevel,
      })
      break
    default:
      ctx.builder.ignore(`GS ( k fn=${fn}`)
  }
  return len
}

/** GS k m d1 … dk NUL (m 0–6), or GS k m n d1 … dn (m 65–79). */
export const barcode: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  const m = ctx.buf[pos + 2]!
  let start: number
  let stop: number
  let len: number
  if (m <= 6) {
    start = pos + 3
    const limit = Math.min(ctx.end, start + 256)
    let nul = -1
    for (let i = start; i < limit; i++) {
      if (ctx.buf[i] === 0) {
        nul = i
        break
      }
    }
    if (nul < 0) {
      if (start + 256 <= ctx.end) {
        ctx.warn('bad-parameter', 'GS k data has no NUL within 255 bytes; skipped its header', pos)
        return 3
      }
      ctx.need = ctx.end - pos + 1
      return INCOMPLETE
    }
    stop = nul
    len = nul - pos + 1
  } else if (m >= 65 && m <= 79) {
    if (!has(ctx, pos, 4)) return INCOMPLETE
    const n = ctx.buf[pos + 3]!
    if (!has(ctx, pos, 4 + n)) return INCOMPLETE
    start = pos + 4
    stop = start + n
    len = 4 + n
  } else {
    ctx.warn('bad-parameter', `GS k m=${m}; skipped its header`, pos)
    return 3
  }
  ctx.builder.add({
    kind: 'barcode',
    align: ctx.modes.align,
    system: m,
    data: Buffer.from(ctx.buf.subarray(start, stop)).toString('latin1'),
    heightDots: ctx.modes.barcodeHeight,
  })
  return len
}

export function setBarcodeHeight(ctx: Ctx, n: number): void {
  ctx.modes.barcodeHeight = Math.max(1, n)
}
