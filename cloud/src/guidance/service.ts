import { createHash } from 'node:crypto'
import {
  type Clock,
  type CloudCommandOf,
  type Guidance,
  type Item,
  type Priority,
  QmsError,
  type RecommendationResult,
} from '@qms/protocol'
import type { Redis } from 'ioredis'
import { BALANCE_DEFAULTS, type BalanceOptions } from '../balance/index.js'
import type { CommandSender } from '../commands/sender.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { LiveSettings } from '../live/settings.js'
import type { RedisKeys } from '../projections/keys.js'
import { bannerOf, type ManualNotice } from './banner.js'
import type { DistrictViews } from './district-view.js'
import { chooseHall, type From, recommendFor } from './recommend.js'

/*
 * Guidance, delivered: the banner of each hall sent to it as a `guidance` command when it changes
 * (and again before the last one expires), diversion on and off per hall (a manager's action:
 * the hall's suggestions of other halls, and the edge's `config`), a manager's own text on the
 * banner, recommendations for phones, and the counting of people a banner sent elsewhere. Every
 * setting lives in Redis, so any instance can act for any hall.
 */

export interface GuidanceSettings {
  diversion: boolean
  manual: ManualNotice[]
}

const MAX_MANUAL = 4

export function createGuidanceService(opts: {
  redis: Redis
  keys: RedisKeys
  configs: HallConfigs
  views: DistrictViews
  commands: CommandSender
  clock: Clock
  settings: LiveSettings
  balance?: BalanceOptions
}) {
  const { redis, keys, configs, views, commands, clock, settings } = opts
  const k = keys.live
  const acceptance = opts.balance?.acceptance ?? BALANCE_DEFAULTS.acceptance
  /** The banner each hall was last sent, for counting who followed it. */
  const banners = new Map<string, Guidance[]>()

  const itemOf = (code: string): Item => {
    const item = configs.catalogue.items.find((i) => i.code === code)
    if (item === undefined)
      throw new QmsError('UNKNOWN_ITEM', `no item ${code} in the catalogue`, { path: '/item' })
    return item
  }

  const settingsOf = async (site: string): Promise<GuidanceSettings> => {
    const h = await redis.hgetall(k.guidance(site))
    let manual: ManualNotice[] = []
    try {
      manual = h.manual === undefined ? [] : (JSON.parse(h.manual) as ManualNotice[])
    } catch {
      manual = []
    }
    const diversion = h.diversion === undefined ? settings.diversionDefault : h.diversion === '1'
    return { diversion, manual }
  }

  const banner = async (site: string): Promise<Guidance[]> => {
    const model = configs.model(site)
    if (model === undefined) return []
    const [view, s] = await Promise.all([views.view(), settingsOf(site)])
    return bannerOf({
      model,
      snapshot: view.snapshots.get(site),
      view,
      diversion: s.diversion,
      manual: s.manual,
      busyMinutes: settings.busyMinutes,
      now: clock.now(),
      ...(opts.balance === undefined ? {} : { balance: opts.balance }),
    })
  }

  /**
   * Sends the hall its banner when it differs from the last one sent, or that one is half-way to
   * its expiry (or always with `force`). Answers the banner and the command, if one was sent.
   */
  const publish = async (
    site: string,
    force = false,
  ): Promise<{ items: Guidance[]; command?: CloudCommandOf<'guidance'> }> => {
    const items = await banner(site)
    banners.set(site, items)
    const hash = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 16)
    const now = clock.now()
    const [sent, sentAt] = await redis.hmget(k.guidance(site), 'sent', 'sentAt')
    const due = now - Number(sentAt ?? 0) >= settings.guidanceTtlMs / 2
    if (!force && sent === hash && !due) return { items }
    const command = await commands.send(site, 'guidance', { items }, settings.guidanceTtlMs)
    await redis.hset(k.guidance(site), 'sent', hash, 'sentAt', String(now))
    return { items, command }
  }

  return {
    itemOf,
    settingsOf,
    banner,
    publish,
    /** Turns the hall's suggestions of other halls on or off, tells its edge, resends the banner. */
    async setDiversion(site: string, on: boolean) {
      await redis.hset(k.guidance(site), 'diversion', on ? '1' : '0')
      views.invalidate()
      const command = await commands.send(site, 'config', { diversion: on }, 86_400_000)
      const sent = await publish(site, true)
      return { command, guidance: sent.items }
    },
    /** Puts a manager's text on the hall's banner (newest first, at most four). */
    async addNotice(site: string, notice: ManualNotice) {
      const now = clock.now()
      if (notice.until !== undefined && Date.parse(notice.until) <= now)
        throw new QmsError('BAD_REQUEST', 'until: already past', { path: '/until' })
      const current = (await settingsOf(site)).manual.filter(
        (n) => n.until === undefined || Date.parse(n.until) > now,
      )
      const manual = [notice, ...current].slice(0, MAX_MANUAL)
      await redis.hset(k.guidance(site), 'manual', JSON.stringify(manual))
      return await publish(site, true)
    },
    /** Where a person should go for an item, from a hall or a place (or anywhere). */
    async recommend(code: string, from: From, priority?: Priority): Promise<RecommendationResult> {
      const item = itemOf(code)
      const view = await views.view()
      if ('site' in from && !view.halls.has(from.site))
        throw new QmsError('NOT_FOUND', `no hall ${from.site}`, { path: '/site' })
      return recommendFor(view, item, from, {
        now: clock.now(),
        ...(priority === undefined ? {} : { priority }),
        ...(opts.balance === undefined ? {} : { balance: opts.balance }),
      }).result
    },
    /** The hall to take a number at for someone who did not choose one. */
    async choose(code: string, from: From, priority?: Priority) {
      const item = itemOf(code)
      const view = await views.view()
      if (![...view.halls.values()].some((h) => h.offers(code)))
        throw new QmsError('ITEM_NOT_OFFERED', `no hall offers ${code}`, { path: '/item' })
      const chosen = chooseHall(view, item, from, {
        now: clock.now(),
        ...(priority === undefined ? {} : { priority }),
        ...(opts.balance === undefined ? {} : { balance: opts.balance }),
      })
      if (chosen === undefined)
        throw new QmsError('HALL_CLOSED', `no hall that offers ${code} can take it now`)
      return chosen
    },
    /**
     * People who took a number under a banner that suggested another hall for their category:
     * each counts, with the share that follows advice, as on the way there.
     */
    async countArrivals(site: string, arrivals: Array<{ category: string; at: number }>) {
      const banner = banners.get(site) ?? []
      for (const a of arrivals) {
        const g = banner.find((b) => b.kind === 'hall' && b.category === a.category)
        if (g?.site === undefined) continue
        const eta = a.at + (g.travelMin ?? 0) * 60_000
        await views.addPending(g.site, a.category, eta, acceptance)
      }
    },
    /** The banner last computed for a hall on this instance. */
    lastBanner: (site: string) => banners.get(site),
  }
}

export type GuidanceService = ReturnType<typeof createGuidanceService>
