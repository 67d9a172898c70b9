import { PNG } from 'pngjs'

/** A one-bit drawing surface the size of the printed paper; 1 is a burnt (black) dot. */
export class DotCanvas {
  readonly dots: Uint8Array

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.dots = new Uint8Array(width * height)
  }

  set(x: number, y: number, value = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return
    this.dots[y * this.width + x] = value
  }

  fill(x: number, y: number, w: number, h: number, value = 1): void {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.set(x + i, y + j, value)
  }

  /** Black dots inside a rectangle: tests look for print where a block was laid out. */
  countDark(x: number, y: number, w: number, h: number): number {
    let n = 0
    for (let j = Math.max(0, y); j < Math.min(this.height, y + h); j++) {
      for (let i = Math.max(0, x); i < Math.min(this.width, x + w); i++) {
        n += this.dots[j * this.width + i]!
      }
    }
    return n
  }

  /** Encodes as a greyscale-looking RGBA PNG: black dots on white paper. */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height })
    for (let i = 0; i < this.dots.length; i++) {
      const v = this.dots[i] === 1 ? 0 : 255
      const o = i * 4
      png.data[o] = v
      png.data[o + 1] = v
      png.data[o + 2] = v
      png.data[o + 3] = 255
    }
    return PNG.sync.write(png)
  }
}
