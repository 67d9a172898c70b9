/*
 * Pretty JSON in the layout the repository's formatter (biome) gives JSON files, so that
 * formatting the generated files changes nothing: 2-space indent, objects one key a line, an
 * array of plain values on one line when it fits in 100 columns (East Asian wide characters
 * count two), else one value a line; a trailing newline.
 */

const LINE_WIDTH = 100

/** Display width: wide and full-width characters (CJK, full-width punctuation) count two. */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
    width += wide ? 2 : 1
  }
  return width
}

const isPlain = (v: unknown) => v === null || typeof v !== 'object'

/** `value` printed at `indent` spaces, after `lead` columns of text on its line, then `tail`. */
function print(value: unknown, indent: number, lead: number, tail: string): string {
  const pad = ' '.repeat(indent)
  const inner = ' '.repeat(indent + 2)
  if (isPlain(value)) return JSON.stringify(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (value.every(isPlain)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`
      if (lead + displayWidth(flat) + tail.length <= LINE_WIDTH) return flat
      if (value.some((v) => typeof v !== 'string'))
        throw new Error('a long array of numbers would be filled, not listed: keep them short')
    }
    const lines = value.map((v, i) => {
      const t = i < value.length - 1 ? ',' : ''
      return inner + print(v, indent + 2, indent + 2, t) + t
    })
    return `[\n${lines.join('\n')}\n${pad}]`
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  )
  if (entries.length === 0) return '{}'
  const lines = entries.map(([k, v], i) => {
    const t = i < entries.length - 1 ? ',' : ''
    const key = `${JSON.stringify(k)}: `
    return inner + key + print(v, indent + 2, indent + 2 + displayWidth(key), t) + t
  })
  return `{\n${lines.join('\n')}\n${pad}}`
}

/** The file text of a JSON value. */
export function toJson(value: unknown): string {
  return `${print(value, 0, 0, '')}\n`
}
