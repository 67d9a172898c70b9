import { type ErrorCode, ItemCode, OpenRequest, TicketNo, WindowNo } from '@qms/protocol'
import {
  type ArgKind,
  type CallerCommand,
  MAX_LINE_BYTES,
  PING,
  TAG_PATTERN,
  VERBS,
  type VerbSpec,
} from './dialect.js'

/*
 * Pure: one received line in, what it asks for out. The grammar is edge-agent/docs/serial.md's:
 *
 *   line = *WS verb *(1*WS word) [1*WS tag] *WS      WS = SP / HTAB
 *   tag  = "#" 1*8(ALPHA / DIGIT)
 *
 * The patterns of windows, items, tickets and staff ids are the protocol schemas' own, so a
 * request this parser accepts is one the protocol accepts.
 */

/** What a line asks for. */
export type ParsedLine =
  /** Nothing but spaces: ignored without an answer (a CRLF, or a CR sent to flush the line). */
  | { kind: 'empty' }
  /** `PING`: answered `PONG` by the bridge itself. */
  | { kind: 'ping'; tag?: string }
  /** A caller request; `key` is its canonical text, the same for every spelling of it. */
  | { kind: 'request'; command: CallerCommand; key: string; tag?: string }
  /** Anything else: answered `ERR <code> <message>`. */
  | { kind: 'invalid'; code: ErrorCode; message: string; tag?: string }

const windowPattern = new RegExp(WindowNo.pattern ?? '')
const itemPattern = new RegExp(ItemCode.pattern ?? '')
const ticketPattern = new RegExp(TicketNo.pattern ?? '')
const staffPattern = new RegExp(OpenRequest.properties.staff.pattern ?? '')

const USAGE_ARG: Record<ArgKind, string> = {
  item: ' <item>',
  ticket: ' <ticket>',
  'ticket?': ' [ticket]',
  'staff?': ' [staff]',
}

function usage(verb: string, spec: VerbSpec): string {
  return `usage: ${verb} <window>${spec.arg === undefined ? '' : USAGE_ARG[spec.arg]}`
}

/** The first byte that is neither printable ASCII nor a tab, as `0xNN at column N`. */
function firstUnprintable(line: string): string | undefined {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c !== 0x09 && (c < 0x20 || c > 0x7e)) {
      return `0x${c.toString(16).toUpperCase().padStart(2, '0')} at column ${i + 1}`
    }
  }
  return undefined
}

/** Shows at most 16 characters of what the keypad sent, for an error message. */
function quote(word: string): string {
  return word.length > 16 ? `${word.slice(0, 16)}...` : word
}

/**
 * Reads one line (without its CR/LF; each byte one character, as latin1 decodes them) sent by
 * the keypad of `window`. Never throws: whatever the bytes, the answer is a ParsedLine.
 */
export function parseLine(line: string, window: string): ParsedLine {
  if (line.length > MAX_LINE_BYTES) {
    return {
      kind: 'invalid',
      code: 'PAYLOAD_TOO_LARGE',
      message: `line longer than ${MAX_LINE_BYTES} bytes`,
    }
  }
  const unprintable = firstUnprintable(line)
  if (unprintable !== undefined) {
    return { kind: 'invalid', code: 'BAD_REQUEST', message: `not printable ASCII: ${unprintable}` }
  }
  const words = line.split(/[ \t]+/).filter((w) => w !== '')
  if (words.length === 0) return { kind: 'empty' }

  let tag: string | undefined
  const last = words[words.length - 1]!
  if (last.startsWith('#')) {
    if (!TAG_PATTERN.test(last)) {
      return {
        kind: 'invalid',
        code: 'BAD_REQUEST',
        message: 'a tag is a hash sign and 1 to 8 letters or digits',
      }
    }
    tag = last.slice(1)
    words.pop()
  }
  const invalid = (code: ErrorCode, message: string): ParsedLine =>
    tag === undefined ? { kind: 'invalid', code, message } : { kind: 'invalid', code, message, tag }

  if (words.length === 0) return invalid('BAD_REQUEST', 'a line starts with a verb')
  if (words.some((w) => w.includes('#'))) return invalid('BAD_REQUEST', 'a tag goes last')

  const verb = words[0]!.toUpperCase()
  const args = words.slice(1)
  if (verb === PING) {
    if (args.length > 0) return invalid('BAD_REQUEST', 'usage: PING')
    return tag === undefined ? { kind: 'ping' } : { kind: 'ping', tag }
  }
  const spec = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined
  if (spec === undefined) return invalid('UNKNOWN_OP', `unknown verb ${quote(words[0]!)}`)

  const required = spec.arg === 'item' || spec.arg === 'ticket' ? 2 : 1
  const allowed = spec.arg === undefined ? 1 : 2
  if (args.length < required || args.length > allowed) {
    return invalid('BAD_REQUEST', usage(verb, spec))
  }
  const [win, rawArg] = args as [string, string | undefined]
  if (!windowPattern.test(win)) return invalid('BAD_REQUEST', `bad window ${quote(win)}`)

  let arg: string | undefined
  if (rawArg !== undefined) {
    const staff = spec.arg === 'staff?'
    arg = staff ? rawArg : rawArg.toUpperCase()
    const pattern = spec.arg === 'item' ? itemPattern : staff ? staffPattern : ticketPattern
    if (!pattern.test(arg)) {
      const what = spec.arg === 'item' ? 'item' : staff ? 'staff id' : 'ticket'
      return invalid('BAD_REQUEST', `bad ${what} ${quote(rawArg)}`)
    }
  }
  // Windows are compared without regard to case (`a3` typed on a terminal is window A3); the
  // request carries the window as the hall configuration spells it.
  if (win.toUpperCase() !== window.toUpperCase()) {
    return invalid('WRONG_WINDOW', `this line is window ${window}, not ${win}`)
  }

  const command = commandOf(spec, window, arg)
  const key = arg === undefined ? `${verb} ${window}` : `${verb} ${window} ${arg}`
  return tag === undefined
    ? { kind: 'request', command, key }
    : { kind: 'request', command, key, tag }
}

function commandOf(spec: VerbSpec, window: string, arg: string | undefined): CallerCommand {
  switch (spec.op) {
    case 'transfer':
      return { op: 'transfer', window, toItem: arg! }
    case 'callTicket':
      return { op: 'callTicket', window, ticket: arg! }
    case 'callback':
      return arg === undefined
        ? { op: 'callback', window }
        : { op: 'callback', window, ticket: arg }
    case 'open':
      return arg === undefined ? { op: 'open', window } : { op: 'open', window, staff: arg }
    default:
      return { op: spec.op, window }
  }
}
