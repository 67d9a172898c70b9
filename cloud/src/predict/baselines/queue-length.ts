import { aheadOf, aheadOfNewcomer, type QueueState } from '@qms/edge-agent/queue'
import type { HallStats } from '../learn/hall-stats.js'
import { meanService, meanServiceAll } from '../learn/service.js'
import type { ResolvedTarget } from '../types.js'
import type { PointFn } from './point.js'

/*
 * Queue-length predictors (Ibrahim & Whitt, "Real-time delay estimation based on delay history"
 * and "…in overloaded multiserver queues", 2009–2011): the people ahead times the mean handling
 * time over the number of servers.
 */

/** People ahead of the target as its windows see it (the engine's count). */
export function peopleAhead(state: QueueState, r: ResolvedTarget): number {
  return r.ticket !== undefined
    ? aheadOf(state, r.ticket)
    : aheadOfNewcomer(state, r.category, r.priority)
}

const serving = (state: QueueState, no: string) => {
  const w = state.windows.get(no)
  return w?.open === true && !w.paused
}

/** QL: people ahead × mean handling time of the hall ÷ open windows of the hall. */
export const queueLength: PointFn = ({ state, stats }, r) => {
  let open = 0
  for (const no of state.model.windows.keys()) if (serving(state, no)) open++
  return (peopleAhead(state, r) * meanServiceAll(stats, state.model)) / Math.max(1, open)
}

/** Minutes of service a window is expected to give a category per minute of work (its share). */
export function windowShare(
  stats: HallStats,
  state: QueueState,
  window: string,
  category: string,
): number {
  const w = state.model.windows.get(window)
  if (w === undefined || !w.categories.has(category)) return 0
  // Prior: the window's time split by the hall's demand for its categories (weighted by handling time).
  let priorTotal = 0
  let priorOurs = 0
  for (const item of state.model.offered.values()) {
    if (!w.categories.has(item.category)) continue
    const work = (item.demand ?? 1) * item.meanMinutes
    priorTotal += work
    if (item.category === category) priorOurs += work
  }
  const prior = priorTotal > 0 ? priorOurs / priorTotal : 1 / w.categories.size
  let total = 0
  let ours = 0
  const prefix = `${window} `
  for (const [key, minutes] of Object.entries(stats.mix)) {
    if (!key.startsWith(prefix)) continue
    total += minutes
    if (key.slice(prefix.length) === category) ours += minutes
  }
  const PRIOR_MINUTES = 60
  return (ours + prior * PRIOR_MINUTES) / (total + PRIOR_MINUTES)
}

/**
 * Open windows that serve the category, each weighted by its share of time on it — never less
 * than one whole window when one is open: a rare item at a one-stop window would otherwise get a
 * sliver of a window and a wait of hours, which no hall would show (and no fair baseline gives).
 */
export function effectiveWindows(stats: HallStats, state: QueueState, category: string): number {
  let s = 0
  let open = 0
  for (const no of state.model.windowsByCategory.get(category) ?? []) {
    if (!serving(state, no)) continue
    open++
    s += windowShare(stats, state, no, category)
  }
  return open === 0 ? 0 : Math.max(s, 1)
}

/** Waiting tickets of the same category that rank before the target. */
export function sameCategoryAhead(state: QueueState, r: ResolvedTarget): number {
  let n = 0
  const priorityOnly = r.priority !== 'normal'
  for (const t of state.open.values()) {
    if (t.state !== 'waiting' || t.category !== r.category || t === r.ticket) continue
    if (r.ticket !== undefined) {
      const tp = t.priority !== 'normal'
      const rp = r.ticket.priority !== 'normal'
      const before =
        tp !== rp
          ? tp
          : t.queuedAt !== r.ticket.queuedAt
            ? t.queuedAt < r.ticket.queuedAt
            : t.order < r.ticket.order
      if (before) n++
    } else if (!priorityOnly || t.priority !== 'normal') n++
  }
  return n
}

/**
 * Skill-aware QL: same-category people ahead × the category's mean handling time ÷ the open
 * windows that serve it, each counted for the share of its time that goes to the category.
 */
export const skillQueueLength: PointFn = ({ state, stats }, r) => {
  const s = effectiveWindows(stats, state, r.category)
  const n = sameCategoryAhead(state, r)
  if (s <= 0) return n > 0 ? n * meanService(stats, state.model, r.item) : 0
  return (n * categoryMean(stats, state, r.category)) / s
}

/** Mean handling minutes of a category, its items weighted by demand. */
export function categoryMean(stats: HallStats, state: QueueState, category: string): number {
  let w = 0
  let sum = 0
  for (const item of state.model.offered.values()) {
    if (item.category !== category) continue
    const d = item.demand ?? 1
    w += d
    sum += d * meanService(stats, state.model, item.code)
  }
  return w > 0 ? sum / w : 10
}
