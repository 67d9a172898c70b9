/*
 * Reproducible randomness. Every purpose draws from its own stream, keyed by the scenario seed
 * and names (`arrivals/hub/2026-03-02`, `person/hub/2026-03-02/117`), so that what one part
 * draws never shifts what another part gets: the same seed gives the same people with the same
 * attributes whatever policy, predictor or staffing is being tried.
 */

/** 32-bit FNV-1a over the key's parts, then a finalising mix (murmur3's fmix32). */
export function hashKey(...parts: Array<string | number>): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    const s = `${part}\u0000`
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, PractRand-clean to 2^40+ bytes):
 * 128 bits of state, seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const split = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.a = split()
    this.b = split()
    this.c = split()
    this.d = split()
    for (let i = 0; i < 12; i++) this.next()
  }

  /** A uniform number in [0, 1), 32 bits of resolution. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** A uniform number in (0, 1): safe for logarithms and inverse CDFs. */
  open(): number {
    let u = this.next()
    while (u === 0) u = this.next()
    return u
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(this.open()) * mean
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
}

/** The stream for one purpose: `stream(seed, 'arrivals', site, day)`. */
export function stream(seed: number, ...key: Array<string | number>): Rng {
  return new Rng(hashKey(seed, ...key))
}
