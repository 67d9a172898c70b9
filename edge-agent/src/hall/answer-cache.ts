/**
 * The most recent answers by (device, reqId), in memory, so a retried request is answered without
 * a journal lookup. Bounded: the oldest entries go first; the journal still has them.
 */
export class AnswerCache {
  readonly #map = new Map<string, string>()
  constructor(readonly capacity = 20_000) {}

  static key(device: string, reqId: string): string {
    return `${device}\u0000${reqId}`
  }

  get(key: string): string | undefined {
    return this.#map.get(key)
  }

  set(key: string, answer: string): void {
    this.#map.delete(key)
    this.#map.set(key, answer)
    if (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next().value
      if (oldest !== undefined) this.#map.delete(oldest)
    }
  }
}
