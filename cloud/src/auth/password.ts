import { randomBytes, type ScryptOptions, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'

/*
 * Passwords are stored as scrypt hashes (RFC 7914) with a random salt, in one self-describing
 * string: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. The cost parameters travel with the
 * hash, so raising them later leaves existing hashes valid. N = 2^15, r = 8, p = 1 costs 32 MiB
 * and some tens of milliseconds per check on a server core, which is what OWASP's password
 * storage guidance asks of scrypt at the least.
 */

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number
  /** Block size. */
  r: number
  /** Parallelism. */
  p: number
}

export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 }
const KEY_BYTES = 32
const SALT_BYTES = 16
const HASH_PATTERN =
  /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/

/** Whether `stored` has the shape of a hash made by `hashPassword` (not whether it is right). */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== undefined
}

/** A new hash of `password` with a fresh salt. */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST) {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, cost, KEY_BYTES)
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/**
 * Whether `password` matches `stored`. The comparison takes the same time wherever the bytes
 * differ; a malformed stored hash never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (parsed === undefined) return false
  const key = await derive(password, parsed.salt, parsed.cost, parsed.hash.length)
  return timingSafeEqual(key, parsed.hash)
}

function parseHash(stored: string) {
  const m = HASH_PATTERN.exec(stored)
  if (m === null) return undefined
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  const salt = Buffer.from(m[4] ?? '', 'base64')
  const hash = Buffer.from(m[5] ?? '', 'base64')
  const powerOfTwo = cost.N > 1 && (cost.N & (cost.N - 1)) === 0
  // Bounds keep a hostile users file from asking for gigabytes or a near-empty hash.
  if (!powerOfTwo || cost.N > 2 ** 20 || cost.r < 1 || cost.r > 32 || cost.p < 1 || cost.p > 16)
    return undefined
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined
  return { cost, salt, hash }
}

function derive(password: string, salt: Buffer, cost: ScryptCost, bytes: number): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; leave room above Node's 32 MiB default for the usual costs.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, bytes, options, (err, key) =>
      err === null ? resolve(key) : reject(err),
    )
  })
}
