import { type DeviceResponse, type ErrorCode, isErrorCode, type OkResponse } from '@qms/protocol'
import { MAX_LINE_BYTES } from './dialect.js'

/*
 * Pure: answers as the keypad reads them (edge-agent/docs/serial.md, "Answers"). Lines are
 * returned without their CRLF. Every answer fits in MAX_LINE_BYTES and is printable ASCII: a
 * keypad's display shows ASCII only, so the Chinese wording stays on the hall's screens.
 */

const withTag = (text: string, tag: string | undefined) =>
  tag === undefined ? text : `${text} #${tag}`

/** `OK <payload>`: what a successful request's answer shows on the keypad, by op. */
export function okPayload(res: OkResponse): string {
  switch (res.op) {
    case 'call':
    case 'callback':
    case 'callTicket':
      return res.result.ticket
    case 'recall':
      return `${res.result.ticket} ${res.result.recalls}`
    case 'start':
    case 'complete':
    case 'noshow':
    case 'transfer':
    case 'park':
      return `${res.result.ticket} ${res.result.state.toUpperCase()}`
    case 'pause':
    case 'resume':
    case 'open':
    case 'close':
      return res.result.state.toUpperCase()
    // Not keypad ops, but the formatter answers every response the protocol has.
    case 'take':
    case 'reprint':
      return res.result.ticket
    case 'presence':
      return res.result.present ? 'PRESENT' : 'ABSENT'
    case 'rate':
      return `${res.result.ticket} ${res.result.score}`
  }
}

/** Printable ASCII only, no `#` (it would read as a tag), single spaces. */
function asciiMessage(message: string): string {
  return message
    .replace(/[^\x20-\x7e]|#/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
}

/**
 * `ERR <CODE> [message] [#tag]`. The message is cut to keep the line within MAX_LINE_BYTES;
 * the code and the tag are never cut.
 */
export function formatError(code: ErrorCode, message: string, tag?: string): string {
  const head = `ERR ${code}`
  const tail = tag === undefined ? '' : ` #${tag}`
  const room = MAX_LINE_BYTES - head.length - tail.length - 1
  let text = asciiMessage(message)
  if (text.length > room) text = `${text.slice(0, Math.max(0, room - 3)).trimEnd()}...`
  return text === '' || room < 4 ? `${head}${tail}` : `${head} ${text}${tail}`
}

/** The answer line for a response from the queue. */
export function formatResponse(res: DeviceResponse, tag?: string): string {
  if (res.ok) return withTag(`OK ${okPayload(res)}`, tag)
  const code = isErrorCode(res.error.code) ? res.error.code : 'INTERNAL'
  return formatError(code, res.error.message, tag)
}

/** The answer to `PING`. */
export function formatPong(tag?: string): string {
  return withTag('PONG', tag)
}
