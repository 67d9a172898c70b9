import { type Static, Type } from '@sinclair/typebox'
import { ErrorBodySchema } from '../device/responses.js'
import { Announce } from '../display/announce.js'
import { HallSnapshot, LinkState } from '../display/snapshot.js'
import { Channel, Priority, WaitPrediction } from '../domain.js'
import {
  CategoryCode,
  ItemCode,
  LocalDay,
  ReqId,
  SiteId,
  Text,
  TicketNo,
  TicketPrefix,
  Timestamp,
  Url,
} from '../ids.js'
import { TaggedUnion } from '../tagged-union.js'

/*
 * The edge agent's HTTP payloads (the hall's local API): the live state, the web kiosk's take,
 * a ticket's status, the items on offer for the kiosk page, health, and the `/ws` live feed.
 * Errors are `{ "error": ErrorBody }` with the HTTP status of the code (protocol/README.md).
 */

const closed = { additionalProperties: false } as const
const Count = Type.Integer({ minimum: 0 })

/** Every failed HTTP request of the edge: the error body of the device topics. */
export const EdgeErrorReply = Type.Object(
  { error: ErrorBodySchema },
  { ...closed, $id: 'EdgeErrorReply' },
)
export type EdgeErrorReply = Static<typeof EdgeErrorReply>

/** A ticket waiting (or parked) in the hall, in calling order. */
export const EdgeWaitingTicket = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    category: CategoryCode,
    priority: Priority,
    channel: Channel,
    state: Type.Union([Type.Literal('waiting'), Type.Literal('parked')]),
    issuedAt: Timestamp,
    queuedAt: Timestamp,
    ahead: Count,
  },
  { ...closed, $id: 'EdgeWaitingTicket' },
)
export type EdgeWaitingTicket = Static<typeof EdgeWaitingTicket>

/** `GET /api/state`: the hall snapshot and every waiting ticket. */
export const EdgeState = Type.Object(
  {
    ...HallSnapshot.properties,
    waiting: Type.Array(EdgeWaitingTicket, { maxItems: 20000 }),
  },
  { ...closed, $id: 'EdgeState' },
)
export type EdgeState = Static<typeof EdgeState>

/** `POST /api/tickets`: the web kiosk takes a number. The same `reqId` twice gets the first answer. */
export const EdgeTakeRequest = Type.Object(
  {
    item: ItemCode,
    priority: Type.Optional(Priority),
    personId: Type.Optional(
      Type.String({ minLength: 4, maxLength: 32, pattern: '^[0-9A-Za-z]+$' }),
    ),
    reqId: Type.Optional(ReqId),
  },
  { ...closed, $id: 'EdgeTakeRequest' },
)
export type EdgeTakeRequest = Static<typeof EdgeTakeRequest>

/** `GET /api/tickets/:ticket`. */
export const EdgeTicketParams = Type.Object(
  { ticket: TicketNo },
  { ...closed, $id: 'EdgeTicketParams' },
)

/** One item the hall offers, as the kiosk page searches and shows it. */
export const EdgeCatalogueItem = Type.Object(
  {
    code: ItemCode,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    category: CategoryCode,
    prefix: TicketPrefix,
    keywords: Type.Array(Text(20), { maxItems: 16 }),
    pinyin: Type.String({ maxLength: 40 }),
    materials: Type.Array(Text(80), { maxItems: 16 }),
    online: Type.Boolean({ description: 'Can be done fully online (掌办)' }),
    onlineUrl: Type.Optional(Url),
    meanMinutes: Type.Number({ minimum: 0 }),
    waiting: Count,
    wait: WaitPrediction,
  },
  { ...closed, $id: 'EdgeCatalogueItem' },
)
export type EdgeCatalogueItem = Static<typeof EdgeCatalogueItem>

/** `GET /api/catalogue`: the categories and items this hall offers, with waits now. */
export const EdgeCatalogue = Type.Object(
  {
    site: SiteId,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    day: LocalDay,
    categories: Type.Array(
      Type.Object(
        {
          code: CategoryCode,
          name: Text(30),
          nameEn: Type.Optional(Text(80)),
          prefix: TicketPrefix,
          waiting: Count,
        },
        closed,
      ),
      { maxItems: 256 },
    ),
    items: Type.Array(EdgeCatalogueItem, { maxItems: 2000 }),
  },
  { ...closed, $id: 'EdgeCatalogue' },
)
export type EdgeCatalogue = Static<typeof EdgeCatalogue>

/** `GET /healthz`. `ok` is false while the agent starts or drains. */
export const EdgeHealth = Type.Object(
  {
    ok: Type.Boolean(),
    site: SiteId,
    day: LocalDay,
    seq: Count,
    uptimeSec: Type.Number({ minimum: 0 }),
    broker: Type.Object(
      {
        mode: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
        connected: Type.Boolean(),
        devices: Count,
      },
      closed,
    ),
    link: LinkState,
  },
  { ...closed, $id: 'EdgeHealth' },
)
export type EdgeHealth = Static<typeof EdgeHealth>

/** A message of the `/ws` live feed: the hall snapshot (at connect and on change) or an announcement. */
export const EdgeWsMessage = TaggedUnion(
  'type',
  [
    Type.Object({ type: Type.Literal('snapshot'), snapshot: HallSnapshot }, closed),
    Type.Object({ type: Type.Literal('announce'), announce: Announce }, closed),
  ],
  { $id: 'EdgeWsMessage' },
)
export type EdgeWsMessage = Static<typeof EdgeWsMessage>

/** Every schema of the edge's HTTP API that has an `$id`, for docs. */
export const EDGE_HTTP_SCHEMAS = [
  EdgeErrorReply,
  EdgeWaitingTicket,
  EdgeState,
  EdgeTakeRequest,
  EdgeTicketParams,
  EdgeCatalogueItem,
  EdgeCatalogue,
  EdgeHealth,
  EdgeWsMessage,
] as const
