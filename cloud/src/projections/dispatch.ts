import type { EventEnvelope, EventType } from '@qms/protocol'
import type { Applier } from './appliers/common.js'
import { eventAt } from './appliers/common.js'
import { deviceFault, deviceOffline, deviceOnline } from './appliers/device.js'
import { siteConfig, siteSnapshot } from './appliers/site.js'
import {
  ticketCancelled,
  ticketCompleted,
  ticketNoShow,
  ticketTransferred,
} from './appliers/ticket-end.js'
import {
  ticketCalled,
  ticketIssued,
  ticketParked,
  ticketRecalled,
  ticketStarted,
} from './appliers/ticket-flow.js'
import {
  boothPresence,
  ratingGiven,
  windowClosed,
  windowOpened,
  windowPaused,
  windowResumed,
} from './appliers/window.js'
import type { Changes } from './changes.js'
import type { ApplyContext, SiteState } from './state.js'

/** One applier per event type, as aedes keeps one handler per packet type. */
export const APPLIERS: { [T in EventType]: Applier<T> } = {
  'ticket.issued': ticketIssued,
  'ticket.called': ticketCalled,
  'ticket.recalled': ticketRecalled,
  'ticket.started': ticketStarted,
  'ticket.completed': ticketCompleted,
  'ticket.noshow': ticketNoShow,
  'ticket.parked': ticketParked,
  'ticket.transferred': ticketTransferred,
  'ticket.cancelled': ticketCancelled,
  'window.opened': windowOpened,
  'window.paused': windowPaused,
  'window.resumed': windowResumed,
  'window.closed': windowClosed,
  'booth.presence': boothPresence,
  'rating.given': ratingGiven,
  'device.online': deviceOnline,
  'device.offline': deviceOffline,
  'device.fault': deviceFault,
  'site.config': siteConfig,
  'site.snapshot': siteSnapshot,
}

/**
 * Applies one event, the next in the hall's sequence, to the state and records what changed.
 * The caller checks the order (event.seq === state.seq + 1); this only applies.
 */
export function applyEvent(
  state: SiteState,
  event: EventEnvelope,
  changes: Changes,
  ctx: ApplyContext,
): void {
  const at = eventAt(event.ts, state.timezone)
  const applier = APPLIERS[event.type] as Applier<EventType>
  applier(state, event, at, changes, ctx)
  state.seq = event.seq
  state.ts = event.ts
  if (event.type !== 'site.snapshot' && state.day !== at.local.day) {
    state.day = at.local.day
    changes.info.add('day')
  }
}
