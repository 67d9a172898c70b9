import { randomBytes } from 'node:crypto'
import {
  type Clock,
  QmsError,
  type TicketStatus,
  type VirtualTicket,
  type VirtualTicketRequest,
  type VirtualTicketStatus,
} from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { GuidanceService } from '../guidance/service.js'
import { ticketLinks } from '../handoff/links.js'
import type { LiveStore } from '../predict-service/live-store.js'
import type { StoredStatus } from '../predict-service/statuses.js'
import type { RedisKeys } from '../projections/keys.js'
import type { RpcClient } from '../rpc/client.js'
import type { HallConfigs } from './hall-configs.js'
import type { LiveMetrics } from './metrics.js'
import type { LiveSettings } from './settings.js'

/*
 * Numbers taken from phones and the status of any ticket for the phone page. A take goes to the
 * hall as an RPC (the edge issues the ticket: the hall stays the authority), to the hall the
 * person named or, when none, the one the balancer chooses for them — the same one again for a
 * repeated request id. A status comes from the cloud's live view (kept by the hall's owner at
 * every refresh); a ticket the cloud has not seen yet is asked of the hall.
 */

const ENDED = new Set(['done', 'noshow', 'transferred', 'cancelled'])

export function createVirtualTickets(opts: {
  redis: Redis
  keys: RedisKeys
  rpc: RpcClient
  configs: HallConfigs
  guidance: GuidanceService
  store: LiveStore
  clock: Clock
  settings: LiveSettings
  metrics: LiveMetrics
}) {
  const { redis, keys, rpc, configs, guidance, store, clock, settings } = opts

  /** A hall the cloud knows (configured, or announced by its edge). */
  const knownHall = (site: string) => {
    if (configs.get(site) === undefined)
      throw new QmsError('NOT_FOUND', `no hall ${site}`, { path: '/site' })
  }

  const dayOf = async (site: string) =>
    (await redis.hget(keys.info(site), 'day')) ??
    configs.model(site)?.dayOf(clock.now()) ??
    new Date(clock.now()).toISOString().slice(0, 10)

  const publicStatus = (
    site: string,
    s: Omit<StoredStatus, 'seq'> & { seq?: number },
    source: 'cloud' | 'hall',
  ): VirtualTicketStatus => {
    const model = configs.model(site)
    const out: VirtualTicketStatus = {
      site,
      ticket: s.ticket,
      item: s.item,
      category: s.category,
      priority: s.priority,
      state: s.state,
      ahead: s.ahead,
      near:
        (s.state === 'waiting' && s.ahead <= settings.nearAhead) ||
        s.state === 'called' ||
        s.state === 'serving',
      updatedAt: s.updatedAt,
      source,
    }
    if (model !== undefined) out.siteName = model.hall.name
    const itemName = configs.catalogue.items.find((i) => i.code === s.item)?.name
    if (itemName !== undefined) out.itemName = itemName
    if (s.channel !== undefined) out.channel = s.channel
    if (s.issuedAt !== undefined) out.issuedAt = s.issuedAt
    if (s.wait !== undefined) out.wait = s.wait
    if (s.window !== undefined) out.window = s.window
    if (s.calledAt !== undefined) out.calledAt = s.calledAt
    if (s.endedAt !== undefined) out.endedAt = s.endedAt
    if (s.toSite !== undefined) out.toSite = s.toSite
    if (s.toTicket !== undefined) out.toTicket = s.toTicket
    return out
  }

  const fromHall = (site: string, s: TicketStatus): VirtualTicketStatus =>
    publicStatus(
      site,
      {
        ...s,
        updatedAt: new Date(clock.now()).toISOString(),
        ...(s.wait === undefined ? {} : { wait: s.wait }),
      },
      'hall',
    )

  return {
    /** The ticket's status: the cloud's view, else the hall's answer (404, 503 from the hall). */
    async status(site: string, ticket: string): Promise<VirtualTicketStatus> {
      knownHall(site)
      const known = await store.status(site, await dayOf(site), ticket)
      if (known !== undefined) return publicStatus(site, known, 'cloud')
      return fromHall(site, await rpc.request(site, 'ticket', { ticket }))
    },
    /** The status as the cloud last wrote it for a day (the live feed), if any. */
    async cloudStatus(site: string, day: string, ticket: string) {
      const s = await store.status(site, day, ticket)
      return s === undefined ? undefined : publicStatus(site, s, 'cloud')
    },
    dayOf,
    isEnded: (s: VirtualTicketStatus) => ENDED.has(s.state),
    /** Takes a number at the named hall, or at the one chosen for the person. */
    async take(body: VirtualTicketRequest): Promise<VirtualTicket> {
      const reqId = body.reqId ?? `m-${clock.now().toString(36)}-${randomBytes(4).toString('hex')}`
      if ((body.lat === undefined) !== (body.lng === undefined))
        throw new QmsError('BAD_REQUEST', 'lat and lng come together', {
          path: body.lat === undefined ? '/lat' : '/lng',
        })
      let site = body.site
      let chosen = false
      if (site === undefined) {
        chosen = true
        const kept = body.reqId === undefined ? null : await redis.get(keys.live.choice(reqId))
        if (kept !== null) site = kept
        else {
          const from =
            body.lat !== undefined && body.lng !== undefined
              ? { location: { lat: body.lat, lng: body.lng } }
              : { anywhere: true as const }
          site = (await guidance.choose(body.item, from, body.priority)).site
          // The same request id goes to the same hall, whatever the waits do meanwhile.
          if (body.reqId !== undefined) {
            const set = await redis.set(keys.live.choice(reqId), site, 'EX', 86_400, 'NX')
            if (set === null) site = (await redis.get(keys.live.choice(reqId))) ?? site
          }
        }
      }
      knownHall(site)
      const model = configs.model(site)
      try {
        const result = await rpc.request(site, 'take', {
          reqId,
          item: body.item,
          channel: 'mobile',
          ...(body.priority === undefined ? {} : { priority: body.priority }),
          ...(body.personId === undefined ? {} : { personId: body.personId }),
        })
        opts.metrics.virtualTickets.inc({ result: 'ok' })
        return {
          ...result,
          site,
          ...(model === undefined ? {} : { siteName: model.hall.name }),
          chosen,
          links: ticketLinks(site, result.ticket, settings.statusPagePath),
        }
      } catch (err) {
        opts.metrics.virtualTickets.inc({
          result: err instanceof QmsError ? err.code : 'INTERNAL',
        })
        throw err
      }
    },
  }
}

export type VirtualTickets = ReturnType<typeof createVirtualTickets>
