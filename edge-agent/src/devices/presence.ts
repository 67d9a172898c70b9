import {
  DeviceStatus,
  type EventEnvelope,
  MAX_DEVICE_PAYLOAD_BYTES,
  parseJson,
} from '@qms/protocol'
import type { Logger } from 'pino'
import type { EventDraft } from '../queue/index.js'
import type { DeviceRegistry } from './registry.js'

/**
 * Which devices are online, from their retained status and last will (`device.online` /
 * `device.offline` on change), and the paper and faults they report themselves.
 */
export interface Presence {
  /** A payload on a device's `status` topic. */
  status(device: string, payload: Uint8Array): void
  /** The device's connection ended (embedded broker). */
  gone(device: string): void
  /** A serial keypad's line went up or down. */
  line(device: string, open: boolean, error?: string): void
  /** Rebuilds what was known from the journal at start. */
  replay(event: EventEnvelope): void
  /**
   * Every device known online goes offline (the edge's own broker restarted with it, so every
   * connection was lost; devices say they are back when they reconnect).
   */
  allOffline(): void
  online(): number
  isOnline(device: string): boolean
}

export function createPresence(
  registry: DeviceRegistry,
  record: (drafts: EventDraft[]) => void,
  logger?: Logger,
): Presence {
  const online = new Set<string>()
  const paper = new Map<string, 'ok' | 'low' | 'out'>()
  const faults = new Map<string, string>()

  const goOnline = (device: string, fw: string | undefined, out: EventDraft[]) => {
    const d = registry.get(device)
    if (d === undefined || online.has(device)) return
    online.add(device)
    out.push({
      type: 'device.online',
      data: { device, kind: d.kind, ...(fw === undefined ? {} : { fw }) },
    })
  }
  const goOffline = (device: string, out: EventDraft[]) => {
    const d = registry.get(device)
    if (d === undefined || !online.delete(device)) return
    out.push({ type: 'device.offline', data: { device, kind: d.kind } })
  }

  return {
    status(device, payload) {
      if (registry.get(device) === undefined) {
        logger?.warn({ device }, 'status from an unknown device ignored')
        return
      }
      const parsed = parseJson(DeviceStatus, payload, MAX_DEVICE_PAYLOAD_BYTES)
      if (!parsed.ok) {
        logger?.warn({ device, error: parsed.error.message }, 'unreadable device status ignored')
        return
      }
      const s = parsed.value
      const out: EventDraft[] = []
      if (s.online) goOnline(device, s.fw, out)
      else goOffline(device, out)
      if (s.paper !== undefined && s.paper !== (paper.get(device) ?? 'ok')) {
        const was = paper.get(device) ?? 'ok'
        paper.set(device, s.paper)
        if (was !== 'ok')
          out.push({
            type: 'device.fault',
            data: { device, fault: was === 'out' ? 'paper-out' : 'paper-low', cleared: true },
          })
        if (s.paper !== 'ok')
          out.push({
            type: 'device.fault',
            data: { device, fault: s.paper === 'out' ? 'paper-out' : 'paper-low', cleared: false },
          })
      }
      const fault = s.fault ?? ''
      if (fault !== (faults.get(device) ?? '')) {
        const before = faults.get(device)
        if (fault === '') faults.delete(device)
        else faults.set(device, fault)
        out.push({
          type: 'device.fault',
          data: {
            device,
            fault: 'other',
            cleared: fault === '',
            message: (fault === '' ? (before ?? '') : fault).slice(0, 200),
          },
        })
      }
      if (out.length > 0) record(out)
    },
    gone(device) {
      const out: EventDraft[] = []
      goOffline(device, out)
      if (out.length > 0) record(out)
    },
    line(device, open, error) {
      const out: EventDraft[] = []
      if (open) goOnline(device, undefined, out)
      else goOffline(device, out)
      const lost = faults.get(device) === 'serial-lost'
      if (!open && !lost) {
        faults.set(device, 'serial-lost')
        out.push({
          type: 'device.fault',
          data: {
            device,
            fault: 'serial-lost',
            cleared: false,
            ...(error === undefined ? {} : { message: error.slice(0, 200) }),
          },
        })
      } else if (open && lost) {
        faults.delete(device)
        out.push({ type: 'device.fault', data: { device, fault: 'serial-lost', cleared: true } })
      }
      if (out.length > 0) record(out)
    },
    replay(event) {
      if (event.type === 'device.online') online.add(event.data.device)
      else if (event.type === 'device.offline') online.delete(event.data.device)
      else if (event.type === 'device.fault' && event.data.fault === 'serial-lost') {
        if (event.data.cleared) faults.delete(event.data.device)
        else faults.set(event.data.device, 'serial-lost')
      }
    },
    allOffline() {
      const out: EventDraft[] = []
      for (const device of [...online]) goOffline(device, out)
      if (out.length > 0) record(out)
    },
    online: () => online.size,
    isOnline: (device) => online.has(device),
  }
}
