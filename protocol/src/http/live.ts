import { type Static, Type } from '@sinclair/typebox'
import { TakeResult } from '../device/responses.js'
import { Channel, Guidance, Priority, SiteKind, TicketState, WaitPrediction } from '../domain.js'
import {
  CategoryCode,
  ItemCode,
  LocalDay,
  ReqId,
  SiteId,
  Text,
  TicketNo,
  Timestamp,
  WindowNo,
} from '../ids.js'
import { TaggedUnion } from '../tagged-union.js'

/*
 * The cloud's live HTTP payloads: predicted waits, recommendations, tickets taken from a phone
 * and their live status, hand-off between halls, busy-window alerts and the managers' actions.
 * Chinese text first (`text`), English beside it (`textEn`).
 */

const closed = { additionalProperties: false } as const
const Count = Type.Integer({ minimum: 0 })
const Minutes = Type.Number({ minimum: 0, maximum: 1440 })
const Lat = Type.Number({ minimum: -90, maximum: 90 })
const Lng = Type.Number({ minimum: -180, maximum: 180 })
const Note = Type.String({ minLength: 1, maxLength: 120 })

/** The predicted wait of a newcomer to one item: ordinary and priority classes. */
export const ItemWait = Type.Object(
  {
    item: ItemCode,
    wait: WaitPrediction,
    priority: Type.Optional(WaitPrediction),
  },
  { ...closed, $id: 'ItemWait' },
)
export type ItemWait = Static<typeof ItemWait>

/** A hall as a phone sees it: where it is, whether it issues numbers now, its waits. */
export const PublicHall = Type.Object(
  {
    id: SiteId,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    kind: SiteKind,
    location: Type.Object({ lat: Lat, lng: Lng }, closed),
    address: Type.Optional(Text(120)),
    open: Type.Boolean({ description: 'Issuing numbers now by its opening hours' }),
    waiting: Count,
    windowsOpen: Count,
    predictedAt: Type.Optional(Timestamp),
    items: Type.Array(ItemWait, {
      maxItems: 1000,
      description: 'Predicted wait of a newcomer per offered item (only `item` when filtered)',
    }),
  },
  { ...closed, $id: 'PublicHall' },
)
export type PublicHall = Static<typeof PublicHall>

export const PublicHallList = Type.Object(
  { total: Count, halls: Type.Array(PublicHall) },
  { ...closed, $id: 'PublicHallList' },
)
export type PublicHallList = Static<typeof PublicHallList>

/** The latest predictions of one hall. */
export const SitePredictions = Type.Object(
  {
    site: SiteId,
    at: Timestamp,
    seq: Count,
    items: Type.Array(ItemWait, { maxItems: 1000 }),
  },
  { ...closed, $id: 'SitePredictions' },
)
export type SitePredictions = Static<typeof SitePredictions>

/** A hall the balancer sized up for a person. */
export const RecommendationCandidate = Type.Object(
  {
    site: SiteId,
    siteName: Type.Optional(Text(60)),
    waitMin: Minutes,
    travelMin: Type.Number({ minimum: 0 }),
    totalMin: Type.Optional(Type.Number({ minimum: 0 })),
    rejected: Type.Optional(
      Type.Union([
        Type.Literal('closed'),
        Type.Literal('closes'),
        Type.Literal('far'),
        Type.Literal('unknown'),
      ]),
    ),
  },
  closed,
)

/** Where a person should go for an item: stay, another hall, or the phone (掌办). */
export const RecommendationResult = Type.Object(
  {
    item: ItemCode,
    decision: Type.Union([Type.Literal('stay'), Type.Literal('hall'), Type.Literal('online')]),
    site: Type.Optional(SiteId),
    siteName: Type.Optional(Text(60)),
    stayMin: Type.Optional(Minutes),
    waitMin: Type.Optional(Minutes),
    travelMin: Type.Optional(Type.Number({ minimum: 0 })),
    savingMin: Type.Optional(Type.Number()),
    guidance: Type.Array(Guidance, { maxItems: 4 }),
    candidates: Type.Array(RecommendationCandidate, { maxItems: 1000 }),
  },
  { ...closed, $id: 'RecommendationResult' },
)
export type RecommendationResult = Static<typeof RecommendationResult>

/** Links to follow a ticket: its status, its live feed (SSE), and the phone page. */
export const TicketLinks = Type.Object(
  {
    status: Type.String({ maxLength: 200 }),
    events: Type.String({ maxLength: 200 }),
    page: Type.String({ maxLength: 200 }),
  },
  closed,
)

/** A ticket taken from a phone: the hall's answer, the hall, and where to follow it. */
export const VirtualTicket = Type.Object(
  {
    ...TakeResult.properties,
    site: SiteId,
    siteName: Type.Optional(Text(60)),
    chosen: Type.Boolean({ description: 'The system chose the hall (no site was asked for)' }),
    links: TicketLinks,
  },
  { ...closed, $id: 'VirtualTicket' },
)
export type VirtualTicket = Static<typeof VirtualTicket>

/** Where a ticket stands now, for the phone page (any ticket: taken at a kiosk or a phone). */
export const VirtualTicketStatus = Type.Object(
  {
    site: SiteId,
    siteName: Type.Optional(Text(60)),
    ticket: TicketNo,
    item: ItemCode,
    itemName: Type.Optional(Text(60)),
    category: CategoryCode,
    priority: Priority,
    channel: Type.Optional(Channel),
    state: TicketState,
    issuedAt: Type.Optional(Timestamp),
    ahead: Count,
    wait: Type.Optional(WaitPrediction),
    window: Type.Optional(WindowNo),
    calledAt: Type.Optional(Timestamp),
    endedAt: Type.Optional(Timestamp),
    near: Type.Boolean({ description: 'Waiting with at most three people ahead, or called' }),
    toSite: Type.Optional(SiteId),
    toTicket: Type.Optional(TicketNo),
    updatedAt: Timestamp,
    source: Type.Union([Type.Literal('cloud'), Type.Literal('hall')], {
      description: 'cloud: the cloud’s live view; hall: asked of the hall just now',
    }),
  },
  { ...closed, $id: 'VirtualTicketStatus' },
)
export type VirtualTicketStatus = Static<typeof VirtualTicketStatus>

/** Hand a waiting ticket to another hall, keeping the person's place. */
export const HandoffRequest = Type.Object(
  { toSite: SiteId, reqId: ReqId },
  { ...closed, $id: 'HandoffRequest' },
)
export type HandoffRequest = Static<typeof HandoffRequest>

export const HandoffResult = Type.Object(
  {
    reqId: ReqId,
    fromSite: SiteId,
    fromTicket: TicketNo,
    site: SiteId,
    siteName: Type.Optional(Text(60)),
    ticket: TakeResult,
    travelMin: Type.Number({ minimum: 0 }),
    arrival: Type.Object(
      { from: Timestamp, to: Timestamp },
      { ...closed, description: 'When the person is expected at the new hall' },
    ),
    closed: Type.Boolean({
      description: 'The first hall confirmed storing the order to close its ticket as transferred',
    }),
    links: TicketLinks,
  },
  { ...closed, $id: 'HandoffResult' },
)
export type HandoffResult = Static<typeof HandoffResult>

export const AlertRule = Type.Union([
  Type.Literal('queue-long'),
  Type.Literal('wait-long'),
  Type.Literal('service-long'),
  Type.Literal('hall-busier'),
  Type.Literal('window-unattended'),
])
export const AlertLevel = Type.Union([
  Type.Literal('info'),
  Type.Literal('warning'),
  Type.Literal('critical'),
])
export type AlertLevel = Static<typeof AlertLevel>

/**
 * raised → acknowledged → acting → resolved; `cleared` when the condition went away before a
 * manager resolved it. Resolved and cleared alerts keep their life.
 */
export const AlertState = Type.Union([
  Type.Literal('raised'),
  Type.Literal('acknowledged'),
  Type.Literal('acting'),
  Type.Literal('resolved'),
  Type.Literal('cleared'),
])
export type AlertState = Static<typeof AlertState>

/** An action an alert suggests. */
export const AlertSuggestion = Type.Object(
  {
    kind: Type.String({ maxLength: 32, description: 'open-window, diversion, check-window' }),
    site: SiteId,
    window: Type.Optional(WindowNo),
    staffFrom: Type.Optional(SiteId),
    category: Type.Optional(CategoryCode),
    text: Text(200),
    textEn: Text(300),
  },
  closed,
)

/** A manager's action on an alert, told apart by `action`. */
export const AlertAction = TaggedUnion(
  'action',
  [
    Type.Object(
      {
        action: Type.Literal('open-window'),
        window: Type.Optional(WindowNo),
        note: Type.Optional(Note),
      },
      { ...closed, description: 'Ask the hall to open a window (its staff get the reminder)' },
    ),
    Type.Object(
      { action: Type.Literal('diversion'), on: Type.Boolean(), note: Type.Optional(Note) },
      { ...closed, description: 'Turn the hall’s diversion (suggesting other halls) on or off' },
    ),
    Type.Object(
      {
        action: Type.Literal('guidance'),
        text: Text(200),
        textEn: Type.Optional(Text(300)),
        until: Type.Optional(Timestamp),
        note: Type.Optional(Note),
      },
      { ...closed, description: 'Show a text on the hall screen’s guidance banner' },
    ),
    Type.Object(
      {
        action: Type.Literal('move-staff'),
        fromSite: SiteId,
        window: Type.Optional(WindowNo),
        note: Type.Optional(Note),
      },
      { ...closed, description: 'Send someone from another hall: both halls get a reminder' },
    ),
    Type.Object(
      { action: Type.Literal('notice'), window: Type.Optional(WindowNo), text: Text(120) },
      { ...closed, description: 'A reminder to a window’s staff, or to the whole hall' },
    ),
  ],
  { $id: 'AlertAction', description: 'A manager’s action on an alert, told apart by `action`' },
)
export type AlertAction = Static<typeof AlertAction>

/** One step of an alert's life. */
export const AlertLifeEntry = Type.Object(
  {
    at: Timestamp,
    what: Type.Union([
      Type.Literal('raised'),
      Type.Literal('level'),
      Type.Literal('escalated'),
      Type.Literal('acknowledged'),
      Type.Literal('acted'),
      Type.Literal('resolved'),
      Type.Literal('cleared'),
      Type.Literal('notified'),
    ]),
    by: Type.Optional(Type.String({ maxLength: 64 })),
    level: Type.Optional(AlertLevel),
    value: Type.Optional(Type.Number()),
    action: Type.Optional(AlertAction),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { ...closed, $id: 'AlertLifeEntry' },
)
export type AlertLifeEntry = Static<typeof AlertLifeEntry>

/** A busy-window alert (工位繁忙预警) and its life. */
export const Alert = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$' }),
    key: Type.String({ maxLength: 200, description: 'The condition: the same key is one alert' }),
    rule: AlertRule,
    site: SiteId,
    level: AlertLevel,
    state: AlertState,
    window: Type.Optional(WindowNo),
    category: Type.Optional(CategoryCode),
    ticket: Type.Optional(TicketNo),
    value: Type.Number(),
    threshold: Type.Number(),
    text: Text(200),
    textEn: Text(300),
    suggestions: Type.Array(AlertSuggestion, { maxItems: 8 }),
    raisedAt: Timestamp,
    updatedAt: Timestamp,
    acknowledgedAt: Type.Optional(Timestamp),
    acknowledgedBy: Type.Optional(Type.String({ maxLength: 64 })),
    resolvedAt: Type.Optional(Timestamp),
    resolvedBy: Type.Optional(Type.String({ maxLength: 64 })),
    clearedAt: Type.Optional(Timestamp),
    escalations: Count,
    life: Type.Array(AlertLifeEntry, { maxItems: 200 }),
  },
  { ...closed, $id: 'Alert' },
)
export type Alert = Static<typeof Alert>

export const AlertList = Type.Object(
  { total: Count, alerts: Type.Array(Alert) },
  { ...closed, $id: 'AlertList' },
)
export type AlertList = Static<typeof AlertList>

/** Acknowledge or resolve, with an optional note. */
export const AlertNote = Type.Object({ note: Type.Optional(Note) }, { ...closed, $id: 'AlertNote' })
export type AlertNote = Static<typeof AlertNote>

/** A manager's text on a hall's guidance banner. */
export const SiteGuidanceRequest = Type.Object(
  {
    text: Text(200),
    textEn: Type.Optional(Text(300)),
    until: Type.Optional(Timestamp),
  },
  { ...closed, $id: 'SiteGuidanceRequest' },
)
export type SiteGuidanceRequest = Static<typeof SiteGuidanceRequest>

export const DiversionRequest = Type.Object(
  { on: Type.Boolean() },
  { ...closed, $id: 'DiversionRequest' },
)
export type DiversionRequest = Static<typeof DiversionRequest>

export const OpenWindowRequest = Type.Object(
  { window: Type.Optional(WindowNo), note: Type.Optional(Note) },
  { ...closed, $id: 'OpenWindowRequest' },
)
export type OpenWindowRequest = Static<typeof OpenWindowRequest>

/** What a manager's action on a hall did: the command stored for the hall. */
export const SiteActionResult = Type.Object(
  {
    site: SiteId,
    command: Type.String({ maxLength: 80, description: 'Id of the command sent to the hall' }),
    type: Type.String({ maxLength: 32 }),
    guidance: Type.Optional(Type.Array(Guidance, { maxItems: 16 })),
  },
  { ...closed, $id: 'SiteActionResult' },
)
export type SiteActionResult = Static<typeof SiteActionResult>

/** One hour (or one day) of a hall's figures for charts. */
export const TrendPoint = Type.Object(
  {
    day: LocalDay,
    hour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
    issued: Count,
    called: Count,
    served: Count,
    noShow: Count,
    cancelled: Count,
    waitMeanMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    predictedMeanMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    alerts: Count,
  },
  closed,
)

export const SiteTrend = Type.Object(
  {
    site: SiteId,
    days: Type.Array(TrendPoint, { maxItems: 400, description: 'One point per day, oldest first' }),
    hours: Type.Array(TrendPoint, { maxItems: 24 * 31, description: 'Per hour of those days' }),
  },
  { ...closed, $id: 'SiteTrend' },
)
export type SiteTrend = Static<typeof SiteTrend>

/** A wait told at issue beside the wait that came true (at the first call). */
export const AccuracyPoint = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    calledAt: Timestamp,
    predictedMin: Minutes,
    lo80: Type.Optional(Minutes),
    hi80: Type.Optional(Minutes),
    lo90: Type.Optional(Minutes),
    hi90: Type.Optional(Minutes),
    actualMin: Type.Number({ minimum: 0 }),
  },
  closed,
)

export const PredictionAccuracy = Type.Object(
  {
    site: SiteId,
    count: Count,
    meanAbsErrorMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
    biasMin: Type.Union([Type.Number(), Type.Null()], {
      description: 'Mean of actual − predicted: positive when people waited longer than told',
    }),
    coverage80: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    coverage90: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    points: Type.Array(AccuracyPoint, { maxItems: 5000, description: 'Newest first' }),
  },
  { ...closed, $id: 'PredictionAccuracy' },
)
export type PredictionAccuracy = Static<typeof PredictionAccuracy>

/** Every schema of the live API with an `$id`, for the OpenAPI document and route references. */
export const LIVE_HTTP_SCHEMAS = [
  ItemWait,
  PublicHall,
  PublicHallList,
  SitePredictions,
  RecommendationResult,
  VirtualTicket,
  VirtualTicketStatus,
  HandoffRequest,
  HandoffResult,
  AlertAction,
  AlertLifeEntry,
  Alert,
  AlertList,
  AlertNote,
  SiteGuidanceRequest,
  DiversionRequest,
  OpenWindowRequest,
  SiteActionResult,
  SiteTrend,
  PredictionAccuracy,
] as const
