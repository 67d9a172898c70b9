import { Type } from '@sinclair/typebox'

/*
 * Identifiers end up inside MQTT topics (`qms/v1/<site>/dev/<id>/req`) and NATS subjects
 * (`qms.evt.<site>`), so none may contain a topic separator or wildcard: `/ + #` for MQTT
 * [MQTT-4.7.1], `. * >` for NATS, nor whitespace. The patterns below admit only what is safe
 * in both.
 */

/** A hall: lower-case letters, digits and `-`, starting with a letter or digit. */
export const SiteId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  minLength: 1,
  maxLength: 32,
  description: 'Hall id, e.g. `hub` or `st-07`; safe inside MQTT topics and NATS subjects',
})

/** A device: letters, digits, `_` and `-`. It is also the MQTT client id and username. */
export const DeviceId = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
  minLength: 1,
  maxLength: 64,
  description: 'Device id; the MQTT client id and username of the device',
})

/** A request id chosen by the device; repeating one returns the first answer. */
export const ReqId = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$',
  minLength: 1,
  maxLength: 80,
  description: 'The caller’s own request id; the same id twice returns the same answer',
})

/** An item code from the catalogue, e.g. `HJ-001`. */
export const ItemCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{0,15}$',
  minLength: 1,
  maxLength: 16,
  description: 'Item (事项) code, e.g. `HJ-001`',
})

/** A category code from the catalogue, e.g. `HJ-SFZ`. */
export const CategoryCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{0,15}$',
  minLength: 1,
  maxLength: 16,
  description: 'Category (大类) code',
})

/** A branch code from the catalogue, e.g. `HJ`. */
export const BranchCode = Type.String({
  pattern: '^[A-Z][A-Z0-9]{0,7}$',
  minLength: 1,
  maxLength: 8,
  description: 'Branch (警种) code',
})

/** A window number as staff and citizens say it: `5`, `12`, `A3`. */
export const WindowNo = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,7}$',
  minLength: 1,
  maxLength: 8,
  description: 'Window (窗口) number as shown above it',
})

/** A ticket prefix: one or two capital letters. */
export const TicketPrefix = Type.String({
  pattern: '^[A-Z]{1,2}$',
  minLength: 1,
  maxLength: 2,
  description: 'Ticket prefix letter(s)',
})

/** A ticket number: prefix + daily sequence, `A023`. Unique in its hall for the day. */
export const TicketNo = Type.String({
  pattern: '^[A-Z]{1,2}[0-9]{3,4}$',
  minLength: 4,
  maxLength: 6,
  description: 'Ticket number (号): prefix + daily sequence, e.g. `A023`',
})

/** A hall's local calendar day, `YYYY-MM-DD`. */
export const LocalDay = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'Local calendar day of the hall, YYYY-MM-DD',
})

/** An instant, ISO 8601 with time zone. */
export const Timestamp = Type.String({
  format: 'date-time',
  pattern:
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$',
  maxLength: 40,
  description: 'Instant, ISO 8601 with zone, e.g. 2026-11-28T09:30:00.000Z',
})

/** Clock time of day in a hall, `HH:MM`. */
export const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Local time of day, HH:MM',
})

/** Short text shown to people (names, notices). */
export const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength })

/** A link a person may open (掌办 page, ticket status page). */
export const Url = Type.String({
  pattern: '^https?://[^\\s]+$',
  maxLength: 500,
  description: 'http(s) URL',
})
