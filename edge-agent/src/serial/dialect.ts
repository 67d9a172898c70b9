import type { DeviceRequest } from '@qms/protocol'

/*
 * The `qms-line-1` dialect: what a caller keypad on an RS-232/RS-485 line says and hears.
 * edge-agent/docs/serial.md is the specification; the numbers here are the ones it quotes.
 */

export const DIALECT = 'qms-line-1'

/** Longest line either side may send, in bytes, not counting the CR/LF that ends it. */
export const MAX_LINE_BYTES = 128

/** What the edge ends every answer with; keypads accept CR, LF or CRLF. */
export const LINE_END = '\r\n'

/** `#` and 1–8 letters or digits, the last token of a request that may be retried. */
export const TAG_PATTERN = /^#[0-9A-Za-z]{1,8}$/

/** How long the edge remembers a tagged request's answer, so a retry gets the same one. */
export const RETRY_MEMORY_MS = 60_000 // 1 minute: far longer than any sane retry schedule

/** How many tagged answers the edge remembers per line (the oldest is forgotten first). */
export const RETRY_MEMORY_ENTRIES = 32

/** How long a request may take before the keypad is answered `ERR TIMEOUT`. */
export const HANDLE_TIMEOUT_MS = 5_000 // 5 s: a keypad's own timeout is 2 s, and it retries

/** Lines waiting for their turn; a keypad waits for each answer, so more than this is noise. */
export const MAX_QUEUED_LINES = 32

/** What a keypad should wait for an answer before it sends the same line again. */
export const KEYPAD_TIMEOUT_MS = 2_000

/** How often a keypad should send a line again before it shows that the edge does not answer. */
export const KEYPAD_RETRIES = 3

/** The caller ops a keypad may ask for: every caller op of the protocol's DeviceRequest. */
export type CallerOp =
  | 'call'
  | 'recall'
  | 'start'
  | 'complete'
  | 'noshow'
  | 'transfer'
  | 'park'
  | 'callback'
  | 'callTicket'
  | 'pause'
  | 'resume'
  | 'open'
  | 'close'

export type CallerRequest = Extract<DeviceRequest, { op: CallerOp }>

/** A caller request as read from a line, before the bridge gives it a `reqId`. */
export type CallerCommand = CallerRequest extends infer R
  ? R extends CallerRequest
    ? Omit<R, 'reqId'>
    : never
  : never

/** What follows the window on a line: nothing, a required or an optional argument. */
export type ArgKind = 'item' | 'ticket' | 'ticket?' | 'staff?'

export interface VerbSpec {
  op: CallerOp
  /** The argument after the window, if the verb takes one. */
  arg?: ArgKind
}

/**
 * Verb → op. The verb is the op's name in capitals, so the serial line, the MQTT contract and
 * the logs use one vocabulary; verbs are matched without regard to case.
 */
export const VERBS: Readonly<Record<string, VerbSpec>> = {
  CALL: { op: 'call' },
  RECALL: { op: 'recall' },
  START: { op: 'start' },
  COMPLETE: { op: 'complete' },
  NOSHOW: { op: 'noshow' },
  TRANSFER: { op: 'transfer', arg: 'item' },
  PARK: { op: 'park' },
  CALLBACK: { op: 'callback', arg: 'ticket?' },
  CALLTICKET: { op: 'callTicket', arg: 'ticket' },
  PAUSE: { op: 'pause' },
  RESUME: { op: 'resume' },
  OPEN: { op: 'open', arg: 'staff?' },
  CLOSE: { op: 'close' },
}

/** The line-level verb that needs no window and never reaches the queue. */
export const PING = 'PING'
