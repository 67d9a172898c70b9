import type { DayFigures } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { RedisKeys } from '../projections/keys.js'
import { localTime } from '../projections/local-time.js'
import type { ProjectionReader } from '../projections/reader.js'

/*
 * The end-of-day job: the district's figures of a day, summed over its halls, kept as one JSON
 * document per day (`district:day:<day>`). It reads the projections only, so running it twice,
 * or again after a rebuild, gives the same document.
 */

export interface DistrictDay {
  day: string
  sites: number
  issued: number
  served: number
  noShow: number
  cancelled: number
  abandoned: number
  transferred: number
  byChannel: Record<string, number>
  /** Waits and handling of all halls together, in minutes. */
  waitMeanMin: number | null
  handlingMeanMin: number | null
  ratingMean: number | null
  selfServiceShare: number | null
  perSite: Record<string, DayFigures>
}

const round = (n: number) => Math.round(n * 100) / 100

/** Sums the halls' figures of one day. Pure. */
export function districtDay(day: string, perSite: Record<string, DayFigures>): DistrictDay {
  const all = Object.values(perSite)
  const sum = (f: (d: DayFigures) => number) => all.reduce((n, d) => n + f(d), 0)
  const byChannel: Record<string, number> = {}
  for (const d of all) {
    for (const [c, n] of Object.entries(d.byChannel)) byChannel[c] = (byChannel[c] ?? 0) + n
  }
  const weighted = (f: (d: DayFigures) => { count: number; mean: number | null }) => {
    const count = sum((d) => f(d).count)
    return count === 0 ? null : round(sum((d) => f(d).count * (f(d).mean ?? 0)) / count)
  }
  const issued = sum((d) => d.issued)
  return {
    day,
    sites: all.filter((d) => d.issued > 0).length,
    issued,
    served: sum((d) => d.served),
    noShow: sum((d) => d.noShow),
    cancelled: sum((d) => d.cancelled),
    abandoned: sum((d) => d.abandoned),
    transferred: sum((d) => d.transferred),
    byChannel,
    waitMeanMin: weighted((d) => ({ count: d.wait.count, mean: d.wait.meanMin })),
    handlingMeanMin: weighted((d) => ({ count: d.handling.count, mean: d.handling.meanMin })),
    ratingMean: weighted((d) => ({ count: d.ratings.count, mean: d.ratings.mean })),
    selfServiceShare:
      issued === 0
        ? null
        : Math.round(((issued - (byChannel.staff ?? 0)) / issued) * 10_000) / 10_000,
    perSite,
  }
}

/** The local day before the one containing `nowMs`, in `timezone`. */
export function previousDay(nowMs: number, timezone: string): string {
  return localTime(nowMs - 24 * 3_600_000, timezone).day
}

/** Computes and stores a day's district figures; the job's processor. */
export async function closeDay(opts: {
  redis: Redis
  keys: RedisKeys
  reader: ProjectionReader
  day: string
  /** Keep the document this long (seconds). */
  ttlSec: number
}): Promise<DistrictDay> {
  const perSite: Record<string, DayFigures> = {}
  for (const site of await opts.reader.siteIds()) {
    perSite[site] = await opts.reader.day(site, opts.day)
  }
  const summary = districtDay(opts.day, perSite)
  await opts.redis.set(opts.keys.districtDay(opts.day), JSON.stringify(summary), 'EX', opts.ttlSec)
  return summary
}
