import { Type } from '@sinclair/typebox'
import { WindowEntry } from '../display/snapshot.js'
import { Channel, DeviceKind, Priority, SiteKind, TicketView } from '../domain.js'
import {
  CategoryCode,
  ClockTime,
  DeviceId,
  ItemCode,
  LocalDay,
  ReqId,
  SiteId,
  Text,
  TicketNo,
  TicketPrefix,
  WindowNo,
} from '../ids.js'

/* The `data` of each event type. Shapes are closed: a new field means a new protocol version. */

const closed = { additionalProperties: false } as const

export const TicketIssuedData = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    category: CategoryCode,
    prefix: TicketPrefix,
    number: Type.Integer({
      minimum: 1,
      maximum: 9999,
      description: 'Daily sequence within the prefix',
    }),
    priority: Priority,
    channel: Channel,
    ahead: Type.Integer({ minimum: 0 }),
    waitMin: Type.Optional(Type.Number({ minimum: 0 })),
    device: Type.Optional(DeviceId),
    reqId: Type.Optional(ReqId),
    personKey: Type.Optional(
      Type.String({
        pattern: '^[0-9a-f]{16,64}$',
        description: 'Salted hash of the person id, never the id',
      }),
    ),
    handoff: Type.Optional(Type.Object({ fromSite: SiteId, fromTicket: TicketNo }, closed)),
  },
  closed,
)

export const TicketCalledData = Type.Object(
  {
    ticket: TicketNo,
    window: WindowNo,
    item: ItemCode,
    mode: Type.Union([Type.Literal('next'), Type.Literal('ticket'), Type.Literal('callback')], {
      description: 'next in line, a given ticket out of order, or a parked ticket called back',
    }),
  },
  closed,
)

export const TicketRecalledData = Type.Object(
  { ticket: TicketNo, window: WindowNo, recalls: Type.Integer({ minimum: 1 }) },
  closed,
)

export const TicketAtWindowData = Type.Object({ ticket: TicketNo, window: WindowNo }, closed)

export const TicketTransferredData = Type.Object(
  {
    ticket: TicketNo,
    window: Type.Optional(WindowNo),
    fromItem: ItemCode,
    toItem: Type.Optional(ItemCode),
    toCategory: Type.Optional(CategoryCode),
    toSite: Type.Optional(SiteId),
    toTicket: Type.Optional(TicketNo),
  },
  {
    ...closed,
    description: 'To another item in this hall (toItem), or handed off to another hall (toSite)',
  },
)

export const TicketCancelledData = Type.Object(
  {
    ticket: TicketNo,
    reason: Type.Union([
      Type.Literal('abandoned'),
      Type.Literal('person'),
      Type.Literal('staff'),
      Type.Literal('dayEnd'),
    ]),
  },
  closed,
)

export const WindowOpenedData = Type.Object(
  { window: WindowNo, staff: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) },
  closed,
)
export const WindowData = Type.Object({ window: WindowNo }, closed)

export const BoothPresenceData = Type.Object({ window: WindowNo, present: Type.Boolean() }, closed)

export const RatingGivenData = Type.Object(
  { window: WindowNo, ticket: TicketNo, score: Type.Integer({ minimum: 1, maximum: 5 }) },
  closed,
)

export const DeviceOnlineData = Type.Object(
  { device: DeviceId, kind: DeviceKind, fw: Type.Optional(Type.String({ maxLength: 32 })) },
  closed,
)
export const DeviceOfflineData = Type.Object(
  { device: DeviceId, kind: Type.Optional(DeviceKind) },
  closed,
)

export const DeviceFault = Type.Union([
  Type.Literal('paper-out'),
  Type.Literal('paper-low'),
  Type.Literal('printer-offline'),
  Type.Literal('serial-lost'),
  Type.Literal('other'),
])

export const DeviceFaultData = Type.Object(
  {
    device: DeviceId,
    fault: DeviceFault,
    cleared: Type.Boolean({ description: 'true when the fault is over' }),
    message: Type.Optional(Type.String({ maxLength: 200 })),
  },
  closed,
)

/** The hall as configured, sent when the edge starts with a configuration the stream has not seen. */
export const SiteConfigData = Type.Object(
  {
    name: Text(60),
    kind: SiteKind,
    windows: Type.Array(
      Type.Object(
        {
          no: WindowNo,
          name: Text(30),
          oneStop: Type.Boolean(),
          categories: Type.Array(CategoryCode),
        },
        closed,
      ),
      { maxItems: 128 },
    ),
    items: Type.Array(ItemCode, { maxItems: 1000, description: 'Items this hall offers' }),
    timezone: Type.String({ maxLength: 64 }),
    hours: Type.Array(
      Type.Object(
        {
          days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { minItems: 1, maxItems: 7 }),
          open: ClockTime,
          close: ClockTime,
        },
        closed,
      ),
      { maxItems: 14 },
    ),
    configHash: Type.String({ pattern: '^[0-9a-f]{16,64}$' }),
  },
  closed,
)

/** The whole open state of the hall: lets a projection start from here instead of the day's start. */
export const SiteSnapshotData = Type.Object(
  {
    day: LocalDay,
    tickets: Type.Array(TicketView, { maxItems: 20000 }),
    windows: Type.Array(WindowEntry, { maxItems: 128 }),
    lastNumbers: Type.Record(TicketPrefix, Type.Integer({ minimum: 0 })),
  },
  closed,
)
