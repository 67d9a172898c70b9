export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
export { Caller, type CallerOptions, type Notice } from './caller.js'
export {
  type DeviceEvents,
  type DeviceOptions,
  type DeviceStats,
  type InvalidMessage,
  type Reply,
  type RequestOptions,
  SimDevice,
} from './device.js'
export { Dispenser, type TakeOptions } from './dispenser.js'
export {
  type AnyDevice,
  createDevice,
  type HallDevices,
  type HallDevicesOptions,
  startHallDevices,
} from './hall-devices.js'
export { HallDisplay } from './hall-display.js'
export { DeviceLink, type DeviceLinkOptions, type LinkState, type LinkStateName } from './link.js'
export { BoothSensor, Evaluator, type WindowDeviceOptions } from './sensor.js'
export { demoToken, resolveTokens, type TokenSource, tokenHash } from './tokens.js'
export { type CallerDisplayOptions, type Shown, WindowDisplay } from './window-display.js'
