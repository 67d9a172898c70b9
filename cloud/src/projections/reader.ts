import type {
  Clock,
  DayFigures,
  ItemQueue,
  OpenTicket,
  SiteDetail,
  SiteLink,
  SiteList,
  SiteSummary,
  TicketHistoryEntry,
} from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { District } from '../district/district.js'
import type { Checkpoint, StoredSite } from './codec.js'
import { decodeSite, parseCheckpoint } from './codec.js'
import { dayFigures } from './figures.js'
import type { RedisKeys } from './keys.js'
import { localTime } from './local-time.js'
import type { SiteState, TicketRecord } from './state.js'

/*
 * Reads the projections for the HTTP API and for the parts of the cloud that learn from them
 * (predictor, balancer, alerts). Everything here reads Redis only; any instance can answer for
 * any hall.
 */

export interface HistoryQuery {
  /** Newest first, at most this many (default 500, at most 10 000). */
  count?: number
  /** Only this item. */
  item?: string
}

export interface ProjectionReader {
  /** Every hall: configured ones and those whose events were applied. */
  siteIds(): Promise<string[]>
  list(): Promise<SiteList>
  summary(site: string): Promise<SiteSummary | undefined>
  detail(site: string): Promise<SiteDetail | undefined>
  /** The hall's live state with every open ticket's issue features, as the projection holds it. */
  live(site: string): Promise<SiteState>
  checkpoint(site: string): Promise<Checkpoint>
  /** A hall's figures of a local day (default: today in the hall's zone). */
  day(site: string, day?: string): Promise<DayFigures>
  /** Finished tickets, newest first. */
  history(site: string, query?: HistoryQuery): Promise<TicketHistoryEntry[]>
  /** The hall's local day now. */
  today(site: string): string
}

/** A link check older than this means no instance is watching the hall: shown as not connected. */
const LINK_STALE_MS = 30_000

const OPEN_TICKET_FIELDS = [
  'ticket',
  'item',
  'category',
  'priority',
  'channel',
  'state',
  'issuedAt',
  'queuedAt',
  'window',
  'calledAt',
  'startedAt',
  'recalls',
  'ahead',
] as const

function openTicket(record: TicketRecord): OpenTicket {
  const out: Record<string, unknown> = {}
  for (const f of OPEN_TICKET_FIELDS) if (record[f] !== undefined) out[f] = record[f]
  return out as OpenTicket
}

export function createProjectionReader(opts: {
  redis: Redis
  keys: RedisKeys
  district: District
  clock: Clock
}): ProjectionReader {
  const { redis, keys, district, clock } = opts
  const zone = (site: string) => district.sites.get(site)?.timezone ?? district.timezone

  async function stored(site: string): Promise<{
    stored: StoredSite
    link: Record<string, string>
    rejected: Record<string, string>
  }> {
    const results = await redis
      .pipeline()
      .hgetall(keys.checkpoint(site))
      .hgetall(keys.info(site))
      .hgetall(keys.windows(site))
      .hgetall(keys.tickets(site))
      .hgetall(keys.devices(site))
      .hgetall(keys.link(site))
      .hgetall(keys.rejected(site))
      .exec()
    const v = (results ?? []).map(([err, value]) => {
      if (err) throw err
      return value as Record<string, string>
    })
    return {
      stored: { checkpoint: v[0]!, info: v[1]!, windows: v[2]!, tickets: v[3]!, devices: v[4]! },
      link: v[5]!,
      rejected: v[6]!,
    }
  }

  function link(hash: Record<string, string>): SiteLink {
    const fresh = clock.now() - Number(hash.checkedAt ?? 0) < LINK_STALE_MS
    const out: SiteLink = {
      connected: fresh && hash.connected === '1',
      pendingEvents: Number(hash.pending ?? 0),
    }
    if (hash.seenAt !== undefined) out.seenAt = hash.seenAt
    if (hash.gapFrom !== undefined && hash.gapFrom !== '') out.gapFrom = Number(hash.gapFrom)
    return out
  }

  function today(site: string): string {
    return localTime(clock.now(), zone(site)).day
  }

  async function figures(site: string, day: string): Promise<DayFigures> {
    return dayFigures(day, await redis.hgetall(keys.day(site, day)))
  }

  function summarize(
    site: string,
    state: SiteState,
    linkHash: Record<string, string>,
    issuedToday: number,
  ): SiteSummary {
    const configured = district.sites.get(site)
    let waiting = 0
    let serving = 0
    for (const t of state.tickets.values()) {
      if (t.state === 'waiting') waiting++
      else if (t.state === 'serving') serving++
    }
    let windowsOpen = 0
    for (const w of state.windows.values()) if (w.state !== 'closed') windowsOpen++
    const summary: SiteSummary = {
      id: site,
      configured: configured !== undefined,
      seq: state.seq,
      link: link(linkHash),
      waiting,
      windowsOpen,
      serving,
      issuedToday,
    }
    const name = state.info.name ?? configured?.name
    if (name !== undefined) summary.name = name
    const nameEn = configured?.nameEn ?? state.info.nameEn
    if (nameEn !== undefined) summary.nameEn = nameEn
    const kind = state.info.kind ?? configured?.kind
    if (kind !== undefined) summary.kind = kind
    if (configured?.location !== undefined) summary.location = configured.location
    if (configured?.address !== undefined) summary.address = configured.address
    if (state.ts !== undefined) summary.lastEventAt = state.ts
    return summary
  }

  async function siteIds(): Promise<string[]> {
    const seen = await redis.smembers(keys.sites)
    return [...new Set([...district.sites.keys(), ...seen])].sort()
  }

  async function summary(site: string): Promise<SiteSummary | undefined> {
    const { stored: s, link: l } = await stored(site)
    if (!district.sites.has(site) && Object.keys(s.checkpoint).length === 0) return undefined
    const state = decodeSite(site, zone(site), s)
    const day = today(site)
    const issued = Number((await redis.hget(keys.day(site, day), 'issued')) ?? 0)
    return summarize(site, state, l, issued)
  }

  return {
    siteIds,
    today,
    async list() {
      const ids = await siteIds()
      const sites = (await Promise.all(ids.map(summary))).filter(
        (s): s is SiteSummary => s !== undefined,
      )
      return { total: sites.length, sites }
    },
    summary,
    async detail(site) {
      const { stored: s, link: l, rejected } = await stored(site)
      if (!district.sites.has(site) && Object.keys(s.checkpoint).length === 0) return undefined
      const state = decodeSite(site, zone(site), s)
      const day = today(site)
      const todayFigures = await figures(site, day)
      const queues = new Map<string, ItemQueue>()
      const waiting = [...state.tickets.values()]
        .filter((t) => t.state === 'waiting' || t.state === 'parked')
        .sort((a, b) => (a.queuedAt ?? a.issuedAt).localeCompare(b.queuedAt ?? b.issuedAt))
      for (const t of waiting) {
        let q = queues.get(t.item)
        if (q === undefined) {
          q = { item: t.item, category: t.category, waiting: 0, tickets: [] }
          queues.set(t.item, q)
        }
        if (t.state === 'waiting') q.waiting++
        q.tickets.push(openTicket(t))
      }
      const checkpoint = parseCheckpoint(s.checkpoint)
      const detail: SiteDetail = {
        ...summarize(site, state, l, todayFigures.issued),
        windows: [...state.windows.values()].sort((a, b) =>
          a.no.localeCompare(b.no, 'en', { numeric: true }),
        ),
        queues: [...queues.values()].sort((a, b) => a.item.localeCompare(b.item)),
        calls: state.calls,
        devices: [...state.devices.values()].sort((a, b) => a.id.localeCompare(b.id)),
        today: todayFigures,
        applied: checkpoint.applied,
        skipped: checkpoint.skipped,
        rejected: Object.fromEntries(Object.entries(rejected).map(([k, v]) => [k, Number(v)])),
      }
      if (state.day !== undefined) detail.day = state.day
      return detail
    },
    async live(site) {
      return decodeSite(site, zone(site), (await stored(site)).stored)
    },
    async checkpoint(site) {
      return parseCheckpoint(await redis.hgetall(keys.checkpoint(site)))
    },
    day: (site, day) => figures(site, day ?? today(site)),
    async history(site, query = {}) {
      const count = Math.min(Math.max(1, query.count ?? 500), 10_000)
      const out: TicketHistoryEntry[] = []
      let end = '+'
      // Page backwards until enough entries of the item are found or the stream ends.
      for (;;) {
        const page = await redis.xrevrange(keys.history(site), end, '-', 'COUNT', 1000)
        for (const [, fields] of page) {
          const json = fields[fields.indexOf('r') + 1]
          if (json === undefined) continue
          const entry = JSON.parse(json) as TicketHistoryEntry
          if (query.item === undefined || entry.item === query.item) out.push(entry)
          if (out.length >= count) return out
        }
        if (page.length < 1000) return out
        const lastId = page[page.length - 1]![0]
        end = `(${lastId}`
      }
    },
  }
}
