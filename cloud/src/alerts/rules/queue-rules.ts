import { relief, serving } from './actions.js'
import { type AlertDraft, type AlertHallView, bar, type RuleContext } from './types.js'

/*
 * The queue of a category is long for the windows serving it (people per open window), or its
 * predicted wait is long. Both suggest opening a window that serves the category, else diversion.
 * Neither fires for a category nobody is waiting for.
 */

const levelOf = (value: number, warn: number, critical: number) =>
  value >= critical ? ('critical' as const) : value >= warn ? ('warning' as const) : undefined

/** Waiting tickets per category. */
function waitingByCategory(view: AlertHallView): Map<string, number> {
  const m = new Map<string, number>()
  for (const t of view.state.open.values())
    if (t.state === 'waiting') m.set(t.category, (m.get(t.category) ?? 0) + 1)
  return m
}

export function queueLong(
  view: AlertHallView,
  ctx: RuleContext,
  donor?: AlertHallView,
): AlertDraft[] {
  const [warn, critical] = ctx.thresholds.queuePerWindow
  const out: AlertDraft[] = []
  for (const [category, waiting] of waitingByCategory(view)) {
    const key = `queue-long:${view.site}:${category}`
    if (waiting < bar(ctx, key, ctx.thresholds.queueMinimum)) continue
    const open = (view.state.model.windowsByCategory.get(category) ?? []).filter((no) =>
      serving(view.state, no),
    ).length
    // Nobody serves the category while people wait for it: as bad as it gets.
    const perWindow = open === 0 ? Number.POSITIVE_INFINITY : waiting / open
    const level = levelOf(perWindow, bar(ctx, key, warn), bar(ctx, key, critical))
    if (level === undefined) continue
    const name = view.state.model.categories.get(category)?.name ?? category
    out.push({
      rule: 'queue-long',
      key,
      site: view.site,
      level,
      category,
      value: Number.isFinite(perWindow) ? Math.round(perWindow * 10) / 10 : waiting,
      threshold: warn,
      text:
        open === 0
          ? `${view.name}${name}业务有${waiting}人等候，但没有开放的窗口`
          : `${view.name}${name}业务排队过长：${waiting}人等候，${open}个窗口，每窗口${Math.round(perWindow)}人`,
      textEn:
        open === 0
          ? `${view.site}: ${waiting} waiting for ${category} and no window open for it`
          : `${view.site}: ${waiting} waiting for ${category} at ${open} windows (${Math.round(perWindow)} each)`,
      actions: relief(view, category, donor),
    })
  }
  return out
}

export function waitLong(
  view: AlertHallView,
  ctx: RuleContext,
  donor?: AlertHallView,
): AlertDraft[] {
  if (view.waits === undefined) return []
  const [warn, critical] = ctx.thresholds.waitMinutes
  const waiting = waitingByCategory(view)
  const out: AlertDraft[] = []
  for (const [category, minutes] of view.waits) {
    // A newcomer's predicted wait with nobody waiting is no busy window: before the hall opens,
    // or for a category served only at windows that are closed, it is the time until one opens.
    if ((waiting.get(category) ?? 0) === 0) continue
    const key = `wait-long:${view.site}:${category}`
    const level = levelOf(minutes, bar(ctx, key, warn), bar(ctx, key, critical))
    if (level === undefined) continue
    const name = view.state.model.categories.get(category)?.name ?? category
    out.push({
      rule: 'wait-long',
      key,
      site: view.site,
      level,
      category,
      value: Math.round(minutes),
      threshold: warn,
      text: `${view.name}${name}业务预计等候${Math.round(minutes)}分钟`,
      textEn: `${view.site}: predicted wait for ${category} is ${Math.round(minutes)} min`,
      actions: relief(view, category, donor),
    })
  }
  return out
}
