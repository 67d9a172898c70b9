/**
 * Time, injected. Everything that waits — heartbeats, timeouts, retries, debounce, the day's
 * rollover — takes a Clock, so tests drive time by hand instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  setTimeout(fn: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer): void
}

export interface ClockTimer {
  /** Lets the process exit while the timer is pending (a no-op where that means nothing). */
  unref?(): unknown
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as ClockTimer,
  clearTimeout: (timer) =>
    globalThis.clearTimeout(timer as Parameters<typeof globalThis.clearTimeout>[0]),
}

export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order (also timers they set, if due). */
  advance(ms: number): void
  /** Sets the time; must not go backwards. */
  set(epochMs: number): void
  /** Timers not yet fired. */
  pending(): number
}

/** A clock that moves only when told: for tests and for simulations on a virtual clock. */
export function createManualClock(startMs = Date.UTC(2026, 0, 5, 1, 0, 0)): ManualClock {
  let now = startMs
  let nextId = 0
  const timers = new Map<number, { at: number; id: number; fn: () => void }>()
  const fireDue = (until: number) => {
    for (;;) {
      let due: { at: number; id: number; fn: () => void } | undefined
      for (const t of timers.values()) {
        if (
          t.at <= until &&
          (due === undefined || t.at < due.at || (t.at === due.at && t.id < due.id))
        )
          due = t
      }
      if (due === undefined) break
      timers.delete(due.id)
      now = Math.max(now, due.at)
      due.fn()
    }
    now = until
  }
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, ms), id, fn })
      return { id } as ClockTimer
    },
    clearTimeout(timer) {
      timers.delete((timer as { id: number }).id)
    },
    advance(ms) {
      fireDue(now + ms)
    },
    set(epochMs) {
      if (epochMs < now) throw new RangeError('a manual clock does not go backwards')
      fireDue(epochMs)
    },
    pending: () => timers.size,
  }
}
