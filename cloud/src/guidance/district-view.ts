import { randomBytes } from 'node:crypto'
import type { Clock } from '@qms/protocol'
import type { Redis } from 'ioredis'
import { type BalanceHall, createPendingArrivals, type PendingArrivals } from '../balance/index.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { RedisKeys } from '../projections/keys.js'
import { type BalanceSnapshot, hallFromSnapshot } from './balance-snapshot.js'

/*
 * The district as the balancer sees it, on any instance: every located hall with a model, its
 * latest balance snapshot (written by its owner) and the people already advised to go there and
 * not arrived yet (kept in Redis, so the kiosks of every hall count each other's advice). Read
 * at most once a second.
 */

export interface DistrictView {
  at: number
  halls: Map<string, BalanceHall>
  snapshots: Map<string, BalanceSnapshot>
  pending: PendingArrivals
}

export interface DistrictViews {
  view(): Promise<DistrictView>
  /** Counts a person (weight: the chance they follow the advice) on the way to `site`. */
  addPending(site: string, category: string, eta: number, weight: number): Promise<void>
  writeSnapshot(snapshot: BalanceSnapshot): Promise<void>
  /** Forget the cached view (a setting changed). */
  invalidate(): void
}

export function createDistrictViews(opts: {
  redis: Redis
  keys: RedisKeys
  configs: HallConfigs
  clock: Clock
  staleMs: number
  cacheMs?: number
}): DistrictViews {
  const { redis, keys, configs, clock } = opts
  const k = keys.live
  const cacheMs = opts.cacheMs ?? 1000
  let cached: { at: number; view: Promise<DistrictView> } | undefined

  const load = async (now: number): Promise<DistrictView> => {
    const sites = configs.sites().filter((s) => configs.located(s) && configs.model(s))
    const snapshots = new Map<string, BalanceSnapshot>()
    const arrivals: Array<{ site: string; category: string; eta: number; weight: number }> = []
    if (sites.length > 0) {
      const m = redis.multi()
      for (const s of sites) {
        m.get(k.balance(s))
        m.zrangebyscore(k.pending(s), now, '+inf')
      }
      const res = (await m.exec()) ?? []
      sites.forEach((s, i) => {
        const raw = res[2 * i]?.[1] as string | null
        if (raw) {
          try {
            snapshots.set(s, JSON.parse(raw) as BalanceSnapshot)
          } catch {
            // A damaged snapshot: the hall's waits are unknown until its next refresh.
          }
        }
        for (const member of (res[2 * i + 1]?.[1] as string[] | undefined) ?? []) {
          const [category, weight, eta] = member.split('|')
          if (category && weight && eta)
            arrivals.push({ site: s, category, eta: Number(eta), weight: Number(weight) })
        }
      })
    }
    const halls = new Map<string, BalanceHall>()
    for (const s of sites)
      halls.set(s, hallFromSnapshot(configs.model(s)!, snapshots.get(s), now, opts.staleMs))
    return { at: now, halls, snapshots, pending: createPendingArrivals({ arrivals }) }
  }

  return {
    view() {
      const now = clock.now()
      if (cached === undefined || now - cached.at >= cacheMs) {
        const view = load(now)
        cached = { at: now, view }
        view.catch(() => {
          if (cached?.view === view) cached = undefined
        })
      }
      return cached.view
    },
    async addPending(site, category, eta, weight) {
      const member = `${category}|${Math.min(1, Math.max(0, weight))}|${eta}|${randomBytes(4).toString('hex')}`
      await redis
        .multi()
        .zadd(k.pending(site), eta, member)
        .zremrangebyscore(k.pending(site), '-inf', clock.now())
        .expire(k.pending(site), 86_400)
        .exec()
      cached = undefined
    },
    async writeSnapshot(snapshot) {
      await redis.set(k.balance(snapshot.site), JSON.stringify(snapshot), 'EX', 86_400)
      // The cached view sees the hall's new figures at once (its banner is computed next).
      const view = await cached?.view.catch(() => undefined)
      const model = configs.model(snapshot.site)
      if (view === undefined || model === undefined || !view.halls.has(snapshot.site)) return
      view.snapshots.set(snapshot.site, snapshot)
      view.halls.set(snapshot.site, hallFromSnapshot(model, snapshot, clock.now(), opts.staleMs))
    },
    invalidate() {
      cached = undefined
    },
  }
}
