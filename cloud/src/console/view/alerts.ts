import type { Alert, AlertAction } from '@qms/protocol'

type AlertSuggestion = Alert['suggestions'][number]

/*
 * The alerts list and the loop a manager closes on each alert: acknowledge → act (one of the
 * suggested actions) → resolve. What a manager may do depends on the alert's state; the server
 * decides in the end, the page only offers what makes sense.
 */

export type AlertCommand = 'ack' | 'act' | 'resolve'

const OPEN = new Set<Alert['state']>(['raised', 'acknowledged', 'acting'])

export function isOpen(alert: Pick<Alert, 'state'>): boolean {
  return OPEN.has(alert.state)
}

/** The commands a manager may give an alert in its state. */
export function commandsFor(alert: Pick<Alert, 'state'>): AlertCommand[] {
  switch (alert.state) {
    case 'raised':
      return ['ack', 'act', 'resolve']
    case 'acknowledged':
      return ['act', 'resolve']
    case 'acting':
      return ['act', 'resolve']
    default:
      return []
  }
}

const LEVEL_RANK: Record<Alert['level'], number> = { critical: 0, warning: 1, info: 2 }

/** Open alerts first, the most severe first, then the newest. */
export function orderAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(isOpen(b)) - Number(isOpen(a)) ||
      LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
      Date.parse(b.raisedAt) - Date.parse(a.raisedAt),
  )
}

/**
 * The action to send for a suggestion, or undefined when the console cannot carry it out as
 * such (the manager then acts by hand and resolves).
 */
export function actionOf(s: AlertSuggestion): AlertAction | undefined {
  switch (s.kind) {
    case 'open-window':
      // Opening it with someone sent from another hall is moving staff.
      if (s.staffFrom !== undefined)
        return {
          action: 'move-staff',
          fromSite: s.staffFrom,
          ...(s.window === undefined ? {} : { window: s.window }),
        }
      return { action: 'open-window', ...(s.window === undefined ? {} : { window: s.window }) }
    case 'diversion':
      return { action: 'diversion', on: true }
    case 'move-staff':
      return s.staffFrom === undefined
        ? undefined
        : {
            action: 'move-staff',
            fromSite: s.staffFrom,
            ...(s.window === undefined ? {} : { window: s.window }),
          }
    case 'check-window':
      return {
        action: 'notice',
        ...(s.window === undefined ? {} : { window: s.window }),
        text: s.text.slice(0, 120),
      }
    default:
      return undefined
  }
}

/** Counts for the header badge: open alerts by level. */
export function openCounts(alerts: readonly Alert[]): { total: number; critical: number } {
  const open = alerts.filter(isOpen)
  return { total: open.length, critical: open.filter((a) => a.level === 'critical').length }
}
