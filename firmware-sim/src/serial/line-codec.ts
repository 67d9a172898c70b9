/*
 * The keypad's side of the `qms-line-1` dialect (edge-agent/docs/serial.md), written from the
 * document as firmware would be, not borrowed from the edge: a simulator that shares the
 * edge's parser could not catch the edge misreading its own specification.
 */

/** What the keypad makes of an answer line. */
export type KeypadAnswer =
  | { ok: true; payload: string }
  | { ok: false; code: string; message: string }

export interface AnswerLine {
  answer: KeypadAnswer
  tag?: string
}

const TAG = /^#[0-9A-Za-z]{1,8}$/

/** Verbs as the dialect spells them: the op's name in capitals (`callTicket` → `CALLTICKET`). */
export function verbOf(verbOrOp: string): string {
  return verbOrOp.toUpperCase()
}

/** `VERB <window> [args…] #tag`, without the line end; `PING` takes no window. */
export function requestLine(
  verb: string,
  window: string,
  args: readonly string[],
  tag: string,
): string {
  const words = verb === 'PING' ? [verb, ...args] : [verb, window, ...args]
  return `${words.join(' ')} #${tag}`
}

/**
 * Reads an answer: `OK <payload>`, `ERR <CODE> [message]` or `PONG`, each with an optional
 * `#tag` last. Anything else is not an answer (undefined): firmware ignores what it cannot read.
 * Words after the documented ones are kept in the payload, as the dialect lets the edge add some.
 */
export function parseAnswer(line: string): AnswerLine | undefined {
  const words = line.trim().split(/[ \t]+/)
  let tag: string | undefined
  const last = words[words.length - 1]!
  if (TAG.test(last)) {
    tag = last.slice(1)
    words.pop()
  }
  const [head, ...rest] = words
  let answer: KeypadAnswer
  if (head === 'OK') answer = { ok: true, payload: rest.join(' ') }
  else if (head === 'PONG' && rest.length === 0) answer = { ok: true, payload: 'PONG' }
  else if (head === 'ERR' && rest.length > 0 && /^[A-Z_]+$/.test(rest[0]!)) {
    answer = { ok: false, code: rest[0]!, message: rest.slice(1).join(' ') }
  } else return undefined
  return tag === undefined ? { answer } : { answer, tag }
}
