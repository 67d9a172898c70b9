import type { QueueState } from '@qms/edge-agent/queue'
import type { Clock, ClockTimer } from '@qms/protocol'
import { haversineKm } from '../balance/index.js'
import { stateFromProjection } from '../live/from-projection.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { LiveHall } from '../live/live-hall.js'
import type { ProjectionReader } from '../projections/reader.js'
import {
  type AlertDistrictView,
  type AlertDraft,
  type AlertHallView,
  type AlertThresholds,
  DEFAULT_THRESHOLDS,
  donorOf,
  hallBusier,
  neighboursOf,
  queueLong,
  type RuleContext,
  serviceLong,
  waitLong,
  windowUnattended,
} from './rules/index.js'
import type { AlertService } from './service.js'
import type { AlertStore } from './store.js'

/*
 * The alert rules over the live view of each hall this instance owns: after a refresh (at most
 * once per `debounceMs`), and every `everyMs` for the rules that time alone sets off (a service
 * running long, a window left unattended). A hall is compared with its neighbours — halls within
 * the rules' reach, whose state comes from their mirror when owned here, else from their
 * projection (read at most every ten seconds).
 */

const NEIGHBOUR_CACHE_MS = 10_000

export function createAlertEvaluator(opts: {
  halls: () => ReadonlyMap<string, LiveHall>
  configs: HallConfigs
  reader: ProjectionReader
  store: AlertStore
  service: AlertService
  clock: Clock
  debounceMs: number
  thresholds?: Partial<AlertThresholds>
  onError?(err: Error, site?: string): void
}) {
  const { configs, clock } = opts
  const thresholds: AlertThresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds }
  const timers = new Map<string, ClockTimer>()
  const running = new Map<string, Promise<void>>()
  const lastRun = new Map<string, number>()
  const neighbours = new Map<string, { at: number; state: Promise<QueueState | undefined> }>()
  let closed = false

  const neighbourState = (site: string, now: number): Promise<QueueState | undefined> => {
    const owned = opts.halls().get(site)?.mirror
    if (owned?.live) return Promise.resolve(owned.state)
    const cached = neighbours.get(site)
    if (cached !== undefined && now - cached.at < NEIGHBOUR_CACHE_MS) return cached.state
    const model = configs.model(site)
    const state =
      model === undefined
        ? Promise.resolve(undefined)
        : opts.reader.live(site).then((live) => stateFromProjection(model, live, now))
    neighbours.set(site, { at: now, state })
    state.catch(() => neighbours.delete(site))
    return state
  }

  /** The drafts of one hall now, its neighbours considered. */
  const draftsOf = async (hall: LiveHall, active: Set<string>): Promise<AlertDraft[]> => {
    const mirror = hall.mirror
    if (mirror === undefined || !mirror.live) return []
    const now = clock.now()
    const config = configs.get(hall.site)!
    const view: AlertHallView = {
      site: hall.site,
      name: config.name,
      location: config.location,
      now,
      state: mirror.state,
      stats: mirror.stats,
      absentSince: mirror.absentSince,
      ...(hall.last === undefined ? {} : { waits: hall.last.categoryWaits }),
    }
    const halls = new Map<string, AlertHallView>([[hall.site, view]])
    if (configs.located(hall.site)) {
      for (const site of configs.sites()) {
        if (site === hall.site || !configs.located(site)) continue
        const other = configs.get(site)!
        if (haversineKm(config.location, other.location) > thresholds.neighbourKm) continue
        const state = await neighbourState(site, now).catch(() => undefined)
        if (state === undefined) continue
        halls.set(site, { site, name: other.name, location: other.location, now, state })
      }
    }
    const district: AlertDistrictView = { now, halls }
    const ctx: RuleContext = { thresholds, active }
    const donor = donorOf(neighboursOf(district, view, thresholds.neighbourKm))
    return [
      ...queueLong(view, ctx, donor),
      ...waitLong(view, ctx, donor),
      ...serviceLong(view, ctx),
      ...windowUnattended(view, ctx),
      ...hallBusier(district, view, ctx),
    ]
  }

  const evaluate = async (site: string): Promise<void> => {
    const hall = opts.halls().get(site)
    if (hall === undefined || closed) return
    lastRun.set(site, clock.now())
    const open = await opts.store.open(site)
    const drafts = await draftsOf(hall, new Set(open.keys()))
    if (hall.mirror?.live !== true) return
    await opts.service.reconcile(site, drafts, open)
  }

  const run = (site: string) => {
    if (running.has(site) || closed) return
    const p = evaluate(site)
      .catch((err: Error) => opts.onError?.(err, site))
      .finally(() => running.delete(site))
    running.set(site, p)
  }

  return {
    /** Evaluates the hall soon (at most once per debounce). */
    schedule(site: string): void {
      if (closed || timers.has(site)) return
      const wait = Math.max(0, (lastRun.get(site) ?? -Infinity) + opts.debounceMs - clock.now())
      const timer = clock.setTimeout(() => {
        timers.delete(site)
        run(site)
      }, wait)
      timer.unref?.()
      timers.set(site, timer)
    },
    /** Evaluates the hall now and resolves when done (tests, the periodic pass). */
    async now(site: string): Promise<void> {
      await running.get(site)
      await evaluate(site).catch((err: Error) => opts.onError?.(err, site))
    },
    forget(site: string): void {
      const t = timers.get(site)
      if (t !== undefined) clock.clearTimeout(t)
      timers.delete(site)
      lastRun.delete(site)
    },
    async close(): Promise<void> {
      closed = true
      for (const t of timers.values()) clock.clearTimeout(t)
      timers.clear()
      await Promise.allSettled([...running.values()])
    },
  }
}

export type AlertEvaluator = ReturnType<typeof createAlertEvaluator>
