/*
 * The event calendar of the discrete-event simulation: a binary min-heap on (time, insertion
 * order), so that events due at the same instant run in the order they were scheduled and a run
 * is exactly reproducible. Cancelled events stay in the heap and are skipped when they surface.
 */

export interface Scheduled {
  readonly at: number
  readonly seq: number
  fn: (() => void) | undefined
}

export class EventCalendar {
  private heap: Scheduled[] = []
  private seq = 0
  /** Virtual time: the instant of the event being run (epoch ms). */
  now: number
  /** Events run so far. */
  processed = 0

  constructor(start = 0) {
    this.now = start
  }

  get size(): number {
    return this.heap.length
  }

  /** Runs `fn` at `at` (not before now). Returns a handle for `cancel`. */
  at(at: number, fn: () => void): Scheduled {
    const ev: Scheduled = { at: Math.max(at, this.now), seq: this.seq++, fn }
    const h = this.heap
    h.push(ev)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(ev, h[p]!)) break
      h[i] = h[p]!
      i = p
    }
    h[i] = ev
    return ev
  }

  /** Runs `fn` after `ms` of virtual time. */
  after(ms: number, fn: () => void): Scheduled {
    return this.at(this.now + ms, fn)
  }

  cancel(ev: Scheduled | undefined): void {
    if (ev !== undefined) ev.fn = undefined
  }

  /** Takes the next event off the calendar, or undefined when it is empty. */
  pop(): Scheduled | undefined {
    const h = this.heap
    const top = h[0]
    if (top === undefined) return undefined
    const last = h.pop()!
    if (h.length > 0) {
      let i = 0
      const n = h.length
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && before(h[r]!, h[l]!) ? r : l
        if (!before(h[c]!, last)) break
        h[i] = h[c]!
        i = c
      }
      h[i] = last
    }
    return top
  }

  /** Runs events in order until the calendar is empty or the next one is after `until`. */
  run(until = Number.POSITIVE_INFINITY, onEvent?: () => void): void {
    for (;;) {
      const next = this.heap[0]
      if (next === undefined || next.at > until) break
      this.pop()
      const fn = next.fn
      if (fn === undefined) continue
      this.now = next.at
      this.processed++
      fn()
      onEvent?.()
    }
    if (until !== Number.POSITIVE_INFINITY && until > this.now) this.now = until
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}
