import { type Clock, systemClock } from '@qms/protocol'

/**
 * Scenario time running `speed` times faster than the wall clock: the live run's clock. Timers
 * take scenario milliseconds and fire after speed-times fewer real ones.
 */
export interface ScaledClock {
  readonly speed: number
  /** Scenario time now, epoch ms. */
  now(): number
  /** Runs `fn` at scenario time `at` (at once if it is past). */
  at(at: number, fn: () => void): { cancel(): void }
  after(ms: number, fn: () => void): { cancel(): void }
  /** Moves the scenario clock so that `simNow` is now (between days). */
  jump(simNow: number): void
}

export function createScaledClock(
  simStart: number,
  speed: number,
  real: Clock = systemClock,
): ScaledClock {
  if (!(speed > 0)) throw new RangeError('speed must be positive')
  let simBase = simStart
  let realBase = real.now()
  const clock: ScaledClock = {
    speed,
    now: () => simBase + (real.now() - realBase) * speed,
    at(at, fn) {
      const timer = real.setTimeout(fn, Math.max(0, (at - clock.now()) / speed))
      return { cancel: () => real.clearTimeout(timer) }
    },
    after: (ms, fn) => clock.at(clock.now() + ms, fn),
    jump(simNow) {
      simBase = simNow
      realBase = real.now()
    },
  }
  return clock
}
