import { type Static, Type } from '@sinclair/typebox'

/*
 * People already sent to a hall and not there yet. Without them every kiosk of a busy hall
 * would send its people to the same quiet hall until it is the busy one (the herd effect of
 * load balancing on stale information; Mitzenmacher, "How useful is old information?", 2000).
 * Each is counted with the share that accepts advice, until the time they should have arrived.
 * Plain JSON, so the live cloud can keep it in Redis.
 */

export const PendingJson = Type.Object(
  {
    arrivals: Type.Array(
      Type.Object(
        {
          site: Type.String({ maxLength: 64 }),
          category: Type.String({ maxLength: 40 }),
          /** Epoch ms when the person should be there (then they are in the hall's own queue). */
          eta: Type.Number(),
          /** Expected people: 1 for an accepted hand-off, the acceptance share for advice only. */
          weight: Type.Number({ minimum: 0, maximum: 1 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100_000 },
    ),
  },
  { additionalProperties: false, $id: 'PendingArrivals' },
)
export type PendingState = Static<typeof PendingJson>

export interface PendingArrivals {
  readonly state: PendingState
  add(site: string, category: string, eta: number, weight: number): void
  /** Expected people on their way to `site` for any of `categories`, not arrived by `now`. */
  count(site: string, categories: ReadonlySet<string> | string, now: number): number
  /** Forgets those who should have arrived by `now`. */
  prune(now: number): void
}

export function createPendingArrivals(state?: PendingState): PendingArrivals {
  const s: PendingState = state ?? { arrivals: [] }
  return {
    state: s,
    add(site, category, eta, weight) {
      s.arrivals.push({ site, category, eta, weight: Math.min(1, Math.max(0, weight)) })
    },
    count(site, categories, now) {
      let n = 0
      for (const a of s.arrivals) {
        if (a.site !== site || a.eta <= now) continue
        if (typeof categories === 'string' ? a.category === categories : categories.has(a.category))
          n += a.weight
      }
      return n
    },
    prune(now) {
      s.arrivals = s.arrivals.filter((a) => a.eta > now)
    },
  }
}
