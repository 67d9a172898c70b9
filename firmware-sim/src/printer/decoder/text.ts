import iconv from 'iconv-lite'

/*
 * Turning printable bytes into characters, as a Chinese ESC/POS printer does.
 *
 * In Chinese mode (FS &) a byte 0x81–0xFE starts a GB18030 character: two bytes when the second
 * is 0x40–0x7E or 0x80–0xFE, four bytes when the second is 0x30–0x39 (then 0x81–0xFE, 0x30–0x39)
 * [GB 18030-2005 §5]. GB2312 and GBK are subsets, so one reader serves all three. Trail bytes are
 * never below 0x30, so a control byte can never hide inside a character: the command parser and
 * this reader agree on where text stops.
 *
 * Outside Chinese mode a byte ≥ 0x80 is one character of the selected code table (ESC t n).
 */

export interface PrintedChar {
  ch: string
  /** Printed with the double-width (kanji) font: a Chinese-mode multi-byte character. */
  wide: boolean
  /** The bytes were not a valid character; printed as U+FFFD. */
  invalid: boolean
}

export interface TextRead {
  /** Bytes used; 0 when the text ends in a character whose remaining bytes have not arrived. */
  consumed: number
  chars: PrintedChar[]
  /** Some bytes were no character. */
  invalid: boolean
}

/** ESC t n → the code page iconv-lite knows it by (Epson numbering). Unknown tables read as PC437. */
const CODE_TABLES: Record<number, string> = {
  0: 'cp437',
  2: 'cp850',
  3: 'cp860',
  4: 'cp863',
  5: 'cp865',
  13: 'cp857',
  14: 'cp737',
  15: 'iso-8859-7',
  16: 'cp1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
  45: 'cp1250',
  46: 'cp1251',
  47: 'cp1253',
  48: 'cp1254',
  49: 'cp1255',
  50: 'cp1256',
  51: 'cp1257',
  52: 'cp1258',
}

export function codeTableEncoding(n: number): string {
  return CODE_TABLES[n] ?? 'cp437'
}

const REPLACEMENT = '\uFFFD'

function isLead(b: number): boolean {
  return b >= 0x81 && b <= 0xfe
}
function isTrail2(b: number): boolean {
  return (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe)
}
function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39
}

/** True for bytes that end a text run: the C0 controls, where commands and LF live. */
export function isControl(b: number): boolean {
  return b < 0x20
}

/**
 * Reads printable bytes from `pos` up to the next control byte or `end`. With `final` false a
 * character cut off by `end` is left for later (`consumed` stops before it); with `final` true
 * it is read as invalid.
 */
export function readText(
  buf: Uint8Array,
  pos: number,
  end: number,
  chinese: boolean,
  codeTable: number,
  final: boolean,
): TextRead {
  const chars: PrintedChar[] = []
  let i = pos
  if (!chinese) {
    const start = i
    while (i < end && !isControl(buf[i]!)) i++
    const text = iconv.decode(Buffer.from(buf.subarray(start, i)), codeTableEncoding(codeTable))
    for (const ch of text) {
      if (ch === '\x7f') continue
      chars.push({ ch, wide: false, invalid: false })
    }
    return { consumed: i - start, chars, invalid: false }
  }
  let invalid = false
  // Well-formed multi-byte characters in a row are decoded in one call (see flush).
  let runStart = -1
  let runCount = 0
  const flush = () => {
    if (runCount === 0) return
    const bytes = Buffer.from(buf.subarray(runStart, i))
    // Each well-formed sequence is one code point (U+FFFD where GB18030 assigns none).
    for (const ch of iconv.decode(bytes, 'gb18030')) {
      const bad = ch === REPLACEMENT
      invalid ||= bad
      chars.push({ ch, wide: true, invalid: bad })
    }
    runCount = 0
  }
  const bad = () => {
    invalid = true
    chars.push({ ch: REPLACEMENT, wide: true, invalid: true })
  }
  while (i < end) {
    const b = buf[i]!
    if (isControl(b)) break
    if (b < 0x80) {
      flush()
      if (b !== 0x7f) chars.push({ ch: String.fromCharCode(b), wide: false, invalid: false })
      i++
      continue
    }
    const need = isLead(b) ? sequenceLength(buf, i, end) : 0
    if (need === 'incomplete') {
      flush()
      if (!final) break
      bad()
      i = end
      break
    }
    if (need === 0) {
      flush()
      bad()
      i++
      continue
    }
    if (runCount === 0) runStart = i
    runCount++
    i += need
  }
  flush()
  return { consumed: i - pos, chars, invalid }
}

/** 2 or 4 for a well-formed GB18030 sequence at `i`, 0 when malformed, or 'incomplete'. */
function sequenceLength(buf: Uint8Array, i: number, end: number): 2 | 4 | 0 | 'incomplete' {
  if (i + 1 >= end) return 'incomplete'
  const b2 = buf[i + 1]!
  if (isTrail2(b2)) return 2
  if (!isDigit(b2)) return 0
  if (i + 3 >= end) {
    // Judge what has arrived: a bad third byte is malformed already.
    if (i + 2 < end && !isLead(buf[i + 2]!)) return 0
    return 'incomplete'
  }
  return isLead(buf[i + 2]!) && isDigit(buf[i + 3]!) ? 4 : 0
}
