import type { Clock, ClockTimer } from '@qms/protocol'

/** Resolves when `work` settles or after `ms` on the clock, whichever is first; never rejects. */
export function settleWithin(clock: Clock, work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: ClockTimer | undefined
    const done = () => {
      if (timer !== undefined) clock.clearTimeout(timer)
      resolve()
    }
    timer = clock.setTimeout(done, ms)
    timer.unref?.()
    work.then(done, done)
  })
}
