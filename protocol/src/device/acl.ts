import type { DeviceKind } from '../domain.js'
import { mqttTopics } from '../topics.js'

/*
 * What a device may do on the hall broker. A device publishes only its own status and requests;
 * it subscribes only to exact topics its kind needs (no wildcards). The broker refuses anything
 * else and the edge logs it.
 */

const SHARED_TOPICS: Record<DeviceKind, Array<'hall' | 'announce'>> = {
  dispenser: ['hall'],
  caller: ['hall'],
  'window-display': ['hall'],
  'hall-display': ['hall', 'announce'],
  sensor: [],
  evaluator: [],
}

/** Topics a device of this kind may publish to. */
export function publishableTopics(site: string, device: string): string[] {
  return [mqttTopics.status(site, device), mqttTopics.request(site, device)]
}

/** Exact topics a device of this kind may subscribe to. */
export function subscribableTopics(site: string, device: string, kind: DeviceKind): string[] {
  const own = [mqttTopics.response(site, device), mqttTopics.command(site, device)]
  const shared = SHARED_TOPICS[kind].map((t) =>
    t === 'hall' ? mqttTopics.hall(site) : mqttTopics.announce(site),
  )
  return [...own, ...shared]
}

export function mayPublish(site: string, device: string, topic: string): boolean {
  return publishableTopics(site, device).includes(topic)
}

export function maySubscribe(
  site: string,
  device: string,
  kind: DeviceKind,
  filter: string,
): boolean {
  return subscribableTopics(site, device, kind).includes(filter)
}

/** Which request ops each kind of device may make. */
export const OPS_BY_KIND: Record<DeviceKind, readonly string[]> = {
  dispenser: ['take', 'reprint'],
  caller: [
    'call',
    'recall',
    'start',
    'complete',
    'noshow',
    'transfer',
    'park',
    'callback',
    'callTicket',
    'pause',
    'resume',
    'open',
    'close',
  ],
  'window-display': [],
  'hall-display': [],
  sensor: ['presence'],
  evaluator: ['rate'],
}
