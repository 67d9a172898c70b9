import {
  type DeviceRequest,
  DeviceRequest as DeviceRequestSchema,
  type DeviceResponse,
  type ErrorResponse,
  MAX_DEVICE_PAYLOAD_BYTES,
  OPS_BY_KIND,
  parseJson,
  QmsError,
} from '@qms/protocol'
import type { Outcome } from '../hall/core.js'
import type { RequestRunner } from '../hall/runner.js'
import type { HallModel } from '../queue/index.js'
import type { DeviceRegistry } from './registry.js'

/** Runs device requests: parse, size limit, the op allowed for its kind, its own window. */
export interface DeviceRequests {
  /** A request payload from a device's `req` topic. */
  fromPayload(device: string, payload: Uint8Array): Promise<DeviceResponse>
  /** A parsed request from a device (MQTT or a serial keypad). */
  execute(device: string, request: DeviceRequest): Promise<DeviceResponse>
}

/** The reqId and op of a payload when they can be read, for the error reply. */
function readable(payload: Uint8Array): { reqId?: string; op?: string } {
  if (payload.byteLength > MAX_DEVICE_PAYLOAD_BYTES) return {}
  try {
    const value = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
    const out: { reqId?: string; op?: string } = {}
    if (typeof value.reqId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/.test(value.reqId))
      out.reqId = value.reqId
    if (typeof value.op === 'string' && value.op.length <= 32) out.op = value.op
    return out
  } catch {
    return {}
  }
}

export function errorResponse(
  error: QmsError | ErrorResponse['error'],
  reqId?: string,
  op?: string,
): ErrorResponse {
  const body = error instanceof QmsError ? error.toBody() : error
  // The reply schema allows only the documented fields of an error body.
  const { code, message, messageZh, path } = body
  return {
    ok: false,
    ...(reqId === undefined ? {} : { reqId }),
    ...(op === undefined ? {} : { op }),
    error: {
      code,
      message: message.slice(0, 500),
      ...(messageZh === undefined ? {} : { messageZh }),
      ...(path === undefined ? {} : { path }),
    },
  }
}

/** A device's answer from the queue's outcome. */
export function toDeviceResponse(reqId: string, outcome: Outcome): DeviceResponse {
  if (outcome.ok)
    return { reqId, ok: true, op: outcome.op, result: outcome.result } as DeviceResponse
  return errorResponse(outcome.error, reqId, outcome.op)
}

export function createDeviceRequests(
  registry: DeviceRegistry,
  runner: RequestRunner,
  model: HallModel,
): DeviceRequests {
  const execute = async (id: string, request: DeviceRequest): Promise<DeviceResponse> => {
    const device = registry.get(id)
    if (device === undefined)
      return errorResponse(
        new QmsError('BAD_CREDENTIALS', `unknown device ${id}`),
        request.reqId,
        request.op,
      )
    if (!OPS_BY_KIND[device.kind].includes(request.op))
      return errorResponse(
        new QmsError('DEVICE_NOT_ALLOWED', `a ${device.kind} may not ${request.op}`, {
          path: '/op',
        }),
        request.reqId,
        request.op,
      )
    if ('window' in request && !model.windows.has(request.window))
      return errorResponse(
        new QmsError('UNKNOWN_WINDOW', `no window ${request.window} in this hall`, {
          path: '/window',
        }),
        request.reqId,
        request.op,
      )
    if ('window' in request && device.window !== undefined && request.window !== device.window)
      return errorResponse(
        new QmsError(
          'WRONG_WINDOW',
          `device ${id} belongs to window ${device.window}, not ${request.window}`,
          { path: '/window' },
        ),
        request.reqId,
        request.op,
      )
    const settled = await runner.run(request, { key: id, device, channel: 'kiosk' })
    return toDeviceResponse(request.reqId, settled.outcome)
  }
  return {
    execute,
    async fromPayload(id, payload) {
      const parsed = parseJson(DeviceRequestSchema, payload, MAX_DEVICE_PAYLOAD_BYTES)
      if (!parsed.ok) {
        const { reqId, op } = readable(payload)
        return errorResponse(parsed.error, reqId, op)
      }
      return execute(id, parsed.value)
    },
  }
}
