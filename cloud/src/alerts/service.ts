import { randomBytes } from 'node:crypto'
import { type Alert, type AlertAction, type Clock, QmsError } from '@qms/protocol'
import type { LiveMetrics } from '../live/metrics.js'
import type { EscalationStep, Escalations } from './escalation.js'
import {
  acknowledgeAlert,
  actOnAlert,
  clearAlert,
  escalateAlert,
  isOpen,
  notedNotice,
  raiseAlert,
  resolveAlert,
  updateAlert,
} from './lifecycle.js'
import type { AlertDraft } from './rules/index.js'
import type { SiteActions } from './site-actions.js'
import type { AlertStore, OpenOp, StoredAlert } from './store.js'

/*
 * Alerts, kept: the owner's evaluations raise, update and clear them by condition key (the same
 * condition is one alert while it lasts, and a condition a manager resolved while it still holds
 * is not raised again until it has gone away); a raised alert reminds the hall's staff
 * (point-to-point: the window's caller and screen, or the whole hall) and schedules its
 * escalation; managers acknowledge, act (the action is carried out) and resolve.
 */

const TRIES = 4

export function createAlertService(opts: {
  store: AlertStore
  actions: SiteActions
  escalations: () => Escalations
  clock: Clock
  metrics: LiveMetrics
  onError?(err: Error): void
}) {
  const { store, actions, clock, metrics } = opts
  const newId = (site: string, now: number) =>
    `al-${site}-${now.toString(36)}-${randomBytes(3).toString('hex')}`

  /** Reminds the hall's staff of an alert and records it in its life. */
  const remind = async (alert: Alert, escalated: boolean): Promise<void> => {
    const prefix = escalated ? '【预警升级】' : '【预警】'
    const r = await actions.notice(
      alert.site,
      `${prefix}${alert.text}`,
      alert.window,
      alert.id,
      `${escalated ? '[Escalated] ' : '[Alert] '}${alert.textEn}`,
    )
    await change(alert.id, (a) => notedNotice(a, clock.now(), `command ${r.command}`), 'keep')
  }

  /**
   * Reads the alert, applies `step` and writes it back, again if someone changed it meanwhile.
   * `step` may throw (a CONFLICT from the life's rules): nothing is written then.
   */
  async function change(
    id: string,
    step: (a: Alert) => Alert,
    open: OpenOp,
    counters: string[] = [],
  ): Promise<Alert> {
    for (let i = 0; i < TRIES; i++) {
      const stored = await store.get(id)
      if (stored === undefined) throw new QmsError('NOT_FOUND', `no alert ${id}`)
      const next = step(stored.alert)
      const saved = await store.save(next, stored.rev, open, counters)
      if (saved.ok) return next
    }
    throw new QmsError('CONFLICT', `alert ${id} kept changing; try again`)
  }

  const get = async (id: string): Promise<Alert> => {
    const s = await store.get(id)
    if (s === undefined) throw new QmsError('NOT_FOUND', `no alert ${id}`)
    return s.alert
  }

  const raise = async (draft: AlertDraft, now: number) => {
    const alert = raiseAlert(draft, newId(draft.site, now), now)
    const saved = await store.save(alert, '0', 'set', ['raised', `raised:${draft.rule}`])
    if (!saved.ok) return
    metrics.alertsRaised.inc({ rule: draft.rule, level: draft.level })
    await remind(alert, false).catch((err: Error) => opts.onError?.(err))
    await opts.escalations().schedule(alert.id, 0)
  }

  return {
    /**
     * Makes the hall's stored alerts follow the conditions true now (the drafts of one
     * evaluation): raise the new, update those that hold, clear those gone. Answers the keys held
     * open, for the rules' hysteresis next time.
     */
    async reconcile(site: string, drafts: AlertDraft[], open?: Map<string, StoredAlert>) {
      const now = clock.now()
      const current = open ?? (await store.open(site))
      const seen = new Set<string>()
      for (const d of drafts) {
        if (d.site !== site || seen.has(d.key)) continue
        seen.add(d.key)
        const s = current.get(d.key)
        if (s === undefined) {
          await raise(d, now)
          continue
        }
        if (!isOpen(s.alert)) continue // resolved while it holds: quiet until it goes away
        const next = updateAlert(s.alert, d, now)
        if (next !== undefined) await store.save(next, s.rev, 'keep')
      }
      for (const [key, s] of current) {
        if (seen.has(key)) continue
        if (isOpen(s.alert)) {
          const saved = await store.save(clearAlert(s.alert, now), s.rev, 'del', ['cleared'])
          if (saved.ok) metrics.alertsClosed.inc({ how: 'cleared' })
        } else {
          await store.save(s.alert, s.rev, 'del')
        }
      }
      return seen
    },
    /** An escalation step came due. */
    async escalate(step: EscalationStep) {
      const stored = await store.get(step.id)
      if (stored === undefined) return { skipped: 'gone' }
      const a = stored.alert
      if (a.state !== 'raised' || a.escalations !== step.step) return { skipped: a.state }
      const next = await change(a.id, (x) => escalateAlert(x, clock.now()), 'keep', ['escalated'])
      metrics.alertsEscalated.inc({ rule: next.rule })
      await remind(next, true)
      await opts.escalations().schedule(next.id, next.escalations)
      return { escalated: next.escalations, level: next.level }
    },
    get,
    async acknowledge(id: string, by: string, note?: string) {
      const a = await change(id, (x) => acknowledgeAlert(x, by, clock.now(), note), 'keep', ['ack'])
      metrics.alertAckSeconds.observe((clock.now() - Date.parse(a.raisedAt)) / 1000)
      return a
    },
    /** Carries the action out on the hall, then records it in the alert's life. */
    async act(id: string, action: AlertAction, by: string) {
      const current = await get(id)
      // Checked before anything is sent: a closed alert takes no more actions.
      actOnAlert(current, action, by, clock.now())
      const site = current.site
      switch (action.action) {
        case 'open-window': {
          const suggested = current.suggestions.find((s) => s.kind === 'open-window')?.window
          await actions.openWindow(site, action.window ?? suggested, action.note, id)
          break
        }
        case 'diversion':
          await actions.diversion(site, action.on)
          break
        case 'guidance':
          await actions.guidanceText(site, {
            text: action.text,
            ...(action.textEn === undefined ? {} : { textEn: action.textEn }),
            ...(action.until === undefined ? {} : { until: action.until }),
          })
          break
        case 'move-staff':
          await actions.moveStaff(site, action.fromSite, action.window, action.note, id)
          break
        case 'notice':
          await actions.notice(site, action.text, action.window, id)
          break
      }
      const wasRaised = current.state === 'raised'
      const a = await change(id, (x) => actOnAlert(x, action, by, clock.now()), 'keep', [
        'acted',
        ...(wasRaised ? ['ack'] : []),
      ])
      if (wasRaised) metrics.alertAckSeconds.observe((clock.now() - Date.parse(a.raisedAt)) / 1000)
      return a
    },
    async resolve(id: string, by: string, note?: string) {
      // Kept in the hall's open set: a condition still true stays quiet until it goes away.
      const a = await change(id, (x) => resolveAlert(x, by, clock.now(), note), 'keep', [
        'resolved',
      ])
      metrics.alertsClosed.inc({ how: 'resolved' })
      return a
    },
  }
}

export type AlertService = ReturnType<typeof createAlertService>
