import type { DeviceLive } from '@qms/protocol'
import type { SiteState } from '../state.js'
import type { Applier } from './common.js'

/* Devices come online, go offline, report faults (printer out of paper…) and clear them. */

function device(state: SiteState, id: string): DeviceLive {
  let d = state.devices.get(id)
  if (d === undefined) {
    d = { id, online: false, faults: [] }
    state.devices.set(id, d)
  }
  return d
}

export const deviceOnline: Applier<'device.online'> = (state, event, at, changes) => {
  const d = device(state, event.data.device)
  d.kind = event.data.kind
  d.online = true
  d.since = at.ts
  if (event.data.fw === undefined) delete d.fw
  else d.fw = event.data.fw
  changes.devices.add(d.id)
}

export const deviceOffline: Applier<'device.offline'> = (state, event, at, changes) => {
  const d = device(state, event.data.device)
  if (event.data.kind !== undefined) d.kind = event.data.kind
  d.online = false
  d.since = at.ts
  changes.devices.add(d.id)
}

export const deviceFault: Applier<'device.fault'> = (state, event, _at, changes) => {
  const d = device(state, event.data.device)
  const others = d.faults.filter((f) => f !== event.data.fault)
  d.faults = event.data.cleared ? others : [...others, event.data.fault]
  changes.devices.add(d.id)
}
