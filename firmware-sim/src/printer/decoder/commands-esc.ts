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
import { columnImage } from './images.js'
import type { Align } from './model.js'
import { DEFAULT_LINE_SPACING } from './state.js'

/*
 * ESC commands, by their second byte, with the lengths and meanings of the Epson ESC/POS
 * Application Programming Guide. Parameters given as ASCII digits ('0', '1') mean the same as
 * the binary values, as the guide allows for most switches.
 */

/** n & 1 for switches sent as 0/1 or '0'/'1'. */
const on = (n: number) => (n & 1) === 1

function align(n: number): Align | null {
  switch (n) {
    case 0:
    case 48:
      return 'left'
    case 1:
    case 49:
      return 'center'
    case 2:
    case 50:
      return 'right'
    default:
      return null
  }
}

function underline(n: number): 0 | 1 | 2 | null {
  if (n === 0 || n === 48) return 0
  if (n === 1 || n === 49) return 1
  if (n === 2 || n === 50) return 2
  return null
}

/** ESC D n1 … nk NUL: up to 32 tab positions, NUL-terminated. */
const tabs: Handler = (ctx, pos) => {
  const limit = Math.min(ctx.end, pos + 2 + 33)
  for (let i = pos + 2; i < limit; i++) {
    if (ctx.buf[i] === 0) return i - pos + 1
  }
  if (pos + 2 + 33 <= ctx.end) {
    ctx.warn('bad-parameter', 'ESC D lists more than 32 tab positions; skipped its header', pos)
    return 2
  }
  ctx.need = Math.min(ctx.end - pos + 1, 35)
  return INCOMPLETE
}

/** ESC & y c1 c2 [x d1 … d(y×x)] × (c2−c1+1): user-defined characters. */
const userChars: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 5)) return INCOMPLETE
  const y = ctx.buf[pos + 2]!
  const c1 = ctx.buf[pos + 3]!
  const c2 = ctx.buf[pos + 4]!
  if (y < 1 || y > 3 || c1 < 32 || c2 > 126 || c1 > c2) {
    ctx.warn('bad-parameter', `ESC & with y=${y} c1=${c1} c2=${c2}; skipped its header`, pos)
    return 5
  }
  let at = pos + 5
  for (let c = c1; c <= c2; c++) {
    if (!has(ctx, at, 1)) {
      ctx.need += at - pos
      return INCOMPLETE
    }
    at += 1 + y * ctx.buf[at]!
  }
  if (!has(ctx, pos, at - pos)) return INCOMPLETE
  ctx.builder.ignore('ESC &')
  return at - pos
}

/** ESC * m nL nH d1 … dk: a column-format bit image in the line buffer. */
const bitImage: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 5)) return INCOMPLETE
  const m = ctx.buf[pos + 2]!
  const n = u16(ctx.buf, pos + 3)
  if (![0, 1, 32, 33].includes(m) || n < 1 || n > 2047) {
    ctx.warn('bad-parameter', `ESC * with m=${m} n=${n}; skipped its header`, pos)
    return 5
  }
  const k = m >= 32 ? 3 * n : n
  if (!has(ctx, pos, 5 + k)) return INCOMPLETE
  columnImage(ctx, m, n, ctx.buf.subarray(pos + 5, pos + 5 + k))
  return 5 + k
}

const cutNow = (kind: 'full' | 'partial') =>
  fixed(2, (ctx) => {
    ctx.cut(kind)
  })

export const ESC: Record<number, Handler> = {
  12: ignored(2, 'ESC FF'),
  32: fixed(3, (ctx, p) => {
    ctx.modes.rightSpacing = p[0]!
  }),
  33: fixed(3, (ctx, p) => {
    const n = p[0]!
    ctx.modes.font = n & 0x01 ? 'B' : 'A'
    ctx.modes.bold = (n & 0x08) !== 0
    ctx.modes.height = n & 0x10 ? 2 : 1
    ctx.modes.width = n & 0x20 ? 2 : 1
    ctx.modes.underline = n & 0x80 ? 1 : 0
  }),
  36: ignored(4, 'ESC $'),
  37: ignored(3, 'ESC %'),
  38: userChars,
  40: (ctx, pos) => sized(ctx, pos, 5, (b, p) => 5 + u16(b, p + 3), 'ESC (', 64),
  42: bitImage,
  45: fixed(3, (ctx, p, pos) => {
    const u = underline(p[0]!)
    if (u === null) ctx.warn('bad-parameter', `ESC - ${p[0]}`, pos)
    else ctx.modes.underline = u
  }),
  50: fixed(2, (ctx) => {
    ctx.modes.lineSpacing = DEFAULT_LINE_SPACING
  }),
  51: fixed(3, (ctx, p) => {
    ctx.modes.lineSpacing = p[0]!
  }),
  60: ignored(2, 'ESC <'),
  61: ignored(3, 'ESC ='),
  63: ignored(3, 'ESC ?'),
  64: fixed(2, (ctx) => ctx.init()),
  66: ignored(4, 'ESC B'),
  68: tabs,
  69: fixed(3, (ctx, p) => {
    ctx.modes.bold = on(p[0]!)
  }),
  71: fixed(3, (ctx, p) => {
    ctx.modes.bold = on(p[0]!)
  }),
  74: fixed(3, (ctx, p) => ctx.builder.feed(p[0]!)),
  75: ignored(3, 'ESC K'),
  76: ignored(2, 'ESC L'),
  77: fixed(3, (ctx, p) => {
    ctx.modes.font = on(p[0]!) ? 'B' : 'A'
  }),
  82: fixed(3, (ctx, p) => {
    ctx.modes.intlCharset = p[0]!
  }),
  83: ignored(2, 'ESC S'),
  84: ignored(3, 'ESC T'),
  85: ignored(3, 'ESC U'),
  86: ignored(3, 'ESC V'),
  87: ignored(10, 'ESC W'),
  92: ignored(4, 'ESC \\'),
  97: fixed(3, (ctx, p, pos) => {
    const a = align(p[0]!)
    if (a === null) ctx.warn('bad-parameter', `ESC a ${p[0]}`, pos)
    else ctx.modes.align = a
  }),
  99: ignored(4, 'ESC c'),
  100: fixed(3, (ctx, p) => ctx.builder.feed(p[0]! * ctx.modes.lineSpacing)),
  101: ignored(3, 'ESC e'),
  // ESC i / ESC m: the older full and partial cut.
  105: cutNow('full'),
  109: cutNow('partial'),
  112: ignored(5, 'ESC p'),
  114: ignored(3, 'ESC r'),
  116: fixed(3, (ctx, p) => {
    ctx.modes.codeTable = p[0]!
  }),
  117: ignored(3, 'ESC u'),
  118: ignored(2, 'ESC v'),
  123: ignored(3, 'ESC {'),
}

export function escCommand(ctx: Ctx, pos: number): number {
  if (!has(ctx, pos, 2)) return INCOMPLETE
  const handler = ESC[ctx.buf[pos + 1]!]
  if (handler !== undefined) return handler(ctx, pos)
  ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 2)}; skipped 2 bytes`, pos)
  return 2
}
