import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Guidance, WaitPrediction } from '../domain.js'
import { ItemCode, SiteId, Text, TicketNo, Timestamp, Url, WindowNo } from '../ids.js'
import { TaggedUnion, tagsOf } from '../tagged-union.js'
import { PROTOCOL_VERSION } from '../version.js'

/*
 * Cloud → edge on `qms.cmd.<site>` (stream QMS_CMD, one durable consumer per hall), so a hall
 * that was offline gets what was sent meanwhile. Every command expires: a hall that receives one
 * after `expiresAt` drops it and counts it.
 */

const closed = { additionalProperties: false } as const

function command<T extends string, S extends TSchema>(type: T, data: S, description: string) {
  return Type.Object(
    {
      v: Type.Literal(PROTOCOL_VERSION),
      id: Type.String({
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$',
        description: 'Unique; also the JetStream message id',
      }),
      site: SiteId,
      ts: Timestamp,
      expiresAt: Timestamp,
      type: Type.Literal(type),
      data,
    },
    { ...closed, title: type, description },
  )
}

export const TicketPrediction = Type.Object({ ticket: TicketNo, wait: WaitPrediction }, closed)
export const ItemPrediction = Type.Object({ item: ItemCode, wait: WaitPrediction }, closed)

export const CloudCommand = TaggedUnion(
  'type',
  [
    command(
      'guidance',
      Type.Object({ items: Type.Array(Guidance, { maxItems: 16 }) }, closed),
      'Replace the hall’s guidance list',
    ),
    command(
      'predictions',
      Type.Object(
        {
          at: Timestamp,
          seq: Type.Integer({ minimum: 0, description: 'Last event seq the prediction saw' }),
          items: Type.Array(ItemPrediction, { maxItems: 1000 }),
          tickets: Type.Array(TicketPrediction, { maxItems: 20000 }),
        },
        closed,
      ),
      'Predicted waits for newcomers per item and for every waiting ticket',
    ),
    command(
      'config',
      Type.Object(
        {
          diversion: Type.Optional(Type.Boolean()),
          recallLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
          priorityCap: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
          onlineLinks: Type.Optional(
            Type.Array(Type.Object({ item: ItemCode, url: Url }, closed), { maxItems: 1000 }),
          ),
        },
        closed,
      ),
      'Change hall settings',
    ),
    command(
      'notice',
      Type.Object(
        {
          window: Type.Optional(WindowNo),
          text: Text(120),
          textEn: Type.Optional(Text(200)),
          alertId: Type.Optional(Type.String({ maxLength: 80 })),
        },
        closed,
      ),
      'Point-to-point reminder to the staff of a window, or to the whole hall',
    ),
    command(
      'openWindow',
      Type.Object(
        {
          window: Type.Optional(WindowNo),
          text: Text(120),
          textEn: Type.Optional(Text(200)),
          alertId: Type.Optional(Type.String({ maxLength: 80 })),
        },
        closed,
      ),
      'A manager asks the hall to open a window',
    ),
    command(
      'handoffDone',
      Type.Object({ ticket: TicketNo, toSite: SiteId, toTicket: TicketNo }, closed),
      'The person took a ticket at another hall: close this hall’s ticket as transferred',
    ),
  ],
  { $id: 'CloudCommand', description: 'A cloud → edge command, told apart by `type`' },
)
export type CloudCommand = Static<typeof CloudCommand>
export type CloudCommandType = CloudCommand['type']
export type CloudCommandOf<T extends CloudCommandType> = Extract<CloudCommand, { type: T }>

export const CLOUD_COMMAND_TYPES = tagsOf(CloudCommand) as CloudCommandType[]
