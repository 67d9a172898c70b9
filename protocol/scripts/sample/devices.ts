import { createHash } from 'node:crypto'
import type { DeviceConfig, PrinterConfig, WindowConfig } from '../../src/config/hall.js'

/*
 * The devices of a sample hall. Each device's token is the public demo string
 * `demo-<hall>-<device>` (for example `demo-hub-k1`); the config holds only its sha256.
 * Demo tokens are for trying the system on one machine, never for a real hall.
 */

export function demoToken(hall: string, device: string): string {
  return `demo-${hall}-${device}`
}

export function tokenHash(token: string): string {
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex')}`
}

export interface HallDevices {
  devices: DeviceConfig[]
  printers: PrinterConfig[]
}

/**
 * Dispensers `k1…` each with a printer `p1…` on consecutive ports from `firstPort`, one hall
 * display `d1`, and per window a caller `c<no>`, a window display `w<no>`, a booth sensor
 * `s<no>` and an evaluator `e<no>`.
 */
export function hallDevices(
  hall: string,
  windows: WindowConfig[],
  dispensers: number,
  firstPort: number,
  width: 58 | 80,
): HallDevices {
  const devices: DeviceConfig[] = []
  const printers: PrinterConfig[] = []
  const add = (d: Omit<DeviceConfig, 'tokenHash'>) => {
    const { id, kind, ...rest } = d
    devices.push({ id, kind, tokenHash: tokenHash(demoToken(hall, id)), ...rest })
  }
  for (let k = 1; k <= dispensers; k++) {
    printers.push({ id: `p${k}`, interface: `tcp://127.0.0.1:${firstPort + k - 1}`, width })
    add({ id: `k${k}`, kind: 'dispenser', printer: `p${k}` })
  }
  add({ id: 'd1', kind: 'hall-display' })
  const perWindow = [
    ['c', 'caller'],
    ['w', 'window-display'],
    ['s', 'sensor'],
    ['e', 'evaluator'],
  ] as const
  for (const [letter, kind] of perWindow) {
    for (const w of windows) add({ id: `${letter}${w.no}`, kind, window: w.no })
  }
  return { devices, printers }
}
