import jsQRModule from 'jsqr'
import type { Ctx } from './context.js'
import type { ImageBlock } from './model.js'

// jsqr is a CommonJS bundle whose typings describe an ES default export; take whichever the
// loader hands over.
type JsQr = typeof jsQRModule.default
const jsQR: JsQr =
  typeof jsQRModule === 'function' ? (jsQRModule as unknown as JsQr) : jsQRModule.default

/*
 * Bit images into the ticket model. The decoder reads QR codes from them when a ticket is
 * finished (`readQr`). Raster images (GS v 0) arrive row by row, eight dots a byte,
 * the leftmost dot in the high bit; column images (ESC *) arrive column by column, 8 or 24 dots
 * a column, the top dot in the high bit, one band per line. Bands that follow each other are
 * joined, so a picture sent as bands (a QR code, a logo) comes out as one image.
 */

/** GS v 0 m: m = 0/48 normal, 1/49 double width, 2/50 double height, 3/51 quadruple. */
export function rasterImage(
  ctx: Ctx,
  m: number,
  widthBytes: number,
  height: number,
  data: Uint8Array,
): void {
  const width = widthBytes * 8
  const pixels = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let xb = 0; xb < widthBytes; xb++) {
      const byte = data[y * widthBytes + xb]!
      if (byte === 0) continue
      for (let bit = 0; bit < 8; bit++) {
        if (byte & (0x80 >> bit)) pixels[y * width + xb * 8 + bit] = 1
      }
    }
  }
  const mode = m & 0x03
  const block: ImageBlock = {
    kind: 'image',
    align: ctx.modes.align,
    width,
    height,
    scaleX: mode & 1 ? 2 : 1,
    scaleY: mode & 2 ? 2 : 1,
    pixels,
  }
  ctx.builder.add(block)
}

/** ESC * m nL nH: m = 0/1 (8-dot, single/double density), 32/33 (24-dot). */
export function columnImage(ctx: Ctx, m: number, columns: number, data: Uint8Array): void {
  const bytesPerColumn = m >= 32 ? 3 : 1
  const height = bytesPerColumn * 8
  const pixels = new Uint8Array(columns * height)
  for (let x = 0; x < columns; x++) {
    for (let b = 0; b < bytesPerColumn; b++) {
      const byte = data[x * bytesPerColumn + b]!
      for (let bit = 0; bit < 8; bit++) {
        if (byte & (0x80 >> bit)) pixels[(b * 8 + bit) * columns + x] = 1
      }
    }
  }
  // Single density doubles each dot across; 8-dot bands are about three dots tall each.
  const scaleX = m === 0 || m === 32 ? 2 : 1
  const scaleY = m < 32 ? 3 : 1
  ctx.builder.addBand({
    kind: 'image',
    align: ctx.modes.align,
    width: columns,
    height,
    scaleX,
    scaleY,
    pixels,
  })
}

/**
 * The payload of a QR code in a bitmap, if one can be read. A white margin is added because
 * printed images often start right at the symbol's edge, and jsQR looks for the quiet zone.
 */
export function readQr(pixels: Uint8Array, width: number, height: number): string | undefined {
  if (width < 21 || height < 21) return undefined
  const margin = 16
  const w = width + 2 * margin
  const h = height + 2 * margin
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x] !== 1) continue
      const i = ((y + margin) * w + x + margin) * 4
      rgba[i] = 0
      rgba[i + 1] = 0
      rgba[i + 2] = 0
    }
  }
  const found = jsQR(rgba, w, h, { inversionAttempts: 'dontInvert' })
  return found === null ? undefined : found.data
}
