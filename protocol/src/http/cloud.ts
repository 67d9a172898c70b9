import { type Static, Type } from '@sinclair/typebox'
import { Location } from '../config/hall.js'
import { Channel, DeviceKind, Priority, SiteKind, WindowState } from '../domain.js'
import { DeviceFault } from '../events/data.js'
import {
  CategoryCode,
  DeviceId,
  ItemCode,
  LocalDay,
  ReqId,
  SiteId,
  Text,
  TicketNo,
  Timestamp,
  WindowNo,
} from '../ids.js'
import { LIVE_HTTP_SCHEMAS } from './live.js'

/*
 * The cloud's HTTP payloads: the live picture of every hall as the cloud projects it from the
 * halls' events, the day's figures, and the per-ticket history the predictor learns from.
 */

const closed = { additionalProperties: false } as const
const Count = Type.Integer({ minimum: 0 })

/** The hall's link as the cloud sees it. */
export const SiteLink = Type.Object(
  {
    connected: Type.Boolean({
      description:
        'The hall holds a pull request open on its command consumer, or just sent events',
    }),
    seenAt: Type.Optional(Timestamp),
    pendingEvents: Type.Integer({
      minimum: 0,
      description: 'Events in the stream not yet applied to the projections',
    }),
    gapFrom: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'First missing seq while the cloud waits for the hall to replay',
      }),
    ),
  },
  { ...closed, $id: 'SiteLink' },
)
export type SiteLink = Static<typeof SiteLink>

/** A window now. */
export const WindowLive = Type.Object(
  {
    no: WindowNo,
    name: Type.Optional(Text(30)),
    state: WindowState,
    ticket: Type.Optional(TicketNo),
    present: Type.Optional(Type.Boolean()),
    staff: Type.Optional(Type.String({ maxLength: 32 })),
    oneStop: Type.Optional(Type.Boolean()),
    categories: Type.Optional(Type.Array(CategoryCode, { maxItems: 64 })),
    since: Type.Optional(Timestamp),
  },
  { ...closed, $id: 'WindowLive' },
)
export type WindowLive = Static<typeof WindowLive>

/** A ticket in the hall that is not finished: waiting, parked, called or being served. */
export const OpenTicket = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    category: CategoryCode,
    priority: Priority,
    channel: Channel,
    state: Type.Union([
      Type.Literal('waiting'),
      Type.Literal('parked'),
      Type.Literal('called'),
      Type.Literal('serving'),
    ]),
    issuedAt: Timestamp,
    queuedAt: Type.Optional(Timestamp),
    window: Type.Optional(WindowNo),
    calledAt: Type.Optional(Timestamp),
    startedAt: Type.Optional(Timestamp),
    recalls: Count,
    ahead: Type.Optional(Count),
  },
  { ...closed, $id: 'OpenTicket' },
)
export type OpenTicket = Static<typeof OpenTicket>

/** The people waiting for one item, in the order they arrived. */
export const ItemQueue = Type.Object(
  {
    item: ItemCode,
    category: CategoryCode,
    waiting: Count,
    tickets: Type.Array(OpenTicket, { maxItems: 20000 }),
  },
  { ...closed, $id: 'ItemQueue' },
)
export type ItemQueue = Static<typeof ItemQueue>

export const CurrentCall = Type.Object(
  { ticket: TicketNo, window: WindowNo, item: ItemCode, at: Timestamp, recalls: Count },
  { ...closed, $id: 'CurrentCall' },
)
export type CurrentCall = Static<typeof CurrentCall>

export const DeviceLive = Type.Object(
  {
    id: DeviceId,
    kind: Type.Optional(DeviceKind),
    online: Type.Boolean(),
    fw: Type.Optional(Type.String({ maxLength: 32 })),
    since: Type.Optional(Timestamp),
    faults: Type.Array(DeviceFault, { maxItems: 8 }),
  },
  { ...closed, $id: 'DeviceLive' },
)
export type DeviceLive = Static<typeof DeviceLive>

/** A duration figure in minutes; quantiles are estimated from fixed buckets. */
export const DurationFigure = Type.Object(
  {
    count: Count,
    meanMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    maxMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    p50Min: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    p90Min: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  },
  { ...closed, $id: 'DurationFigure' },
)
export type DurationFigure = Static<typeof DurationFigure>

/** One hall's figures for one local day. */
export const DayFigures = Type.Object(
  {
    day: LocalDay,
    issued: Count,
    byChannel: Type.Record(Type.String(), Count, { description: 'Tickets issued per channel' }),
    byPriority: Type.Record(Type.String(), Count),
    called: Count,
    served: Count,
    noShow: Count,
    cancelled: Count,
    abandoned: Type.Integer({
      minimum: 0,
      description: 'Cancelled because the person left or cancelled it (reasons abandoned, person)',
    }),
    transferred: Count,
    recalled: Count,
    wait: DurationFigure,
    handling: DurationFigure,
    ratings: Type.Object(
      {
        count: Count,
        mean: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()]),
        byScore: Type.Record(Type.String(), Count),
      },
      closed,
    ),
    selfServiceShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: 'Tickets taken through any channel but staff, over all tickets',
    }),
  },
  { ...closed, $id: 'DayFigures' },
)
export type DayFigures = Static<typeof DayFigures>

/** A hall in the district list. */
export const SiteSummary = Type.Object(
  {
    id: SiteId,
    name: Type.Optional(Text(60)),
    nameEn: Type.Optional(Text(120)),
    kind: Type.Optional(SiteKind),
    location: Type.Optional(Location),
    address: Type.Optional(Text(120)),
    configured: Type.Boolean({ description: 'Listed in the district configuration' }),
    seq: Type.Integer({ minimum: 0, description: 'Last event seq applied' }),
    lastEventAt: Type.Optional(Timestamp),
    link: SiteLink,
    waiting: Count,
    windowsOpen: Count,
    serving: Count,
    issuedToday: Count,
  },
  { ...closed, $id: 'SiteSummary' },
)
export type SiteSummary = Static<typeof SiteSummary>

export const SiteList = Type.Object(
  { total: Count, sites: Type.Array(SiteSummary) },
  { ...closed, $id: 'SiteList' },
)
export type SiteList = Static<typeof SiteList>

/** Everything the cloud knows about one hall now. */
export const SiteDetail = Type.Object(
  {
    ...SiteSummary.properties,
    day: Type.Optional(LocalDay),
    windows: Type.Array(WindowLive, { maxItems: 128 }),
    queues: Type.Array(ItemQueue, { maxItems: 1000 }),
    calls: Type.Array(CurrentCall, { maxItems: 20 }),
    devices: Type.Array(DeviceLive, { maxItems: 512 }),
    today: Type.Optional(DayFigures),
    applied: Type.Integer({ minimum: 0, description: 'Events applied since the projection began' }),
    skipped: Type.Integer({
      minimum: 0,
      description: 'Events the hall could no longer replay, passed over',
    }),
    rejected: Type.Record(Type.String(), Count, {
      description: 'Messages refused on this hall’s subject, by reason',
    }),
  },
  { ...closed, $id: 'SiteDetail' },
)
export type SiteDetail = Static<typeof SiteDetail>

/**
 * One finished ticket with the features known when it was issued: what the predictor learns
 * from. Durations are in seconds; a leg that did not happen is absent.
 */
export const TicketHistoryEntry = Type.Object(
  {
    site: SiteId,
    seq: Type.Integer({ minimum: 1, description: 'Seq of the event that ended the ticket' }),
    day: LocalDay,
    ticket: TicketNo,
    item: ItemCode,
    category: CategoryCode,
    priority: Priority,
    channel: Channel,
    outcome: Type.Union([
      Type.Literal('done'),
      Type.Literal('noshow'),
      Type.Literal('cancelled'),
      Type.Literal('transferred'),
    ]),
    reason: Type.Optional(Type.String({ maxLength: 16 })),
    window: Type.Optional(WindowNo),
    issuedAt: Timestamp,
    queuedAt: Type.Optional(Timestamp),
    calledAt: Type.Optional(Timestamp),
    startedAt: Type.Optional(Timestamp),
    endedAt: Timestamp,
    waitSec: Type.Optional(Type.Number({ minimum: 0 })),
    handleSec: Type.Optional(Type.Number({ minimum: 0 })),
    recalls: Count,
    ahead: Type.Optional(Type.Integer({ minimum: 0, description: 'People ahead at issue (edge)' })),
    waitingAtIssue: Type.Integer({
      minimum: 0,
      description: 'Tickets waiting in the hall at issue',
    }),
    waitingItemAtIssue: Type.Integer({
      minimum: 0,
      description: 'Tickets waiting for the same item at issue',
    }),
    openWindowsAtIssue: Type.Integer({
      minimum: 0,
      description: 'Open windows that serve the item’s category at issue',
    }),
    hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Local hour of issue' }),
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday of issue' }),
  },
  { ...closed, $id: 'TicketHistoryEntry' },
)
export type TicketHistoryEntry = Static<typeof TicketHistoryEntry>

/**
 * Take a number at a hall from a phone: the hall issues it and answers at once. Without `site`
 * the system chooses the hall (the shortest trip and wait from `lat`/`lng` when given).
 */
export const VirtualTicketRequest = Type.Object(
  {
    site: Type.Optional(SiteId),
    item: ItemCode,
    priority: Type.Optional(Priority),
    personId: Type.Optional(
      Type.String({ minLength: 4, maxLength: 32, pattern: '^[0-9A-Za-z]+$' }),
    ),
    reqId: Type.Optional(ReqId),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { ...closed, $id: 'VirtualTicketRequest' },
)
export type VirtualTicketRequest = Static<typeof VirtualTicketRequest>

export const CloudHealth = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    instance: Type.String({ maxLength: 120 }),
    nats: Type.Boolean(),
    redis: Type.Boolean(),
    ownedSites: Count,
    members: Count,
    uptimeSec: Type.Number({ minimum: 0 }),
  },
  { ...closed, $id: 'CloudHealth' },
)
export type CloudHealth = Static<typeof CloudHealth>

/** Every schema of the cloud's HTTP API that has an `$id`, for the OpenAPI document. */
export const CLOUD_HTTP_SCHEMAS = [
  SiteLink,
  WindowLive,
  OpenTicket,
  ItemQueue,
  CurrentCall,
  DeviceLive,
  DurationFigure,
  DayFigures,
  SiteSummary,
  SiteList,
  SiteDetail,
  TicketHistoryEntry,
  VirtualTicketRequest,
  CloudHealth,
  ...LIVE_HTTP_SCHEMAS,
] as const

export * from './live.js'
