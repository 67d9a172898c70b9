import { randomBytes } from 'node:crypto'
import {
  type Announce,
  announceText,
  announceTextEn,
  type Clock,
  type DeviceCommand,
  mqttTopics,
  systemClock,
} from '@qms/protocol'
import type { Logger } from 'pino'
import type { DeviceBus } from '../broker/bus.js'
import type { HallModel } from '../queue/index.js'
import type { DeviceRegistry } from './registry.js'

/** What the edge tells devices: window screens, announcements, notices. */
export interface DeviceOutputs {
  /** Shows a call on the window's screens: 请 A023 / 到5号窗口. */
  showCall(window: string, ticket: string, at: number): void
  /** Publishes a call to announce on the hall screens; returns it (for the /ws feed too). */
  announce(ticket: string, window: string, recall: boolean, at: number): Announce
  /** A notice to devices (the staff of a window, a dispenser). */
  notice(devices: readonly string[], text: string, textEn?: string, url?: string): void
  /** Resolves once every publish so far has been handed to the broker. */
  flush(): Promise<void>
}

export interface DeviceOutputsOptions {
  model: HallModel
  bus: DeviceBus
  registry: DeviceRegistry
  clock?: Clock
  logger?: Logger
}

export function createDeviceOutputs(options: DeviceOutputsOptions): DeviceOutputs {
  const { model, bus, registry, logger } = options
  const clock = options.clock ?? systemClock
  const site = model.site
  // Command ids: unique per boot and counter, safe in the CmdId pattern.
  const boot = randomBytes(4).toString('hex')
  let counter = 0
  const nextId = () => `${boot}.${(++counter).toString(36)}`
  const pending = new Set<Promise<void>>()

  const send = (topic: string, payload: unknown) => {
    const p = bus
      .publish(topic, JSON.stringify(payload))
      .catch((err: unknown) => logger?.warn({ err, topic }, 'publish to a device failed'))
    pending.add(p)
    p.finally(() => pending.delete(p))
  }
  const command = (device: string, cmd: DeviceCommand) =>
    send(mqttTopics.command(site, device), cmd)
  const windowName = (window: string) => model.windows.get(window)?.name ?? `${window}号窗口`

  return {
    showCall(window, ticket, at) {
      const iso = new Date(at).toISOString()
      for (const d of registry.ofKind('window-display', window)) {
        command(d.id, {
          cmd: 'show',
          id: nextId(),
          at: iso,
          lines: [
            { text: `请 ${ticket}`, size: 2 },
            { text: `到${windowName(window)}`, size: 1 },
          ],
          ticket,
          window,
          flash: true,
        })
      }
    },
    announce(ticket, window, recall, at) {
      const announce: Announce = {
        id: nextId(),
        ticket,
        window,
        windowName: windowName(window),
        text: announceText(ticket, window),
        textEn: announceTextEn(ticket, window),
        recall,
        at: new Date(at).toISOString(),
      }
      send(mqttTopics.announce(site), announce)
      return announce
    },
    notice(devices, text, textEn, url) {
      const at = new Date(clock.now()).toISOString()
      for (const device of devices) {
        command(device, {
          cmd: 'notice',
          id: nextId(),
          at,
          text,
          ...(textEn === undefined ? {} : { textEn }),
          ...(url === undefined ? {} : { url }),
        })
      }
    },
    async flush() {
      await Promise.allSettled([...pending])
    },
  }
}
