import { type Static, Type } from '@sinclair/typebox'
import { DeviceKind, SiteKind } from '../domain.js'
import {
  CategoryCode,
  ClockTime,
  DeviceId,
  ItemCode,
  SiteId,
  Text,
  TicketPrefix,
  WindowNo,
} from '../ids.js'

/*
 * A hall's configuration file (`qms-edge --config hall.json`). Defaults are written beside each
 * field; the edge validates the file once at start and names the field and the fix when it is wrong.
 */

const closed = { additionalProperties: false } as const

export const Location = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
  },
  closed,
)
export type Location = Static<typeof Location>

/** Opening hours: on these ISO weekdays (1 = Monday … 7 = Sunday), from `open` to `close`, local time. */
export const OpeningHours = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
    }),
    open: ClockTime,
    close: ClockTime,
  },
  closed,
)
export type OpeningHours = Static<typeof OpeningHours>

export const Staff = Type.Object(
  { id: Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' }), name: Text(30) },
  closed,
)

export const WindowConfig = Type.Object(
  {
    no: WindowNo,
    name: Text(30),
    categories: Type.Array(CategoryCode, {
      maxItems: 64,
      description: 'Categories this window serves',
    }),
    oneStop: Type.Optional(
      Type.Boolean({
        description:
          '一窗通办: serves every category the hall offers — those of its items, else those any window lists (default false)',
      }),
    ),
    staff: Type.Optional(Type.Array(Staff, { maxItems: 8 })),
  },
  closed,
)
export type WindowConfig = Static<typeof WindowConfig>

/** `sha256:<64 hex>` of the device token. The config never holds the token itself. */
export const TokenHash = Type.String({
  pattern: '^sha256:[0-9a-f]{64}$',
  description: 'sha256:<hex> of the device token',
})

export const DeviceConfig = Type.Object(
  {
    id: DeviceId,
    kind: DeviceKind,
    tokenHash: TokenHash,
    window: Type.Optional(WindowNo),
    printer: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: 'Printer id (dispensers)' }),
    ),
  },
  closed,
)
export type DeviceConfig = Static<typeof DeviceConfig>

export const PrinterConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' }),
    interface: Type.String({
      pattern: '^tcp://[^\\s:/]+:[0-9]{1,5}$',
      description: 'tcp://host:port of an ESC/POS network printer',
    }),
    width: Type.Union([Type.Literal(58), Type.Literal(80)], {
      description: 'Paper width in millimetres',
    }),
  },
  closed,
)
export type PrinterConfig = Static<typeof PrinterConfig>

export const SerialConfig = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Serial device path, e.g. /dev/ttyUSB0',
    }),
    baud: Type.Integer({ minimum: 1200, maximum: 921600, default: 9600 }),
    dialect: Type.Literal('qms-line-1', {
      description: 'The line dialect documented in edge-agent/docs/serial.md',
    }),
    device: DeviceId,
    window: WindowNo,
  },
  closed,
)
export type SerialConfig = Static<typeof SerialConfig>

export const UplinkConfig = Type.Object(
  {
    servers: Type.Array(Type.String({ pattern: '^(nats|tls)://[^\\s]+$' }), {
      minItems: 1,
      maxItems: 8,
    }),
    user: Type.Optional(Type.String({ maxLength: 64 })),
    password: Type.Optional(Type.String({ maxLength: 256 })),
    token: Type.Optional(Type.String({ maxLength: 256 })),
    nkeySeed: Type.Optional(
      Type.String({
        pattern: '^SU[A-Z2-7]+$',
        maxLength: 128,
        description: 'The hall’s NATS user nkey seed (from `qms-cloud nats-auth --seeds`)',
      }),
    ),
    seedFile: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          'A file holding the nkey seed, or the JSON of `qms-cloud nats-auth --seeds` (site → seed); relative to the hall file',
      }),
    ),
    root: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description: 'First token of the NATS subjects (default qms), as the cloud’s',
      }),
    ),
    streamPrefix: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        description: 'Prefix of the stream names (default QMS), as the cloud’s',
      }),
    ),
  },
  closed,
)
export type UplinkConfig = Static<typeof UplinkConfig>

export const BrokerConfig = Type.Object(
  {
    host: Type.Optional(Type.String({ maxLength: 64, default: '0.0.0.0' })),
    tcpPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 1883 })),
    wsPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8883 })),
    url: Type.Optional(
      Type.String({
        pattern: '^(mqtt|mqtts|ws|wss)://[^\\s]+$',
        description: 'External broker: the edge connects as a client',
      }),
    ),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    password: Type.Optional(Type.String({ maxLength: 256 })),
  },
  closed,
)

export const HttpConfig = Type.Object(
  {
    host: Type.Optional(Type.String({ maxLength: 64, default: '0.0.0.0' })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8080 })),
    publicUrl: Type.Optional(
      Type.String({
        pattern: '^https?://[^\\s]+$',
        description: 'Base URL printed in ticket QR codes',
      }),
    ),
  },
  closed,
)

export const QueueRules = Type.Object(
  {
    recallLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, default: 3 })),
    priorityCap: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 20,
        default: 3,
        description: 'Priority tickets called in a row before an ordinary one waiting longer',
      }),
    ),
  },
  closed,
)

export const HallConfig = Type.Object(
  {
    id: SiteId,
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    kind: SiteKind,
    address: Type.Optional(Text(120)),
    location: Location,
    timezone: Type.Optional(Type.String({ maxLength: 64, default: 'Asia/Shanghai' })),
    hours: Type.Array(OpeningHours, { minItems: 1, maxItems: 14 }),
    catalogue: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'Catalogue file, relative to this file (default: the shipped catalogue)',
      }),
    ),
    items: Type.Optional(
      Type.Array(ItemCode, {
        maxItems: 1000,
        description: 'Items offered (default: every item of the categories served)',
      }),
    ),
    prefixes: Type.Optional(
      Type.Record(CategoryCode, TicketPrefix, { description: 'Per-category prefix overrides' }),
    ),
    windows: Type.Array(WindowConfig, { minItems: 1, maxItems: 128 }),
    devices: Type.Array(DeviceConfig, { maxItems: 512 }),
    printers: Type.Optional(Type.Array(PrinterConfig, { maxItems: 32 })),
    serial: Type.Optional(Type.Array(SerialConfig, { maxItems: 64 })),
    uplink: Type.Optional(UplinkConfig),
    broker: Type.Optional(BrokerConfig),
    http: Type.Optional(HttpConfig),
    dataDir: Type.Optional(
      Type.String({ maxLength: 500, description: 'Journal folder (default ./data/<id>)' }),
    ),
    rules: Type.Optional(QueueRules),
  },
  { ...closed, $id: 'HallConfig' },
)
export type HallConfig = Static<typeof HallConfig>

export const DistrictConfig = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }),
    name: Text(60),
    nameEn: Type.Optional(Text(120)),
    timezone: Type.String({ maxLength: 64 }),
    catalogue: Type.String({
      maxLength: 500,
      description: 'Catalogue file, relative to this file',
    }),
    halls: Type.Array(Type.String({ maxLength: 500 }), {
      minItems: 1,
      maxItems: 1000,
      description: 'Hall files, relative to this file',
    }),
  },
  { ...closed, $id: 'DistrictConfig' },
)
export type DistrictConfig = Static<typeof DistrictConfig>

export { SiteId, TicketPrefix }
