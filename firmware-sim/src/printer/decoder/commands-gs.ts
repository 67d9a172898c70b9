import {
  type Ctx,
  fixed,
  type Handler,
  has,
  hex,
  INCOMPLETE,
  ignored,
  sized,
  u16,
} from './context.js'
import { rasterImage } from './images.js'
import { barcode, setBarcodeHeight, symbol } from './symbols.js'

/*
 * GS commands, by their second byte [Epson ESC/POS Application Programming Guide].
 */

/** GS V m [n]: 0/48 full cut, 1/49 partial; 65/66, 97/98, 103/104 feed n first (full/partial). */
const cut: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  const m = ctx.buf[pos + 2]!
  if (m === 0 || m === 48 || m === 1 || m === 49) {
    ctx.cut(m === 0 || m === 48 ? 'full' : 'partial')
    return 3
  }
  if ([65, 66, 97, 98, 103, 104].includes(m)) {
    if (!has(ctx, pos, 4)) return INCOMPLETE
    ctx.builder.feed(ctx.buf[pos + 3]!)
    ctx.cut(m % 2 === 1 ? 'full' : 'partial')
    return 4
  }
  ctx.warn('bad-parameter', `GS V ${m}; skipped`, pos)
  return 3
}

/** GS v 0 m xL xH yL yH d1 … dk: raster bit image, 1–128 bytes wide, 1–4095 dots high. */
const raster: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  if (ctx.buf[pos + 2] !== 0x30) {
    ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 3)}; skipped 3 bytes`, pos)
    return 3
  }
  if (!has(ctx, pos, 8)) return INCOMPLETE
  const m = ctx.buf[pos + 3]!
  const x = u16(ctx.buf, pos + 4)
  const y = u16(ctx.buf, pos + 6)
  if (x < 1 || x > 128 || y < 1 || y > 4095 || (m > 3 && (m < 48 || m > 51))) {
    ctx.warn('absurd-length', `GS v 0 of ${x}×${y} bytes (m=${m}); skipped its header`, pos)
    return 8
  }
  const len = 8 + x * y
  if (len > ctx.limits.maxCommandBytes) {
    ctx.warn('absurd-length', `GS v 0 claims ${len} bytes; skipped its header`, pos)
    return 8
  }
  if (!has(ctx, pos, len)) return INCOMPLETE
  rasterImage(ctx, m, x, y, ctx.buf.subarray(pos + 8, pos + len))
  return len
}

/** GS ( x pL pH …: every function of this family carries its own length. */
const parenthesised: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  const fn = ctx.buf[pos + 2]!
  if (fn === 0x6b) return symbol(ctx, pos)
  const len = sized(ctx, pos, 5, (b, p) => 5 + u16(b, p + 3), `GS ( ${String.fromCharCode(fn)}`)
  if (len > 5) ctx.builder.ignore(`GS ( ${String.fromCharCode(fn)}`)
  return len
}

/** GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length. */
const graphics32: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  if (ctx.buf[pos + 2] !== 0x4c) {
    ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 3)}; skipped 3 bytes`, pos)
    return 3
  }
  const len = sized(
    ctx,
    pos,
    7,
    (b, p) => 7 + b[p + 3]! + b[p + 4]! * 0x100 + b[p + 5]! * 0x10000 + b[p + 6]! * 0x1000000,
    'GS 8 L',
  )
  if (len > 7) ctx.builder.ignore('GS 8 L')
  return len
}

/** GS * x y d1 … d(x×y×8): define a downloaded bit image. */
const downloadImage: Handler = (ctx, pos) => {
  const len = sized(ctx, pos, 4, (b, p) => 4 + b[p + 2]! * b[p + 3]! * 8, 'GS *', 4 + 1536 * 8)
  if (len > 4) ctx.builder.ignore('GS *')
  return len
}

/** GS Q 0 m xL xH yL yH d…: variable-size bit image (older models). */
const variableImage: Handler = (ctx, pos) => {
  const len = sized(ctx, pos, 8, (b, p) => 8 + u16(b, p + 4) * u16(b, p + 6), 'GS Q 0')
  if (len > 8) ctx.builder.ignore('GS Q 0')
  return len
}

const request = (command: 'GS r' | 'GS I') =>
  fixed(3, (ctx, p) => ctx.event({ type: 'status-request', command, n: p[0]! }))

export const GS: Record<number, Handler> = {
  33: fixed(3, (ctx, p, pos) => {
    const n = p[0]!
    // [GS !] bits 4–6 width, bits 0–2 height; bits 3 and 7 must be 0.
    if (n & 0x88) {
      ctx.warn('bad-parameter', `GS ! ${n}`, pos)
      return
    }
    ctx.modes.width = ((n >> 4) & 0x07) + 1
    ctx.modes.height = (n & 0x07) + 1
  }),
  36: ignored(4, 'GS $'),
  40: parenthesised,
  42: downloadImage,
  47: ignored(3, 'GS /'),
  56: graphics32,
  58: ignored(2, 'GS :'),
  66: fixed(3, (ctx, p) => {
    ctx.modes.invert = (p[0]! & 1) === 1
  }),
  69: ignored(3, 'GS E'),
  72: ignored(3, 'GS H'),
  73: request('GS I'),
  76: ignored(4, 'GS L'),
  80: ignored(4, 'GS P'),
  81: variableImage,
  84: ignored(3, 'GS T'),
  86: cut,
  87: ignored(4, 'GS W'),
  92: ignored(4, 'GS \\'),
  94: ignored(5, 'GS ^'),
  97: ignored(3, 'GS a'),
  98: ignored(3, 'GS b'),
  99: ignored(2, 'GS c'),
  102: ignored(3, 'GS f'),
  103: ignored(6, 'GS g'),
  104: fixed(3, (ctx, p) => setBarcodeHeight(ctx, p[0]!)),
  106: ignored(3, 'GS j'),
  107: barcode,
  114: request('GS r'),
  118: raster,
  119: ignored(3, 'GS w'),
  122: ignored(5, 'GS z'),
}

export function gsCommand(ctx: Ctx, pos: number): number {
  if (!has(ctx, pos, 2)) return INCOMPLETE
  const handler = GS[ctx.buf[pos + 1]!]
  if (handler !== undefined) return handler(ctx, pos)
  ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 2)}; skipped 2 bytes`, pos)
  return 2
}
