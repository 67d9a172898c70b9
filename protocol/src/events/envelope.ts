import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { SiteId, Timestamp } from '../ids.js'
import { TaggedUnion, tagsOf } from '../tagged-union.js'
import { PROTOCOL_VERSION } from '../version.js'
import * as D from './data.js'

/**
 * Every change at a hall is one event with the hall's own gap-free `seq` (1, 2, 3, …), journaled
 * before any device is answered, and sent to JetStream on `qms.evt.<site>` with message id
 * `<site>:<seq>`. The cloud applies events idempotently by (site, seq).
 */
function event<T extends string, S extends TSchema>(type: T, data: S) {
  return Type.Object(
    {
      v: Type.Literal(PROTOCOL_VERSION),
      site: SiteId,
      seq: Type.Integer({ minimum: 1, description: 'Gap-free per hall, starting at 1' }),
      ts: Timestamp,
      type: Type.Literal(type),
      data,
    },
    { additionalProperties: false, title: type },
  )
}

export const EventEnvelope = TaggedUnion(
  'type',
  [
    event('ticket.issued', D.TicketIssuedData),
    event('ticket.called', D.TicketCalledData),
    event('ticket.recalled', D.TicketRecalledData),
    event('ticket.started', D.TicketAtWindowData),
    event('ticket.completed', D.TicketAtWindowData),
    event('ticket.noshow', D.TicketAtWindowData),
    event('ticket.parked', D.TicketAtWindowData),
    event('ticket.transferred', D.TicketTransferredData),
    event('ticket.cancelled', D.TicketCancelledData),
    event('window.opened', D.WindowOpenedData),
    event('window.paused', D.WindowData),
    event('window.resumed', D.WindowData),
    event('window.closed', D.WindowData),
    event('booth.presence', D.BoothPresenceData),
    event('rating.given', D.RatingGivenData),
    event('device.online', D.DeviceOnlineData),
    event('device.offline', D.DeviceOfflineData),
    event('device.fault', D.DeviceFaultData),
    event('site.config', D.SiteConfigData),
    event('site.snapshot', D.SiteSnapshotData),
  ],
  { $id: 'EventEnvelope', description: 'A hall event, told apart by `type`' },
)
export type EventEnvelope = Static<typeof EventEnvelope>
export type EventType = EventEnvelope['type']
export type EventOf<T extends EventType> = Extract<EventEnvelope, { type: T }>
export type EventData<T extends EventType> = EventOf<T>['data']

export const EVENT_TYPES = tagsOf(EventEnvelope) as EventType[]
