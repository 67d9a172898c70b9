import { type Static, Type } from '@sinclair/typebox'
import {
  CategoryCode,
  DeviceId,
  ItemCode,
  SiteId,
  Text,
  TicketNo,
  Timestamp,
  Url,
  WindowNo,
} from './ids.js'

/**
 * Priority classes. `elderly` and `disabled` (老年人/残疾人) rank alike; `appointment` is an
 * appointment checked in at the hall; `enterprise` is the enterprise zone (企业专区).
 */
export const Priority = Type.Union(
  [
    Type.Literal('normal'),
    Type.Literal('elderly'),
    Type.Literal('disabled'),
    Type.Literal('appointment'),
    Type.Literal('enterprise'),
  ],
  { description: 'Priority class of a ticket' },
)
export type Priority = Static<typeof Priority>
export const PRIORITIES: Priority[] = ['normal', 'elderly', 'disabled', 'appointment', 'enterprise']

/** How a ticket came to be: a kiosk, the kiosk web page, a phone, an appointment, a hand-off from another hall, staff. */
export const Channel = Type.Union(
  [
    Type.Literal('kiosk'),
    Type.Literal('web'),
    Type.Literal('mobile'),
    Type.Literal('appointment'),
    Type.Literal('handoff'),
    Type.Literal('staff'),
  ],
  { description: 'Channel a ticket was taken through' },
)
export type Channel = Static<typeof Channel>

/** waiting → called → serving → done; or noshow, transferred, cancelled; parked (挂起) waits aside. */
export const TicketState = Type.Union(
  [
    Type.Literal('waiting'),
    Type.Literal('called'),
    Type.Literal('serving'),
    Type.Literal('parked'),
    Type.Literal('done'),
    Type.Literal('noshow'),
    Type.Literal('transferred'),
    Type.Literal('cancelled'),
  ],
  { description: 'Life-cycle state of a ticket' },
)
export type TicketState = Static<typeof TicketState>

export const WindowState = Type.Union(
  [
    Type.Literal('closed'),
    Type.Literal('idle'),
    Type.Literal('calling'),
    Type.Literal('serving'),
    Type.Literal('paused'),
  ],
  { description: 'closed, open-idle, calling, serving, paused' },
)
export type WindowState = Static<typeof WindowState>

export const DeviceKind = Type.Union(
  [
    Type.Literal('dispenser'),
    Type.Literal('caller'),
    Type.Literal('window-display'),
    Type.Literal('hall-display'),
    Type.Literal('sensor'),
    Type.Literal('evaluator'),
  ],
  { description: 'Kind of hall device' },
)
export type DeviceKind = Static<typeof DeviceKind>
export const DEVICE_KINDS: DeviceKind[] = [
  'dispenser',
  'caller',
  'window-display',
  'hall-display',
  'sensor',
  'evaluator',
]

export const SiteKind = Type.Union(
  [Type.Literal('hub'), Type.Literal('station'), Type.Literal('point')],
  {
    description: 'hub: central service hall; station: station hall; point: township service point',
  },
)
export type SiteKind = Static<typeof SiteKind>

/** A predicted wait in minutes with its 80% and 90% intervals. */
export const WaitPrediction = Type.Object(
  {
    minutes: Type.Number({ minimum: 0, maximum: 1440 }),
    lo80: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    hi80: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    lo90: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    hi90: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    source: Type.Optional(Type.Union([Type.Literal('cloud'), Type.Literal('local')])),
  },
  { additionalProperties: false, description: 'Predicted wait in minutes, with intervals' },
)
export type WaitPrediction = Static<typeof WaitPrediction>

/**
 * Advice for a person: do it on the phone (掌办), go to a hall where it is shorter, or stay.
 * `text` is Chinese, `textEn` English.
 */
export const Guidance = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('online'),
      Type.Literal('hall'),
      Type.Literal('stay'),
      Type.Literal('notice'),
    ]),
    item: Type.Optional(ItemCode),
    category: Type.Optional(CategoryCode),
    text: Text(200),
    textEn: Type.Optional(Text(300)),
    url: Type.Optional(Url),
    site: Type.Optional(SiteId),
    siteName: Type.Optional(Text(60)),
    waitMin: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    travelMin: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    savingMin: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    until: Type.Optional(Timestamp),
  },
  { additionalProperties: false, description: 'Guidance for a person or for the hall screen' },
)
export type Guidance = Static<typeof Guidance>

/** A ticket as devices, pages and the cloud see it. */
export const TicketView = Type.Object(
  {
    ticket: TicketNo,
    item: ItemCode,
    category: CategoryCode,
    priority: Priority,
    channel: Channel,
    state: TicketState,
    issuedAt: Timestamp,
    window: Type.Optional(WindowNo),
    calledAt: Type.Optional(Timestamp),
    startedAt: Type.Optional(Timestamp),
    endedAt: Type.Optional(Timestamp),
    recalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
  },
  { additionalProperties: false },
)
export type TicketView = Static<typeof TicketView>

export const DeviceRef = Type.Object(
  { id: DeviceId, kind: DeviceKind },
  { additionalProperties: false },
)
