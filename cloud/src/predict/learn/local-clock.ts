import { type HallModel, startOfLocalDay } from '@qms/edge-agent/queue'

/*
 * Minutes since the hall's local midnight. Learned statistics are kept per local hour and
 * half-hour, so a hall in another time zone keeps its own day shape. The start of the day is
 * cached per hall model and day: the Intl call runs once a day, not on every service drawn.
 */

const starts = new WeakMap<HallModel, { day: string; start: number }>()

/** Local midnight of the day of `at`, epoch ms. */
export function localMidnight(model: HallModel, at: number): number {
  const day = model.dayOf(at)
  const cached = starts.get(model)
  if (cached?.day === day) return cached.start
  const start = startOfLocalDay(model.timeZone, day)
  starts.set(model, { day, start })
  return start
}

/** Minutes since local midnight of `at`. */
export function minuteOfDay(model: HallModel, at: number): number {
  return (at - localMidnight(model, at)) / 60_000
}

/** Local hour 0–23. */
export function hourOf(model: HallModel, at: number): number {
  return Math.min(23, Math.max(0, Math.floor(minuteOfDay(model, at) / 60)))
}

/** Half-hour slot of the day, 0–47. */
export function slotOf(model: HallModel, at: number): number {
  return Math.min(47, Math.max(0, Math.floor(minuteOfDay(model, at) / 30)))
}
