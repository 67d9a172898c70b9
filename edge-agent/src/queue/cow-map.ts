/**
 * A Map that clones in O(1): a fork shares the entries until either side writes, then the writer
 * copies them once. Forward simulation clones the hall state thousands of times per refresh and
 * touches a few entries of each clone, so most clones never copy at all.
 */
export class CowMap<K, V> {
  #map: Map<K, V>
  #owned: boolean

  constructor(entries?: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries)
    this.#owned = true
  }

  /** A copy that shares storage with this map until one of them is written. */
  fork(): CowMap<K, V> {
    const copy = new CowMap<K, V>()
    copy.#map = this.#map
    copy.#owned = false
    this.#owned = false
    return copy
  }

  get size(): number {
    return this.#map.size
  }
  get(key: K): V | undefined {
    return this.#map.get(key)
  }
  has(key: K): boolean {
    return this.#map.has(key)
  }
  values(): IterableIterator<V> {
    return this.#map.values()
  }
  keys(): IterableIterator<K> {
    return this.#map.keys()
  }
  entries(): IterableIterator<[K, V]> {
    return this.#map.entries()
  }
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#map.entries()
  }

  set(key: K, value: V): this {
    this.#own().set(key, value)
    return this
  }
  delete(key: K): boolean {
    if (!this.#map.has(key)) return false
    return this.#own().delete(key)
  }
  clear(): void {
    this.#map = new Map()
    this.#owned = true
  }

  #own(): Map<K, V> {
    if (!this.#owned) {
      this.#map = new Map(this.#map)
      this.#owned = true
    }
    return this.#map
  }
}
