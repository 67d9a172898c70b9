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

/*
 * FS commands (Chinese/kanji mode and NV images) and DLE real-time commands [Epson ESC/POS
 * Application Programming Guide; FS & and FS . as Chinese models document them].
 */

/** FS q n [xL xH yL yH d1 … d(x×y×8)] × n: define NV bit images. */
const defineNv: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  const n = ctx.buf[pos + 2]!
  let at = pos + 3
  for (let i = 0; i < n; i++) {
    if (!has(ctx, at, 4)) {
      ctx.need += at - pos
      return INCOMPLETE
    }
    const size = u16(ctx.buf, at) * u16(ctx.buf, at + 2) * 8
    at += 4 + size
    if (at - pos > ctx.limits.maxCommandBytes) {
      ctx.warn('absurd-length', `FS q claims more than ${ctx.limits.maxCommandBytes} bytes`, pos)
      return 3
    }
  }
  if (!has(ctx, pos, at - pos)) return INCOMPLETE
  ctx.builder.ignore('FS q')
  return at - pos
}

/** FS g 1 m a1 a2 a3 a4 nL nH d1 … dk (write), FS g 2 m a1 a2 a3 a4 nL nH (read). */
const userNv: Handler = (ctx, pos) => {
  if (!has(ctx, pos, 3)) return INCOMPLETE
  const fn = ctx.buf[pos + 2]!
  if (fn === 0x32) return ignored(10, 'FS g 2')(ctx, pos)
  if (fn !== 0x31) {
    ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 3)}; skipped 3 bytes`, pos)
    return 3
  }
  const len = sized(ctx, pos, 10, (b, p) => 10 + u16(b, p + 8), 'FS g 1')
  if (len > 10) ctx.builder.ignore('FS g 1')
  return len
}

export const FS: Record<number, Handler> = {
  33: ignored(3, 'FS !'),
  38: fixed(2, (ctx) => {
    ctx.modes.chinese = true
  }),
  40: (ctx, pos) => {
    const len = sized(ctx, pos, 5, (b, p) => 5 + u16(b, p + 3), 'FS (', 1024)
    if (len > 5) ctx.builder.ignore('FS (')
    return len
  },
  45: ignored(3, 'FS -'),
  46: fixed(2, (ctx) => {
    ctx.modes.chinese = false
  }),
  // FS 2 c1 c2 d1 … d72: one user-defined 24×24 character.
  50: ignored(4 + 72, 'FS 2'),
  63: ignored(4, 'FS ?'),
  67: ignored(3, 'FS C'),
  83: ignored(4, 'FS S'),
  87: ignored(3, 'FS W'),
  103: userNv,
  112: ignored(4, 'FS p'),
  113: defineNv,
}

export function fsCommand(ctx: Ctx, pos: number): number {
  if (!has(ctx, pos, 2)) return INCOMPLETE
  const handler = FS[ctx.buf[pos + 1]!]
  if (handler !== undefined) return handler(ctx, pos)
  ctx.warn('unknown-command', `unknown command ${hex(ctx.buf, pos, 2)}; skipped 2 bytes`, pos)
  return 2
}

/** DLE DC4 fn …: lengths by function (1 pulse, 2 power off, 3 buzzer, 7 and 8 buffers). */
const DC4_LENGTHS: Record<number, number> = { 1: 5, 2: 5, 3: 5, 7: 4, 8: 10 }

/**
 * DLE EOT n [a] asks for real-time status: 1 printer, 2 off-line cause, 3 error cause, 4 roll
 * paper sensor; 7 and 8 carry one more byte. A DLE not followed by EOT, ENQ or DC4 is a lone
 * control byte and is skipped.
 */
export function dleCommand(ctx: Ctx, pos: number): number {
  if (!has(ctx, pos, 2)) return INCOMPLETE
  const kind = ctx.buf[pos + 1]!
  if (kind === 0x04) {
    if (!has(ctx, pos, 3)) return INCOMPLETE
    const n = ctx.buf[pos + 2]!
    const len = n === 7 || n === 8 ? 4 : 3
    if (!has(ctx, pos, len)) return INCOMPLETE
    if (n >= 1 && n <= 4) ctx.event({ type: 'status-request', command: 'DLE EOT', n })
    else ctx.builder.ignore(`DLE EOT ${n}`)
    return len
  }
  if (kind === 0x05) return ignored(3, 'DLE ENQ')(ctx, pos)
  if (kind === 0x14) {
    if (!has(ctx, pos, 3)) return INCOMPLETE
    const len = DC4_LENGTHS[ctx.buf[pos + 2]!] ?? 3
    return ignored(len, 'DLE DC4')(ctx, pos)
  }
  ctx.warn('unknown-control', 'DLE without EOT, ENQ or DC4; skipped 1 byte', pos)
  return 1
}
