import { createHash, timingSafeEqual } from 'node:crypto'
import type { DeviceConfig, DeviceKind } from '@qms/protocol'

/** A device of the hall as its configuration declares it. */
export type DeviceInfo = DeviceConfig

/** The hall's devices: who they are, what they may do, and their token check. */
export interface DeviceRegistry {
  get(id: string): DeviceInfo | undefined
  all(): readonly DeviceInfo[]
  /** Whether `token` is this device's token (sha256 compared in constant time). */
  verify(id: string, token: string | Uint8Array | undefined): boolean
  /** Devices of a kind, optionally of one window. */
  ofKind(kind: DeviceKind, window?: string): DeviceInfo[]
}

const DUMMY = Buffer.alloc(32)

/** The `sha256:<hex>` of a token, as a hall file keeps it. */
export function hashToken(token: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(token).digest('hex')}`
}

export function createDeviceRegistry(devices: readonly DeviceConfig[]): DeviceRegistry {
  const byId = new Map(devices.map((d) => [d.id, d]))
  const expected = new Map(
    devices.map((d) => [d.id, Buffer.from(d.tokenHash.slice('sha256:'.length), 'hex')]),
  )
  return {
    get: (id) => byId.get(id),
    all: () => devices,
    verify(id, token) {
      const want = expected.get(id)
      const got = token === undefined ? DUMMY : createHash('sha256').update(token).digest()
      // Compare even for an unknown device, so the answer's timing does not tell which ids exist.
      const same = timingSafeEqual(got, want ?? DUMMY)
      return want !== undefined && token !== undefined && same
    },
    ofKind: (kind, window) =>
      devices.filter((d) => d.kind === kind && (window === undefined || d.window === window)),
  }
}
