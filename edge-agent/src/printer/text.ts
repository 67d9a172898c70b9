import iconv from 'iconv-lite'

/*
 * Chinese text for an ESC/POS printer.
 *
 * A Chinese printer reads two-byte GB2312/GBK and four-byte GB18030 characters while its Chinese
 * (kanji) mode is on: FS & turns it on, FS . off. We put every run of non-ASCII text inside
 * FS & … FS . and encode it as GB18030, the national standard that covers all of Unicode:
 * rare name characters (喆 in GBK, 䶮 in CJK Extension A, 𠮷 in Extension B) keep their own
 * bytes instead of turning into '?' or, worse, switching the printer's code page mid-ticket
 * (node-thermal-printer's own encoder does both; see docs/printing.md).
 *
 * ASCII stays outside Chinese mode, one byte and one column each; a Chinese-mode character is
 * two columns wide (24 dots in the printer's 12×24 font A).
 */

const FS_CHINESE_ON = Buffer.from([0x1c, 0x26])
const FS_CHINESE_OFF = Buffer.from([0x1c, 0x2e])

function isAscii(cp: number): boolean {
  return cp >= 0x20 && cp < 0x7f
}

/** Whether a code point is a control character that must never reach the printer as text. */
function isControl(cp: number): boolean {
  return cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)
}

/**
 * The bytes that print `text` on one line. Control characters (line breaks included) are
 * dropped: lines are laid out by the caller, and a stray ESC in a hall's name must not become a
 * command.
 */
export function encodeText(text: string): Buffer {
  const parts: Buffer[] = []
  let ascii = ''
  let wide = ''
  const flushAscii = () => {
    if (ascii !== '') parts.push(Buffer.from(ascii, 'latin1'))
    ascii = ''
  }
  const flushWide = () => {
    if (wide !== '') parts.push(FS_CHINESE_ON, iconv.encode(wide, 'gb18030'), FS_CHINESE_OFF)
    wide = ''
  }
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (isControl(cp)) continue
    if (isAscii(cp)) {
      flushWide()
      ascii += ch
    } else {
      flushAscii()
      wide += ch
    }
  }
  flushAscii()
  flushWide()
  return Buffer.concat(parts)
}

/** Columns a string takes at normal width: one per ASCII character, two per other character. */
export function columnsOf(text: string): number {
  let n = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (isControl(cp)) continue
    n += isAscii(cp) ? 1 : 2
  }
  return n
}

/** Characters a line must not start with (Chinese line-breaking rules, 避头点). */
const NO_LINE_START = new Set('，。、；：？！）》」』】〕…—·,.;:?!)]}%'.split(''))

/**
 * Splits `text` into lines of at most `columns` columns (`continuation` for every line after the
 * first, for a hanging indent): Chinese may break between any two characters, Latin words only
 * at spaces (a word longer than a line is cut), and a closing punctuation mark never starts a
 * line — it takes the character before it along.
 */
export function wrapText(text: string, columns: number, continuation = columns): string[] {
  const first = Math.max(2, Math.floor(columns))
  const next = Math.max(2, Math.floor(continuation))
  const lines: string[] = []
  let max = first
  for (const paragraph of text.split(/\r?\n/)) {
    const tokens = paragraph.match(/[\x21-\x7e]+|\s+|[^\s\x21-\x7e]/gu) ?? []
    let line = ''
    let used = 0
    const push = () => {
      lines.push(line.trimEnd())
      line = ''
      used = 0
      max = next
    }
    for (const token of tokens) {
      if (/^\s+$/u.test(token)) {
        if (used > 0 && used < max) {
          line += ' '
          used += 1
        }
        continue
      }
      const width = columnsOf(token)
      if (used + width <= max) {
        line += token
        used += width
        continue
      }
      if (NO_LINE_START.has(token) && [...line.trimEnd()].length >= 2) {
        // Carry the last character over so the mark does not open the next line.
        const chars = [...line.trimEnd()]
        const carried = chars.pop() ?? ''
        line = chars.join('')
        push()
        line = carried + token
        used = columnsOf(line)
        continue
      }
      if (used > 0) push()
      let rest = token
      while (columnsOf(rest) > max) {
        const chars = [...rest]
        let cut = ''
        while (chars.length > 0 && columnsOf(cut + chars[0]!) <= max) cut += chars.shift()!
        lines.push(cut)
        max = next
        rest = chars.join('')
      }
      line = rest
      used = columnsOf(rest)
    }
    if (line.trim() !== '' || lines.length === 0) push()
  }
  return lines
}
