import { readFileSync } from 'node:fs'

const SEED = /^SU[A-Z2-7]+$/

/**
 * The hall's NATS nkey seed from a file: either the seed itself (one line `SU…`) or the JSON that
 * `qms-cloud nats-auth --seeds` writes for a district (site → seed).
 */
export function readSeedFile(
  file: string,
  site: string,
): { ok: true; seed: string } | { ok: false; reason: string } {
  let text: string
  try {
    text = readFileSync(file, 'utf8').trim()
  } catch (err) {
    return { ok: false, reason: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code}` }
  }
  let seed: unknown = text.split('\n')[0]?.trim()
  if (text.startsWith('{')) {
    try {
      seed = (JSON.parse(text) as Record<string, unknown>)[site]
    } catch (err) {
      return { ok: false, reason: `${file} is not valid JSON: ${(err as Error).message}` }
    }
    if (seed === undefined) return { ok: false, reason: `${file} has no seed for hall ${site}` }
  }
  if (typeof seed !== 'string' || !SEED.test(seed))
    return { ok: false, reason: `${file} does not hold a user nkey seed (SU…)` }
  return { ok: true, seed }
}
