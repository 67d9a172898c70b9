import { Transform, type TransformCallback } from 'node:stream'
import { ReadlineParser } from '@serialport/parser-readline'
import { MAX_LINE_BYTES } from './dialect.js'

const CR = 0x0d
const LF = 0x0a

/*
 * Sits between the port and the readline parser. It turns every CR into LF, so CR, LF and
 * CRLF all end a line (CRLF leaves an empty line, which the dialect ignores), and it keeps at
 * most MAX_LINE_BYTES + 1 bytes of a line: the parser then sees an overlong line as overlong
 * and answers it once, while a stream of noise without any line end cannot fill the memory.
 */
export class LineGuard extends Transform {
  #length = 0

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out = Buffer.allocUnsafe(chunk.length)
    let n = 0
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        out[n++] = LF
        this.#length = 0
      } else if (this.#length <= MAX_LINE_BYTES) {
        out[n++] = byte
        this.#length++
      }
    }
    done(null, n === 0 ? undefined : out.subarray(0, n))
  }
}

/**
 * A fresh guard → readline pipeline for one opening of a port. Lines come out as latin1
 * strings, one character per byte, so the parser sees exactly the bytes that were sent.
 */
export function createLineReader(onLine: (line: string) => void): {
  write(chunk: Buffer): void
  destroy(): void
} {
  const guard = new LineGuard()
  const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' })
  guard.pipe(parser)
  parser.on('data', (line: string) => onLine(line))
  return {
    write: (chunk) => {
      // Bytes a port hands on after its reader was let go (a read that finished during a
      // disconnect) are dropped; writing to a destroyed stream would raise an 'error'.
      if (!guard.destroyed) guard.write(chunk)
    },
    destroy: () => {
      // A line cut off by a disconnect is dropped, never handed on half-read.
      guard.unpipe(parser)
      guard.destroy()
      parser.destroy()
    },
  }
}
