/*
 * Which live instance should apply a hall's events: rendezvous (highest random weight) hashing.
 * Every instance computes the same answer from the same member list, with no coordination; when
 * an instance joins or leaves, only the halls it wins or held move (about 1/n of them).
 */

/** FNV-1a, 32 bits: fast, well spread over short strings, the same everywhere. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // A final avalanche (murmur3's fmix32): FNV alone clusters on strings that differ at the end.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return hash >>> 0
}

/** The member that should own `site`, or undefined when there is none. */
export function ownerOf(site: string, members: readonly string[]): string | undefined {
  let best: string | undefined
  let bestWeight = -1
  for (const member of members) {
    const weight = fnv1a(`${site}\u0000${member}`)
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && member < best)) {
      best = member
      bestWeight = weight
    }
  }
  return best
}

/** The halls of `sites` that `member` should own. */
export function sitesOf(
  member: string,
  sites: Iterable<string>,
  members: readonly string[],
): string[] {
  const out: string[] = []
  for (const site of sites) if (ownerOf(site, members) === member) out.push(site)
  return out
}
