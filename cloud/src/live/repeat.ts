import type { Clock, ClockTimer } from '@qms/protocol'

/** Runs `fn` every `ms` on the clock until cancelled (each run scheduled after the last). */
export function repeat(clock: Clock, ms: number, fn: () => void): { cancel(): void } {
  let timer: ClockTimer | undefined
  let cancelled = false
  const tick = () => {
    if (cancelled) return
    fn()
    if (cancelled) return
    timer = clock.setTimeout(tick, ms)
    timer.unref?.()
  }
  timer = clock.setTimeout(tick, ms)
  timer.unref?.()
  return {
    cancel() {
      cancelled = true
      if (timer !== undefined) clock.clearTimeout(timer)
    },
  }
}
