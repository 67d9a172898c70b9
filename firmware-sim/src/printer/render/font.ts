import { readFileSync } from 'node:fs'

/*
 * Glyphs for the PNG render from GNU Unifont's .hex file (Debian package `unifont`): one line per
 * character, `XXXX:` then 32 hex digits (8×16 dots) or 64 (16×16 dots), rows top to bottom, the
 * leftmost dot in the high bit. A bitmap font suits a thermal printer, whose own fonts are bitmaps
 * too; it covers the Basic Multilingual Plane, GB18030's four-byte characters there included.
 */

export const DEFAULT_FONT_PATH = '/usr/share/unifont/unifont.hex'

export interface Glyph {
  /** 8 or 16. */
  width: number
  /** 16 rows, the leftmost dot in the high bit of a `width`-bit row. */
  rows: Uint16Array
}

export interface GlyphSource {
  glyph(codePoint: number): Glyph | undefined
}

const cache = new Map<string, GlyphSource | null>()

/** The font at `path`, or null when it cannot be read (the render then draws boxes). */
export function loadFont(path = DEFAULT_FONT_PATH): GlyphSource | null {
  const cached = cache.get(path)
  if (cached !== undefined) return cached
  let source: GlyphSource | null = null
  try {
    source = parseHex(readFileSync(path, 'latin1'))
  } catch {
    source = null
  }
  cache.set(path, source)
  return source
}

function parseHex(text: string): GlyphSource {
  const lines = new Map<number, string>()
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const colon = text.indexOf(':', start)
    if (colon > start && colon < end) {
      const cp = Number.parseInt(text.slice(start, colon), 16)
      if (Number.isFinite(cp)) lines.set(cp, text.slice(colon + 1, end).trim())
    }
    start = end + 1
  }
  const glyphs = new Map<number, Glyph | undefined>()
  return {
    glyph(cp) {
      if (glyphs.has(cp)) return glyphs.get(cp)
      const hex = lines.get(cp)
      let glyph: Glyph | undefined
      if (hex !== undefined && (hex.length === 32 || hex.length === 64)) {
        const width = hex.length === 32 ? 8 : 16
        const digits = width / 4
        const rows = new Uint16Array(16)
        for (let r = 0; r < 16; r++) {
          rows[r] = Number.parseInt(hex.slice(r * digits, r * digits + digits), 16)
        }
        glyph = { width, rows }
      }
      glyphs.set(cp, glyph)
      return glyph
    },
  }
}
