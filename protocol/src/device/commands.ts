import { type Static, Type } from '@sinclair/typebox'
import { Priority } from '../domain.js'
import { ItemCode, Text, TicketNo, Timestamp, Url, WindowNo } from '../ids.js'
import { TaggedUnion } from '../tagged-union.js'

/*
 * Commands the edge sends a device on `qms/v1/<site>/dev/<id>/cmd` (QoS 1). Devices answer
 * nothing; they report problems through their retained status.
 */

const CmdId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$', maxLength: 80 })

/** One line on a window screen. `size` 1 is normal, 2 and 3 are larger. */
export const DisplayLine = Type.Object(
  {
    text: Type.String({ maxLength: 64 }),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  },
  { additionalProperties: false },
)

export const ShowCommand = Type.Object(
  {
    cmd: Type.Literal('show'),
    id: CmdId,
    at: Timestamp,
    lines: Type.Array(DisplayLine, { minItems: 1, maxItems: 4 }),
    ticket: Type.Optional(TicketNo),
    window: Type.Optional(WindowNo),
    flash: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Show text on a window screen' },
)

/** Everything a printed ticket holds, for a dispenser whose printer hangs off the device itself. */
export const TicketPrint = Type.Object(
  {
    hallName: Text(60),
    ticket: TicketNo,
    item: ItemCode,
    itemName: Text(60),
    priority: Priority,
    ahead: Type.Integer({ minimum: 0 }),
    waitMin: Type.Number({ minimum: 0 }),
    issuedAt: Timestamp,
    qr: Url,
    qrLabel: Text(60),
    notes: Type.Array(Text(120), { maxItems: 6 }),
  },
  { additionalProperties: false, $id: 'TicketPrint' },
)
export type TicketPrint = Static<typeof TicketPrint>

export const PrintCommand = Type.Object(
  { cmd: Type.Literal('print'), id: CmdId, at: Timestamp, ticket: TicketPrint },
  { additionalProperties: false, description: 'Print a ticket on the device’s own printer' },
)

export const BeepCommand = Type.Object(
  {
    cmd: Type.Literal('beep'),
    id: CmdId,
    at: Timestamp,
    times: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
)

export const RebootCommand = Type.Object(
  { cmd: Type.Literal('reboot'), id: CmdId, at: Timestamp },
  { additionalProperties: false },
)

/** A point-to-point reminder for the staff at a window (a busy-window alert, a manager's note). */
export const NoticeCommand = Type.Object(
  {
    cmd: Type.Literal('notice'),
    id: CmdId,
    at: Timestamp,
    text: Text(120),
    textEn: Type.Optional(Text(200)),
    url: Type.Optional(Url),
  },
  { additionalProperties: false },
)

export const DeviceCommand = TaggedUnion(
  'cmd',
  [ShowCommand, PrintCommand, BeepCommand, RebootCommand, NoticeCommand],
  {
    $id: 'DeviceCommand',
  },
)
export type DeviceCommand = Static<typeof DeviceCommand>
