import { meanService } from '../../predict/learn/service.js'
import { serving } from './actions.js'
import { type AlertDraft, type AlertHallView, bar, type RuleContext } from './types.js'

/*
 * One window: a service running far longer than its item's norm (someone may need help, or the
 * system was not told the service ended), or an open window with nobody at it by its booth
 * sensor (people wait for a window that will not call).
 */

const MINUTE = 60_000

function norm(view: AlertHallView, item: string): number {
  if (view.stats !== undefined) return meanService(view.stats, view.state.model, item)
  return view.state.model.items.get(item)?.meanMinutes ?? 10
}

export function serviceLong(view: AlertHallView, ctx: RuleContext): AlertDraft[] {
  const out: AlertDraft[] = []
  for (const w of view.state.windows.values()) {
    const t = w.current === undefined ? undefined : view.state.open.get(w.current)
    if (t === undefined || t.state !== 'serving') continue
    const since = t.startedAt ?? t.calledAt
    if (since === undefined) continue
    const minutes = (view.now - since) / MINUTE
    const n = norm(view, t.item)
    const threshold = Math.max(
      n * ctx.thresholds.serviceFactor,
      n + ctx.thresholds.serviceExtraMinutes,
    )
    const key = `service-long:${view.site}:${w.no}:${t.ticket}`
    if (minutes < bar(ctx, key, threshold)) continue
    const name = view.state.model.windows.get(w.no)?.name ?? `${w.no}号窗口`
    out.push({
      rule: 'service-long',
      key,
      site: view.site,
      level: minutes >= 2 * threshold ? 'critical' : 'warning',
      window: w.no,
      ticket: t.ticket,
      value: Math.round(minutes),
      threshold: Math.round(threshold),
      text: `${view.name}${name}办理${t.ticket}已${Math.round(minutes)}分钟，远超该事项通常的${Math.round(n)}分钟`,
      textEn: `${view.site} window ${w.no}: ${t.ticket} in service for ${Math.round(minutes)} min (usually ${Math.round(n)})`,
      actions: [
        {
          kind: 'check-window',
          site: view.site,
          window: w.no,
          text: `请到${name}了解情况，必要时协助办理`,
          textEn: `Check window ${w.no} and help if needed`,
        },
      ],
    })
  }
  return out
}

export function windowUnattended(view: AlertHallView, ctx: RuleContext): AlertDraft[] {
  if (view.absentSince === undefined) return []
  const out: AlertDraft[] = []
  for (const w of view.state.windows.values()) {
    if (!serving(view.state, w.no) || w.present !== false) continue
    const since = view.absentSince.get(w.no)
    if (since === undefined) continue
    const minutes = (view.now - since) / MINUTE
    const key = `window-unattended:${view.site}:${w.no}`
    if (minutes < bar(ctx, key, ctx.thresholds.unattendedMinutes)) continue
    const name = view.state.model.windows.get(w.no)?.name ?? `${w.no}号窗口`
    out.push({
      rule: 'window-unattended',
      key,
      site: view.site,
      level: 'warning',
      window: w.no,
      value: Math.round(minutes),
      threshold: ctx.thresholds.unattendedMinutes,
      text: `${view.name}${name}处于开放状态，但已${Math.round(minutes)}分钟无人在岗`,
      textEn: `${view.site} window ${w.no} is open but nobody has been at it for ${Math.round(minutes)} min`,
      actions: [
        {
          kind: 'check-window',
          site: view.site,
          window: w.no,
          text: `请${name}工作人员返岗，或暂停该窗口`,
          textEn: `Staff of window ${w.no}: return, or pause the window`,
        },
      ],
    })
  }
  return out
}
