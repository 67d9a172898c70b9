import {
  type AlertDistrictView,
  type AlertDraft,
  type AlertHallView,
  evaluateDistrict,
  type SuggestedAction,
} from '../src/alerts/rules/index.js'
import type { LiveHalls } from './live-halls.js'
import { withStaffed } from './plans.js'
import type { DistrictView, ManagerContext } from './sim.js'

/*
 * The simulated manager: every few minutes the alert rules run over the district as the cloud
 * sees it; a new alert's first suggested window is opened after a delay (the time to notice,
 * decide and send someone), if the alert still holds then; an alert that still holds long after
 * the last action is acted on again (escalation). The reserve of staff a manager can send is
 * limited per hall (the hub has a back office; a station one spare person; a point none).
 */

export interface ManagerOptions {
  /** Minutes from an alert to its action (default 10). */
  delayMinutes?: number
  /** Minutes after an action before the same alert is acted on again (default 30). */
  againMinutes?: number
  /** Windows a manager can staff per hall kind in a day (default hub 3, station 1, point 0). */
  reserve?: Partial<Record<'hub' | 'station' | 'point', number>>
}

export interface ManagerLog {
  raised: number
  acted: number
  opened: Array<{ site: string; window: string; at: number; from?: string }>
  /** Alerts raised, by rule. */
  byRule: Record<string, number>
}

export interface Manager {
  readonly tickMinutes: number
  onTick(ctx: ManagerContext): void
  readonly log: ManagerLog
}

export function createManager(live: LiveHalls, options: ManagerOptions = {}): Manager {
  const delay = (options.delayMinutes ?? 10) * 60_000
  const again = (options.againMinutes ?? 30) * 60_000
  const reserve = { hub: 3, station: 1, point: 0, ...options.reserve }
  const active = new Map<string, { raisedAt: number; actedAt?: number }>()
  const used = new Map<string, number>()
  const log: ManagerLog = { raised: 0, acted: 0, opened: [], byRule: {} }

  const viewOf = (district: DistrictView, now: number): AlertDistrictView => {
    const halls = new Map<string, AlertHallView>()
    for (const h of district.halls.values()) {
      halls.set(h.site, {
        site: h.site,
        name: h.hall.name,
        location: h.hall.location,
        now,
        state: h.engine.state,
        stats: live.stats(h.site),
        waits: live.categoryWaits(h, now),
      })
    }
    return { now, halls }
  }

  const act = (ctx: ManagerContext, alert: AlertDraft): boolean => {
    const action = alert.actions.find(
      (a): a is Extract<SuggestedAction, { kind: 'open-window' }> => a.kind === 'open-window',
    )
    if (action === undefined) return false
    const kind = ctx.district.halls.get(action.site)?.hall.kind ?? 'point'
    const spent = used.get(action.site) ?? 0
    if (spent >= reserve[kind]) return false
    if (!ctx.openWindow(action.site, action.window)) return false
    used.set(action.site, spent + 1)
    const plan = live.plan(action.site)
    if (plan !== undefined) live.setPlan(action.site, withStaffed(plan, action.window, ctx.now))
    log.opened.push({ site: action.site, window: action.window, at: ctx.now })
    return true
  }

  return {
    tickMinutes: 5,
    log,
    onTick(ctx) {
      const now = ctx.now
      const alerts = evaluateDistrict(viewOf(ctx.district, now), { active: new Set(active.keys()) })
      const holding = new Set<string>()
      for (const alert of alerts) {
        holding.add(alert.key)
        let a = active.get(alert.key)
        if (a === undefined) {
          a = { raisedAt: now }
          active.set(alert.key, a)
          log.raised++
          log.byRule[alert.rule] = (log.byRule[alert.rule] ?? 0) + 1
        }
        const due = a.actedAt === undefined ? a.raisedAt + delay : a.actedAt + again
        if (now >= due && act(ctx, alert)) {
          a.actedAt = now
          log.acted++
        }
      }
      for (const key of [...active.keys()]) if (!holding.has(key)) active.delete(key)
    },
  }
}
