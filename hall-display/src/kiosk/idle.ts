import { type Clock, type ClockTimer, systemClock } from '@qms/protocol'

/*
 * The kiosk goes back to its start screen when nobody has touched it for a while, so the next
 * citizen never finds the last one's search or ticket.
 */

export interface IdleTimerOptions {
  /** Called once each time the kiosk has been left alone for `timeoutMs`. */
  onIdle: () => void
  /** Default 60 s. */
  timeoutMs?: number
  clock?: Clock
}

export interface IdleTimer {
  /** Someone touched the screen: the countdown starts again. */
  poke(): void
  /** Starts the countdown with another length (e.g. shorter on the ticket screen). */
  poke(timeoutMs: number): void
  /** No countdown until the next poke (the start screen is already showing). */
  pause(): void
  /** Milliseconds left, or undefined while paused. */
  remaining(): number | undefined
  stop(): void
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const clock = options.clock ?? systemClock
  const defaultMs = options.timeoutMs ?? 60_000
  let timer: ClockTimer | undefined
  let due: number | undefined
  let stopped = false
  const clear = () => {
    if (timer !== undefined) clock.clearTimeout(timer)
    timer = undefined
    due = undefined
  }
  return {
    poke(timeoutMs?: number) {
      if (stopped) return
      clear()
      const ms = Math.max(0, timeoutMs ?? defaultMs)
      due = clock.now() + ms
      timer = clock.setTimeout(() => {
        timer = undefined
        due = undefined
        if (!stopped) options.onIdle()
      }, ms)
    },
    pause: clear,
    remaining: () => (due === undefined ? undefined : Math.max(0, due - clock.now())),
    stop() {
      stopped = true
      clear()
    },
  }
}
