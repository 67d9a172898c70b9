import { type Static, Type } from '@sinclair/typebox'
import { DeviceKind } from '../domain.js'

/**
 * `qms/v1/<site>/dev/<id>/status`, QoS 1, retained. The device publishes `{"online":true,…}`
 * on connect and sets `{"online":false}` as its last will, so the broker announces a lost device.
 */
export const DeviceStatus = Type.Object(
  {
    online: Type.Boolean(),
    kind: Type.Optional(DeviceKind),
    fw: Type.Optional(
      Type.String({ pattern: '^[0-9A-Za-z.+-]{1,32}$', description: 'Firmware version' }),
    ),
    paper: Type.Optional(
      Type.Union([Type.Literal('ok'), Type.Literal('low'), Type.Literal('out')], {
        description: 'Paper level of a dispenser’s printer',
      }),
    ),
    fault: Type.Optional(
      Type.String({ maxLength: 120, description: 'A fault the device reports itself' }),
    ),
  },
  { additionalProperties: false, $id: 'DeviceStatus', description: 'Device status and last will' },
)
export type DeviceStatus = Static<typeof DeviceStatus>
