import type { HallModel } from '@qms/edge-agent/queue'
import { localMidnight } from './learn/local-clock.js'

/*
 * What the hall plans for its windows: who is on duty when (shifts, the lunch rotation), and when
 * it stops calling. A prediction that ignores a window going to lunch in ten minutes tells the
 * people waiting a wait that cannot happen. The live cloud builds this from the hall's roster
 * when it has one; without, windows keep their present state until the hall closes.
 */

/** A span of duty, `[from, to)` epoch ms. */
export type DutySpan = readonly [number, number]

export interface HallPlan {
  /** When each window is staffed, spans in time order. A window not listed keeps its state. */
  readonly windows?: Readonly<Record<string, readonly DutySpan[]>>
  /** No call is made from this instant on (the end of service); default: none. */
  readonly closesAt?: number
  /** Minutes a paused window is expected to stay paused when no span says (default 5). */
  readonly pauseMinutes?: number
}

export const DEFAULT_PAUSE_MINUTES = 5

/** Whether the window is on duty at `at` by the plan; undefined when the plan says nothing. */
export function onDuty(
  plan: HallPlan | undefined,
  window: string,
  at: number,
): boolean | undefined {
  const spans = plan?.windows?.[window]
  if (spans === undefined) return undefined
  if (plan?.closesAt !== undefined && at >= plan.closesAt) return false
  return spans.some(([from, to]) => from <= at && at < to)
}

/** The next instant after `at` at which the window's duty changes (start or end of a span). */
export function nextDutyChange(
  plan: HallPlan | undefined,
  window: string,
  at: number,
): number | undefined {
  const spans = plan?.windows?.[window]
  if (spans === undefined) return undefined
  let next: number | undefined
  for (const [from, to] of spans) {
    for (const t of [from, to]) if (t > at && (next === undefined || t < next)) next = t
  }
  return next
}

/**
 * The hall's end of service on the day of `at` by its opening hours (the latest `close` of the
 * hours that apply to that weekday), or undefined when it is not open that day.
 */
export function closingTime(model: HallModel, at: number): number | undefined {
  const midnight = localMidnight(model, at)
  // ISO weekday of the local day: noon avoids any daylight-saving edge.
  const weekday = isoWeekday(model.timeZone, midnight + 12 * 3_600_000)
  let close: number | undefined
  for (const h of model.hall.hours) {
    if (!h.days.includes(weekday)) continue
    const [hh, mm] = h.close.split(':').map(Number) as [number, number]
    const t = midnight + (hh * 60 + mm) * 60_000
    if (close === undefined || t > close) close = t
  }
  return close
}

/** Spans of the hall's opening hours on the day of `at` (local), epoch ms. */
export function openingSpans(model: HallModel, at: number): DutySpan[] {
  const midnight = localMidnight(model, at)
  const weekday = isoWeekday(model.timeZone, midnight + 12 * 3_600_000)
  const spans: DutySpan[] = []
  const ms = (clock: string) => {
    const [hh, mm] = clock.split(':').map(Number) as [number, number]
    return midnight + (hh * 60 + mm) * 60_000
  }
  for (const h of model.hall.hours)
    if (h.days.includes(weekday)) spans.push([ms(h.open), ms(h.close)])
  return spans.sort((a, b) => a[0] - b[0])
}

const weekdayFormat = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

function isoWeekday(timeZone: string, at: number): number {
  let f = weekdayFormat.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' })
    weekdayFormat.set(timeZone, f)
  }
  return WEEKDAYS[f.format(at)] ?? 1
}
