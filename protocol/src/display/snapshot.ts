import { type Static, Type } from '@sinclair/typebox'
import { Guidance, WaitPrediction, WindowState } from '../domain.js'
import {
  CategoryCode,
  ItemCode,
  LocalDay,
  SiteId,
  Text,
  TicketNo,
  TicketPrefix,
  Timestamp,
  WindowNo,
} from '../ids.js'
import { PROTOCOL_VERSION } from '../version.js'

/** One call on the hall screen, newest first. */
export const CallEntry = Type.Object(
  {
    ticket: TicketNo,
    window: WindowNo,
    windowName: Type.Optional(Text(30)),
    item: ItemCode,
    at: Timestamp,
    recalls: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type CallEntry = Static<typeof CallEntry>

export const WindowEntry = Type.Object(
  {
    no: WindowNo,
    name: Text(30),
    state: WindowState,
    ticket: Type.Optional(TicketNo),
    oneStop: Type.Boolean({ description: '一窗通办: serves every category of the hall' }),
    categories: Type.Array(CategoryCode, { maxItems: 64 }),
    present: Type.Optional(Type.Boolean({ description: 'Booth sensor: someone at the window' })),
  },
  { additionalProperties: false },
)
export type WindowEntry = Static<typeof WindowEntry>

/** Waiting people and the predicted wait for a newcomer, per category. */
export const QueueEntry = Type.Object(
  {
    category: CategoryCode,
    prefix: TicketPrefix,
    name: Text(40),
    nameEn: Type.Optional(Text(80)),
    waiting: Type.Integer({ minimum: 0 }),
    wait: WaitPrediction,
  },
  { additionalProperties: false },
)
export type QueueEntry = Static<typeof QueueEntry>

/** The hall's link to the cloud, as the hall screen and the console show it. */
export const LinkState = Type.Object(
  {
    connected: Type.Boolean(),
    behindEvents: Type.Integer({
      minimum: 0,
      description: 'Events journaled but not yet acknowledged by the cloud',
    }),
    behindSec: Type.Number({
      minimum: 0,
      description: 'Age of the oldest unacknowledged event, in seconds',
    }),
    since: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
)
export type LinkState = Static<typeof LinkState>

/**
 * `qms/v1/<site>/hall`, QoS 1, retained: everything a hall screen shows. Republished on every
 * change, coalesced so that a burst of changes makes one message.
 */
export const HallSnapshot = Type.Object(
  {
    v: Type.Literal(PROTOCOL_VERSION),
    site: SiteId,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    ts: Timestamp,
    day: LocalDay,
    seq: Type.Integer({ minimum: 0, description: 'Last event seq this snapshot includes' }),
    open: Type.Boolean({ description: 'Whether the hall is issuing tickets now' }),
    calls: Type.Array(CallEntry, { maxItems: 20 }),
    windows: Type.Array(WindowEntry, { maxItems: 128 }),
    queues: Type.Array(QueueEntry, { maxItems: 64 }),
    guidance: Type.Array(Guidance, { maxItems: 16 }),
    link: LinkState,
    diversion: Type.Optional(Type.Boolean({ description: 'Diversion to other halls is on' })),
    timezone: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          "IANA zone the hall keeps its day in: screens show their clock in it, not in their own machine's zone",
      }),
    ),
  },
  { additionalProperties: false, $id: 'HallSnapshot' },
)
export type HallSnapshot = Static<typeof HallSnapshot>
