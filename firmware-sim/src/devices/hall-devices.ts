import type { Clock, DeviceConfig, HallConfig } from '@qms/protocol'
import type { BackoffOptions } from './backoff.js'
import { Caller } from './caller.js'
import type { DeviceOptions, SimDevice } from './device.js'
import { Dispenser } from './dispenser.js'
import { HallDisplay } from './hall-display.js'
import { BoothSensor, Evaluator } from './sensor.js'
import { WindowDisplay } from './window-display.js'

export type AnyDevice = Dispenser | Caller | WindowDisplay | HallDisplay | BoothSensor | Evaluator

export interface HallDevicesOptions {
  hall: HallConfig
  /** `mqtt://host:port` of the hall's broker. */
  url: string
  /** Token per device id (see `resolveTokens`). */
  tokens: ReadonlyMap<string, string>
  clock?: Clock
  backoff?: BackoffOptions
  requestTimeoutMs?: number
  requestTries?: number
  /** Only devices of these kinds (default all). */
  kinds?: ReadonlySet<string>
}

/** A simulated device for one entry of a hall file. */
export function createDevice(
  config: DeviceConfig,
  base: Omit<DeviceOptions, 'id' | 'token'> & { token: string },
): AnyDevice {
  const options: DeviceOptions = { ...base, id: config.id }
  const window = config.window ?? ''
  switch (config.kind) {
    case 'dispenser':
      return new Dispenser(options)
    case 'caller':
      return new Caller({ ...options, window })
    case 'window-display':
      return new WindowDisplay({ ...options, window })
    case 'hall-display':
      return new HallDisplay(options)
    case 'sensor':
      return new BoothSensor({ ...options, window })
    case 'evaluator':
      return new Evaluator({ ...options, window })
  }
}

export interface HallDevices {
  devices: AnyDevice[]
  byId: ReadonlyMap<string, AnyDevice>
  /** Every device's link is up. */
  readonly allOnline: boolean
  close(): Promise<void>
}

/**
 * Powers on every device of a hall file (of the given kinds) against its broker. Resolves at
 * once: devices keep trying until the broker answers, and report each attempt as a `state` event.
 */
export function startHallDevices(options: HallDevicesOptions): HallDevices {
  const { hall } = options
  const devices: AnyDevice[] = []
  for (const config of hall.devices) {
    if (options.kinds !== undefined && !options.kinds.has(config.kind)) continue
    const token = options.tokens.get(config.id)
    if (token === undefined) continue
    const device = createDevice(config, {
      url: options.url,
      site: hall.id,
      token,
      clock: options.clock,
      backoff: options.backoff,
      requestTimeoutMs: options.requestTimeoutMs,
      requestTries: options.requestTries,
    })
    devices.push(device)
    void (device as SimDevice).connect({ waitOnline: false })
  }
  let closing: Promise<void> | undefined
  return {
    devices,
    byId: new Map(devices.map((d) => [d.id, d])),
    get allOnline() {
      return devices.every((d) => d.online)
    },
    close() {
      closing ??= Promise.all(devices.map((d) => d.close())).then(() => undefined)
      return closing
    },
  }
}
