/*
 * A binary min-heap of timed events for the forward simulation. Ties break by insertion order,
 * so a run is deterministic for a given seed.
 */

export interface Timed {
  at: number
  seq: number
}

/** Omit over each member of a union (the built-in Omit merges the members). */
export type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never

export class EventHeap<T extends Timed> {
  readonly #items: T[] = []
  #seq = 0

  get size(): number {
    return this.#items.length
  }

  push(event: WithoutSeq<T>): void {
    const e = { ...event, seq: this.#seq++ } as T
    const a = this.#items
    a.push(e)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(a[i]!, a[p]!)) break
      ;[a[i], a[p]] = [a[p]!, a[i]!]
      i = p
    }
  }

  pop(): T | undefined {
    const a = this.#items
    if (a.length === 0) return undefined
    const top = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && before(a[l]!, a[m]!)) m = l
        if (r < a.length && before(a[r]!, a[m]!)) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    return top
  }
}

const before = (x: Timed, y: Timed) => x.at < y.at || (x.at === y.at && x.seq < y.seq)
