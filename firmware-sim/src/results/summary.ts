import type { VisitRecord } from './records.js'

/*
 * The figures a run ends with, per hall and for the whole district: numbers taken, outcomes,
 * waits of those called (mean, median, 90th percentile, maximum, share over 30 minutes),
 * abandonment, and each predictor's error against the actual wait.
 */

export interface WaitStats {
  /** People called (served or no-show). */
  n: number
  mean: number
  p50: number
  p90: number
  max: number
  /** Share of those called who waited more than 30 minutes. */
  over30: number
}

export interface PredictorError {
  n: number
  /** Mean absolute error, minutes. */
  mae: number
  /** Mean of prediction − actual, minutes. */
  bias: number
}

export interface HallSummary {
  site: string
  /** People who walked into this hall first. */
  arrivals: number
  /** Numbers taken here. */
  tickets: number
  served: number
  abandoned: number
  noshow: number
  online: number
  refused: number
  unserved: number
  /** People sent from here to another hall, and received from others. */
  redirectedOut: number
  redirectedIn: number
  wait: WaitStats
  /** abandoned / tickets. */
  abandonment: number
  predictors: Record<string, PredictorError>
}

export interface Summary {
  total: HallSummary
  halls: HallSummary[]
}

/** The q-quantile of sorted values (linear between closest ranks). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

export function waitStats(waits: number[]): WaitStats {
  const sorted = [...waits].sort((a, b) => a - b)
  const n = sorted.length
  const sum = sorted.reduce((s, w) => s + w, 0)
  return {
    n,
    mean: n === 0 ? 0 : sum / n,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max: n === 0 ? 0 : sorted[n - 1]!,
    over30: n === 0 ? 0 : sorted.filter((w) => w > 30).length / n,
  }
}

function summarizeGroup(
  site: string,
  records: VisitRecord[],
  arrivals: number,
  redirectedOut: number,
): HallSummary {
  const count = (o: VisitRecord['outcome']) => records.filter((r) => r.outcome === o).length
  const tickets = records.filter((r) => r.ticket !== undefined).length
  const waits = records
    .filter((r) => r.calledAt !== undefined && r.waitMin !== undefined)
    .map((r) => r.waitMin!)
  const predictors: Record<string, PredictorError> = {}
  const acc = new Map<string, { n: number; abs: number; sum: number }>()
  for (const r of records) {
    if (r.predictions === undefined || r.calledAt === undefined || r.waitMin === undefined) continue
    for (const [name, p] of Object.entries(r.predictions)) {
      const a = acc.get(name) ?? { n: 0, abs: 0, sum: 0 }
      a.n++
      a.abs += Math.abs(p - r.waitMin)
      a.sum += p - r.waitMin
      acc.set(name, a)
    }
  }
  for (const [name, a] of acc) predictors[name] = { n: a.n, mae: a.abs / a.n, bias: a.sum / a.n }
  const abandoned = count('abandoned')
  return {
    site,
    arrivals,
    tickets,
    served: count('served'),
    abandoned,
    noshow: count('noshow'),
    online: count('online'),
    refused: count('refused'),
    unserved: count('unserved'),
    redirectedOut,
    redirectedIn: records.filter((r) => r.redirectedTo === site).length,
    wait: waitStats(waits),
    abandonment: tickets === 0 ? 0 : abandoned / tickets,
    predictors,
  }
}

/** Per hall (in the order given, else by id) and for everyone. */
export function summarize(records: readonly VisitRecord[], sites?: readonly string[]): Summary {
  const order = sites ?? [...new Set(records.map((r) => r.home))].sort()
  // A visit counts where the number was taken: the hall the person was sent to, if any.
  const bySite = new Map<string, VisitRecord[]>()
  const arrivals = new Map<string, number>()
  const outs = new Map<string, number>()
  for (const r of records) {
    const where = r.redirectedTo ?? r.home
    const list = bySite.get(where)
    if (list === undefined) bySite.set(where, [r])
    else list.push(r)
    arrivals.set(r.home, (arrivals.get(r.home) ?? 0) + 1)
    if (r.redirectedTo !== undefined) outs.set(r.home, (outs.get(r.home) ?? 0) + 1)
  }
  const halls = order.map((site) =>
    summarizeGroup(site, bySite.get(site) ?? [], arrivals.get(site) ?? 0, outs.get(site) ?? 0),
  )
  const out = records.filter((r) => r.redirectedTo !== undefined).length
  const total = summarizeGroup('total', [...records], records.length, out)
  return { total: { ...total, redirectedIn: out }, halls }
}
