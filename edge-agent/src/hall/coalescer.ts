import type { Clock, ClockTimer } from '@qms/protocol'

/**
 * Runs `fire` at most once per `intervalMs` however often `mark` is called: the first mark of a
 * quiet period schedules one run `intervalMs` later, with whatever is latest by then. A burst of
 * a hundred changes makes one message.
 */
export interface Coalescer {
  mark(): void
  /** Runs now if marked (cancels the pending run). */
  flush(): void
  /** Drops a pending run. */
  cancel(): void
}

export function createCoalescer(clock: Clock, intervalMs: number, fire: () => void): Coalescer {
  let timer: ClockTimer | undefined
  const run = () => {
    timer = undefined
    fire()
  }
  return {
    mark() {
      if (timer !== undefined) return
      timer = clock.setTimeout(run, intervalMs)
      timer.unref?.()
    },
    flush() {
      if (timer === undefined) return
      clock.clearTimeout(timer)
      run()
    },
    cancel() {
      if (timer !== undefined) clock.clearTimeout(timer)
      timer = undefined
    },
  }
}
