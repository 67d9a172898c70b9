import {
  type ErrorCode,
  EventEnvelope,
  matches,
  type NatsNames,
  parseEventMsgId,
  parseJson,
  taggedUnionInfo,
} from '@qms/protocol'
import type { TSchema } from '@sinclair/typebox'

/*
 * Every message on a hall's event subject is checked before it can touch a projection. The
 * subject is the sender's identity: each edge's NATS user may publish only on its own
 * `qms.evt.<site>` (see nats/auth-config.ts), so an envelope naming another hall, or a message
 * id that is not `<site>:<seq>` of the envelope, is forged or broken and is refused.
 */

export type RejectReason =
  | 'bad_subject'
  | 'too_large'
  | 'bad_json'
  | 'bad_schema'
  | 'unknown_type'
  | 'site_mismatch'
  | 'msg_id'
  | 'seq_from_future'

export const REJECT_REASONS: RejectReason[] = [
  'bad_subject',
  'too_large',
  'bad_json',
  'bad_schema',
  'unknown_type',
  'site_mismatch',
  'msg_id',
  'seq_from_future',
]

export interface Rejection {
  reason: RejectReason
  code: ErrorCode
  message: string
}

export type Checked = { ok: true; event: EventEnvelope } | { ok: false; rejection: Rejection }

/** Largest event accepted: a snapshot of a busy hub fits well within. */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024

const CODE_REASON: Partial<Record<ErrorCode, RejectReason>> = {
  PAYLOAD_TOO_LARGE: 'too_large',
  BAD_JSON: 'bad_json',
  UNKNOWN_TYPE: 'unknown_type',
}

/*
 * The envelope is a union of twenty event types. Checking the union tries the variants one by
 * one, each re-checking the envelope's common fields; looking the variant up by `type` first
 * and checking only it is several times faster, and the full check still names the failing
 * field when it does not match.
 */
const variants = taggedUnionInfo(EventEnvelope)?.variants ?? new Map<unknown, TSchema>()
const decoder = new TextDecoder('utf-8', { fatal: true })

function fastParse(data: Uint8Array, maxBytes: number): EventEnvelope | undefined {
  if (data.byteLength > maxBytes) return undefined
  try {
    const value = JSON.parse(decoder.decode(data)) as { type?: unknown }
    const variant = variants.get(value?.type as string)
    return variant !== undefined && matches(variant, value) ? (value as EventEnvelope) : undefined
  } catch {
    return undefined
  }
}

const reject = (reason: RejectReason, code: ErrorCode, message: string): Checked => ({
  ok: false,
  rejection: { reason, code, message },
})

/** Checks one message of the event stream: subject, size, JSON, schema, site, message id. */
export function checkEventMessage(
  names: NatsNames,
  subject: string,
  msgId: string | undefined,
  data: Uint8Array,
  maxBytes = MAX_EVENT_BYTES,
): Checked {
  const bySubject = names.parseEvents(subject)
  if (bySubject === undefined) {
    return reject('bad_subject', 'BAD_REQUEST', `not an event subject: ${subject}`)
  }
  let event = fastParse(data, maxBytes)
  if (event === undefined) {
    // Slow path, only for what is refused: the precise reason and field.
    const parsed = parseJson(EventEnvelope, data, maxBytes)
    if (!parsed.ok) {
      const reason = CODE_REASON[parsed.error.code] ?? 'bad_schema'
      return reject(reason, parsed.error.code, parsed.error.message)
    }
    event = parsed.value
  }
  if (event.site !== bySubject.site) {
    return reject(
      'site_mismatch',
      'SITE_MISMATCH',
      `event of hall ${event.site} sent on the subject of hall ${bySubject.site}`,
    )
  }
  const id = msgId === undefined ? undefined : parseEventMsgId(msgId)
  if (id === undefined || id.site !== event.site || id.seq !== event.seq) {
    return reject(
      'msg_id',
      'BAD_REQUEST',
      `message id ${JSON.stringify(msgId ?? null)} is not ${names.eventMsgId(event.site, event.seq)}`,
    )
  }
  return { ok: true, event }
}
