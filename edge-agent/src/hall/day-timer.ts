import type { Clock, ClockTimer } from '@qms/protocol'
import { nextLocalMidnight } from '../queue/index.js'

/**
 * Fires at every local midnight of a time zone (plus a small margin, so the new day has surely
 * begun by the clock that decides), until stopped.
 */
export function startDayTimer(
  clock: Clock,
  timeZone: string,
  onMidnight: () => void,
  marginMs = 50,
): { stop(): void } {
  let timer: ClockTimer | undefined
  let stopped = false
  const arm = () => {
    if (stopped) return
    const delay = nextLocalMidnight(timeZone, clock.now()) - clock.now() + marginMs
    timer = clock.setTimeout(() => {
      timer = undefined
      onMidnight()
      arm()
    }, delay)
    timer.unref?.()
  }
  arm()
  return {
    stop() {
      stopped = true
      if (timer !== undefined) clock.clearTimeout(timer)
    },
  }
}
