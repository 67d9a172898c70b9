import { type Clock, systemClock } from '@qms/protocol'

/*
 * Tests of halls on the real clock stand in opening hours whatever the hour they run at: a clock
 * shifted to a weekday morning in Shanghai, with real timers.
 */

/** A clock `offsetMs` ahead of the system clock, with real timers. */
export function shiftedClock(offsetMs: number): Clock {
  return { ...systemClock, now: () => Date.now() + offsetMs }
}

/** Milliseconds from now to the next weekday at 10:00 in Shanghai (a hall's busy morning). */
export function toNextWeekdayMorning(now = Date.now()): number {
  const day = 86_400_000
  // 10:00 Shanghai is 02:00 UTC.
  let target = Math.floor(now / day) * day + 2 * 3_600_000
  while (target <= now || [0, 6].includes(new Date(target + 8 * 3_600_000).getUTCDay()))
    target += day
  return target - now
}

/** A clock that reads the next weekday's 10:00 in Shanghai now, and runs on from there. */
export const weekdayMorningClock = (): Clock => shiftedClock(toNextWeekdayMorning())
