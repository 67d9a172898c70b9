/*
 * A binary min-heap of timed events for the forward simulation. Ties break by insertion order,
 * so a run is deterministic for a given seed. Events are stored as given (the heap stamps their
 * sequence number), and moved by assignment: a refresh pushes hundreds of thousands of them.
 */

export interface Timed {
  at: number
  seq: number
}

export class EventHeap<T extends Timed> {
  readonly #items: T[] = []
  #seq = 0

  get size(): number {
    return this.#items.length
  }

  /** Adds an event; its `seq` is overwritten. */
  push(event: T): void {
    event.seq = this.#seq++
    const a = this.#items
    let i = a.length
    a.push(event)
    while (i > 0) {
      const p = (i - 1) >> 1
      const parent = a[p]!
      if (!before(event, parent)) break
      a[i] = parent
      i = p
    }
    a[i] = event
  }

  pop(): T | undefined {
    const a = this.#items
    const top = a[0]
    if (top === undefined) return undefined
    const last = a.pop()!
    const n = a.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && before(a[r]!, a[l]!) ? r : l
        if (!before(a[c]!, last)) break
        a[i] = a[c]!
        i = c
      }
      a[i] = last
    }
    return top
  }
}

const before = (x: Timed, y: Timed) => x.at < y.at || (x.at === y.at && x.seq < y.seq)
