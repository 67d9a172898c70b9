/*
 * A small seedable generator for the forward simulation: reproducible refreshes in tests and in
 * the evaluation, independent of Math.random. sfc32 seeded through splitmix32 (the same family
 * the simulator uses, written here so the cloud does not depend on the simulator).
 */

export interface Random {
  /** Uniform in (0, 1): safe for logarithms and inverse CDFs. */
  next(): number
}

export function createRandom(seed: number): Random {
  let s = seed >>> 0
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
  let a = split()
  let b = split()
  let c = split()
  let d = split()
  const raw = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) raw()
  return {
    next() {
      for (;;) {
        const u = raw() / 4294967296
        if (u > 0) return u
      }
    },
  }
}

/** 32-bit FNV-1a of a string: turns names and times into seeds. */
export function hashSeed(...parts: Array<string | number>): number {
  let h = 0x811c9dc5
  for (const part of parts) {
    const s = `${part}\u0000`
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i)
      h = Math.imul(h, 0x01000193)
    }
  }
  return h >>> 0
}

/** Exponential with mean `mean`. */
export function exponential(rng: Random, mean: number): number {
  return -Math.log(rng.next()) * mean
}
