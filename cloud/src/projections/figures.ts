import type { DayFigures, DurationFigure } from '@qms/protocol'
import type { Changes } from './changes.js'

/*
 * A hall's figures of one day live in one Redis hash of counters that only ever grow, so applying
 * an event adds to them without reading them. Field names:
 *
 *   issued  ch:<channel>  pr:<priority>  item:<item>           tickets issued
 *   called  served  noshow  parked  transferred  recalled       actions
 *   cancelled  cx:<reason>                                      cancellations by reason
 *   w:n  w:sum  w:max  w:le:<min>                               waits (ms) issue → first call
 *   h:n  h:sum  h:max  h:le:<min>                               handling (ms) start → end
 *   r:n  r:sum  r:<score>                                       ratings
 *
 * Durations also go into fixed buckets (minutes) from which quantiles are estimated on read.
 */

export const FIGURE = {
  issued: 'issued',
  called: 'called',
  served: 'served',
  noshow: 'noshow',
  parked: 'parked',
  transferred: 'transferred',
  recalled: 'recalled',
  cancelled: 'cancelled',
  ratings: 'r:n',
  ratingSum: 'r:sum',
  channel: (c: string) => `ch:${c}`,
  priority: (p: string) => `pr:${p}`,
  item: (i: string) => `item:${i}`,
  cancelReason: (r: string) => `cx:${r}`,
  score: (s: number) => `r:${s}`,
} as const

/** Upper bounds of the duration buckets, in minutes; the last bucket is open. */
export const DURATION_BUCKETS_MIN = [1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 480]

/** Cancellation reasons that count as abandonment: the person gave up. */
export const ABANDON_REASONS = ['abandoned', 'person'] as const

export type DurationKind = 'w' | 'h'

/** Records one duration (wait or handling) in the day's counters. */
export function recordDuration(
  changes: Changes,
  day: string,
  kind: DurationKind,
  ms: number,
): void {
  const value = Math.max(0, Math.round(ms))
  changes.add(day, `${kind}:n`)
  changes.add(day, `${kind}:sum`, value)
  changes.max(day, `${kind}:max`, value)
  const minutes = value / 60_000
  const bucket = DURATION_BUCKETS_MIN.find((le) => minutes <= le)
  changes.add(day, `${kind}:le:${bucket ?? 'inf'}`)
}

const num = (hash: Record<string, string>, field: string) => Number(hash[field] ?? 0)
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

function duration(hash: Record<string, string>, kind: DurationKind): DurationFigure {
  const count = num(hash, `${kind}:n`)
  if (count === 0) return { count, meanMin: null, maxMin: null, p50Min: null, p90Min: null }
  const quantile = (q: number): number => {
    const rank = q * count
    let below = 0
    let lower = 0
    for (const le of [...DURATION_BUCKETS_MIN, Number.POSITIVE_INFINITY]) {
      const inBucket = num(hash, `${kind}:le:${Number.isFinite(le) ? le : 'inf'}`)
      if (below + inBucket >= rank && inBucket > 0) {
        const upper = Number.isFinite(le) ? le : num(hash, `${kind}:max`) / 60_000
        return lower + ((rank - below) / inBucket) * (upper - lower)
      }
      below += inBucket
      if (Number.isFinite(le)) lower = le
    }
    return num(hash, `${kind}:max`) / 60_000
  }
  const maxMin = num(hash, `${kind}:max`) / 60_000
  return {
    count,
    meanMin: round(num(hash, `${kind}:sum`) / count / 60_000),
    maxMin: round(maxMin),
    p50Min: round(Math.min(quantile(0.5), maxMin)),
    p90Min: round(Math.min(quantile(0.9), maxMin)),
  }
}

function byPrefix(hash: Record<string, string>, prefix: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith(prefix)) out[field.slice(prefix.length)] = Number(value)
  }
  return out
}

/** The figures of a day from its counters hash (an empty hash gives zeros). */
export function dayFigures(day: string, hash: Record<string, string>): DayFigures {
  const issued = num(hash, FIGURE.issued)
  const byChannel = byPrefix(hash, 'ch:')
  const ratings = num(hash, FIGURE.ratings)
  const byScore: Record<string, number> = {}
  for (const s of [1, 2, 3, 4, 5]) byScore[String(s)] = num(hash, FIGURE.score(s))
  return {
    day,
    issued,
    byChannel,
    byPriority: byPrefix(hash, 'pr:'),
    called: num(hash, FIGURE.called),
    served: num(hash, FIGURE.served),
    noShow: num(hash, FIGURE.noshow),
    cancelled: num(hash, FIGURE.cancelled),
    abandoned: ABANDON_REASONS.reduce((n, r) => n + num(hash, FIGURE.cancelReason(r)), 0),
    transferred: num(hash, FIGURE.transferred),
    recalled: num(hash, FIGURE.recalled),
    wait: duration(hash, 'w'),
    handling: duration(hash, 'h'),
    ratings: {
      count: ratings,
      mean: ratings === 0 ? null : round(num(hash, FIGURE.ratingSum) / ratings),
      byScore,
    },
    selfServiceShare: issued === 0 ? null : round((issued - (byChannel.staff ?? 0)) / issued, 4),
  }
}
