/*
 * The words a hall actually says. A ticket is read digit by digit (A023 → "A零二三", never
 * "A二十三"), as halls announce numbers; a window number stays a number ("12号窗口" → 十二号窗口).
 * Both the Web Speech API and the edge's espeak-ng get the same spoken form.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/**
 * What a spoken text may hold: CJK ideographs, ASCII letters and digits, spaces and the Chinese
 * comma and full stop, 1 to 120 characters. The edge renders speech only for such texts; nothing
 * in them can be read as a command-line option or markup.
 */
export const SPOKEN_TEXT_PATTERN = '^[\\u4e00-\\u9fffA-Za-z0-9，。 ]{1,120}$'
export const SPOKEN_TEXT_MAX = 120
const spokenRe = new RegExp(SPOKEN_TEXT_PATTERN)
const notSpoken = /[^\u4e00-\u9fffA-Za-z0-9，。 ]+/g

/** True when `text` may be spoken as it is (see SPOKEN_TEXT_PATTERN). */
export function isSpokenText(text: string): boolean {
  return spokenRe.test(text)
}

/** A ticket's digits in Chinese, one by one: 023 → 零二三. */
export function digitsZh(digits: string): string {
  return digits.replace(/[0-9]/g, (d) => DIGITS[Number(d)] ?? d)
}

/**
 * The spoken form of an announcement: tickets (1–2 capital letters and 3–4 digits, as the
 * protocol numbers them) read digit by digit, anything that is not speakable dropped, at most
 * 120 characters. Empty when nothing speakable is left.
 */
export function spokenText(text: string): string {
  const normalized = text.normalize('NFKC')
  const tickets = normalized.replace(
    /(^|[^A-Za-z0-9])([A-Z]{1,2})([0-9]{3,4})(?![0-9])/g,
    (_m, before: string, prefix: string, digits: string) => `${before}${prefix}${digitsZh(digits)}`,
  )
  return tickets
    .replace(/[,.!?;:、！？；：]/g, '，')
    .replace(notSpoken, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, SPOKEN_TEXT_MAX)
    .trim()
}
