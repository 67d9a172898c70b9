import type { Clock, CloudCommandOf, WaitPrediction } from '@qms/protocol'
import { balanceSnapshot } from '../guidance/balance-snapshot.js'
import type { DistrictViews } from '../guidance/district-view.js'
import type { GuidanceService } from '../guidance/service.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { LiveMetrics } from '../live/metrics.js'
import type { HallMirror } from '../live/mirror.js'
import type { LiveSettings } from '../live/settings.js'
import type { Prediction } from '../predict/index.js'
import type { AccuracyRecord, LiveStore, StoredPredictions } from './live-store.js'
import { publicWait } from './live-store.js'
import type { PredictionPool } from './pool.js'
import { exportState } from './state-transfer.js'
import type { StatusTracker } from './statuses.js'

/*
 * One refresh of a hall, start to end: the forward predictor (in a worker) on a copy of the
 * mirror's state, then what the refresh feeds — the `predictions` command to the hall, the
 * latest predictions and ticket statuses in Redis (the public API on any instance), the balance
 * snapshot and the hall's guidance banner, the per-hour counters and predicted-against-actual
 * points, and the issue predictions of newly issued tickets.
 */

export interface RefreshDeps {
  pool: PredictionPool
  configs: HallConfigs
  store: LiveStore
  views: DistrictViews
  guidance: GuidanceService
  send: <T extends 'predictions'>(
    site: string,
    type: T,
    data: CloudCommandOf<T>['data'],
    ttlMs: number,
  ) => Promise<unknown>
  clock: Clock
  settings: LiveSettings
  metrics: LiveMetrics
}

export interface RefreshResult {
  seq: number
  at: number
  tickets: Map<string, Prediction>
  newcomers: Map<string, Prediction>
  /** Minutes for a newcomer per category (the ordinary class), for the alert rules. */
  categoryWaits: Map<string, number>
}

/** A ticket issued this recently with no prediction yet takes its first one as "told at issue". */
const ISSUE_WINDOW_MS = 2 * 60_000

export async function refreshHall(
  site: string,
  mirror: HallMirror,
  tracker: StatusTracker,
  deps: RefreshDeps,
  isCurrent: () => boolean,
): Promise<RefreshResult | undefined> {
  const { clock, settings, store, configs } = deps
  const hall = configs.get(site)
  if (hall === undefined) return undefined
  const began = clock.now()
  const seq = mirror.applied
  const inline = !deps.pool.threaded
  const output = await deps.pool.run(
    {
      site,
      configKey: `${site}@${configs.version(site)}`,
      state: exportState(mirror.state),
      // The main thread goes on learning while a worker reads its copy; inline, copy it first.
      stats: inline ? structuredClone(mirror.stats) : mirror.stats,
      calibration: mirror.learned().calibration,
      now: began,
      runs: settings.runs,
    },
    hall,
  )
  if (!isCurrent()) return undefined
  deps.metrics.predictSeconds.observe(output.ms / 1000)
  const tickets = new Map(output.tickets)
  const newcomers = new Map(output.newcomers)
  mirror.newcomers = { at: began, map: newcomers }
  const state = mirror.state
  for (const [ticket, p] of tickets) {
    const t = state.open.get(ticket)
    if (
      mirror.live &&
      t !== undefined &&
      !mirror.issued.has(ticket) &&
      began - t.issuedAt <= ISSUE_WINDOW_MS
    )
      mirror.setIssued(ticket, p)
  }

  const at = new Date(began).toISOString()
  const waits = new Map<string, WaitPrediction>()
  for (const [ticket, p] of tickets) waits.set(ticket, publicWait(p))
  const items: StoredPredictions['items'] = {}
  const categoryWaits = new Map<string, number>()
  for (const item of state.model.offered.values()) {
    const n = newcomers.get(item.code)
    if (n === undefined) continue
    const p = newcomers.get(`${item.code} priority`)
    items[item.code] = [publicWait(n), p === undefined ? undefined : publicWait(p)]
    categoryWaits.set(item.category, Math.max(categoryWaits.get(item.category) ?? 0, n.minutes))
  }

  const changed = tracker.changed(state, mirror.touched, waits, seq, clock.now())
  mirror.touched.clear()
  const day = state.day || state.model.dayOf(began)
  await Promise.all([
    deps.send(
      site,
      'predictions',
      {
        at,
        seq,
        items: Object.entries(items).map(([item, [wait]]) => ({ item, wait })),
        tickets: [...waits].map(([ticket, wait]) => ({ ticket, wait })),
      },
      settings.predictionTtlMs,
    ),
    store.writePredictions(site, { at, seq, items }),
    store.writeStatuses(site, day, changed, settings.statusDays * 86_400),
    deps.views.writeSnapshot(balanceSnapshot(state, mirror.stats, newcomers, seq, began)),
  ])
  await flushCounts(site, mirror, deps)
  const arrivals = mirror.arrivals
  mirror.arrivals = []
  await deps.guidance.publish(site)
  await deps.guidance.countArrivals(site, arrivals)
  return { seq, at: began, tickets, newcomers, categoryWaits }
}

/** Writes the counters, accuracy points and issue predictions gathered since the last write. */
export async function flushCounts(site: string, mirror: HallMirror, deps: RefreshDeps) {
  const dirty = new Map(mirror.issuedDirty)
  mirror.issuedDirty.clear()
  await deps.store.writeIssued(site, dirty)
  const taken = mirror.takeCounts()
  if (taken === undefined) return
  const records: AccuracyRecord[] = []
  for (const o of taken.outcomes) {
    if (o.predicted === undefined) continue
    const r: AccuracyRecord = {
      ticket: o.ticket,
      item: o.item,
      calledAt: new Date(o.calledAt).toISOString(),
      predictedMin: o.predicted.minutes,
      actualMin: Math.round(o.actualMin * 10) / 10,
    }
    if (o.predicted.lo80 !== undefined) r.lo80 = o.predicted.lo80
    if (o.predicted.hi80 !== undefined) r.hi80 = o.predicted.hi80
    if (o.predicted.lo90 !== undefined) r.lo90 = o.predicted.lo90
    if (o.predicted.hi90 !== undefined) r.hi90 = o.predicted.hi90
    records.push(r)
  }
  const result = await deps.store.writeCounts(
    site,
    mirror.countedSeq,
    taken.toSeq,
    taken.counts,
    records,
    { maxLen: deps.settings.accuracyMax, ttlSec: 400 * 86_400 },
  )
  // Another owner counted meanwhile: what it counted stands, ours is dropped, and we go on from
  // its mark (the next write must expect what is stored).
  mirror.countedSeq = result.ok ? taken.toSeq : result.counted
  mirror.pendingCountSeq = Math.max(mirror.pendingCountSeq, mirror.countedSeq)
}
