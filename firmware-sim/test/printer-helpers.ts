import iconv from 'iconv-lite'
import QRCode from 'qrcode'
import { type DecodedTicket, type DecoderOptions, decodeEscPos } from '../src/printer/index.js'

/** Byte builders for decoder tests: numbers are bytes, strings are ASCII, Buffers as they are. */
export type Part = number | number[] | string | Uint8Array

export function bytes(...parts: Part[]): Buffer {
  return Buffer.concat(
    parts.map((p) =>
      typeof p === 'number'
        ? Buffer.from([p])
        : typeof p === 'string'
          ? Buffer.from(p, 'latin1')
          : Buffer.from(p),
    ),
  )
}

export const ESC = 0x1b
export const GS = 0x1d
export const FS = 0x1c
export const DLE = 0x10
export const LF = 0x0a
export const INIT = [ESC, 0x40]
export const CUT = [GS, 0x56, 0x00]
export const CHINESE_ON = [FS, 0x26]
export const CHINESE_OFF = [FS, 0x2e]

/** GB18030 bytes of `text`. */
export function gb(text: string): Buffer {
  return iconv.encode(text, 'gb18030')
}

/** GS ( k for QR: model 2, module `size`, level `level` (48–51), store `data`, print. */
export function qrCommands(data: string | Buffer, size = 4, level = 49): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const p = payload.length + 3
  return bytes(
    [GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0],
    [GS, 0x28, 0x6b, 3, 0, 49, 67, size],
    [GS, 0x28, 0x6b, 3, 0, 49, 69, level],
    [GS, 0x28, 0x6b, p & 0xff, p >> 8, 49, 80, 48],
    payload,
    [GS, 0x28, 0x6b, 3, 0, 49, 81, 48],
  )
}

/** GS v 0 for a bitmap given as rows of '#' and '.'. */
export function raster(rows: string[], m = 0): Buffer {
  const widthBytes = Math.ceil(Math.max(...rows.map((r) => r.length)) / 8)
  const data = Buffer.alloc(widthBytes * rows.length)
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] === '#') data[y * widthBytes + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  })
  return bytes(
    [GS, 0x76, 0x30, m, widthBytes & 0xff, widthBytes >> 8, rows.length & 0xff, rows.length >> 8],
    data,
  )
}

/** A QR code as '#'/'.' rows, `scale` dots a module, with no margin. */
export function qrRows(text: string, scale = 4): string[] {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules
  const rows: string[] = []
  for (let r = 0; r < modules.size * scale; r++) {
    let row = ''
    for (let c = 0; c < modules.size * scale; c++) {
      row += modules.get(Math.floor(r / scale), Math.floor(c / scale)) ? '#' : '.'
    }
    rows.push(row)
  }
  return rows
}

/** Decodes a stream and returns its only ticket (throws if there is not exactly one). */
export function one(stream: Uint8Array, options: DecoderOptions = {}): DecodedTicket {
  const { tickets } = decodeEscPos(stream, options)
  if (tickets.length !== 1) throw new Error(`expected one ticket, got ${tickets.length}`)
  return tickets[0]!
}

/** A deterministic byte generator (xorshift32) for garbage that is the same on every run. */
export function garbage(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length)
  let x = seed >>> 0
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    out[i] = x & 0xff
  }
  return out
}
