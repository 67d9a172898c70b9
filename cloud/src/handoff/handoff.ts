import {
  type Clock,
  type HandoffResult,
  QmsError,
  type TakeResult,
  type TicketState,
} from '@qms/protocol'
import type { Redis } from 'ioredis'
import { candidates, spanAt } from '../balance/index.js'
import type { CommandSender } from '../commands/sender.js'
import type { DistrictViews } from '../guidance/district-view.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { LiveMetrics } from '../live/metrics.js'
import type { LiveSettings } from '../live/settings.js'
import type { LiveStore } from '../predict-service/live-store.js'
import type { RedisKeys } from '../projections/keys.js'
import type { RpcClient } from '../rpc/client.js'
import { ticketLinks } from './links.js'

/*
 * Ticket hand-off: a person waiting at hall A with ticket T goes to hall B and keeps their place.
 * Hall B issues a ticket on the hand-off channel (RPC `take`, naming A and T), then hall A gets
 * the order to close T as transferred (`handoffDone`, a stored command: an offline hall gets it
 * when it is back). Idempotent by the caller's request id: a repeat returns the first answer, and
 * a repeat after a half-done attempt finishes it (hall B's take is itself idempotent by the id).
 * Refused when B does not offer the item (or the item may not be handled at another hall), or B
 * is closed when the person gets there or closes before it would call them.
 */

interface HandoffRecord {
  state: 'taken' | 'done'
  fromSite: string
  fromTicket: string
  toSite: string
  result: HandoffResult
}

const WAITING: ReadonlySet<TicketState> = new Set(['waiting', 'parked'])
const KEEP_SEC = 2 * 86_400

export function createHandoffService(opts: {
  redis: Redis
  keys: RedisKeys
  rpc: RpcClient
  commands: CommandSender
  configs: HallConfigs
  views: DistrictViews
  store: LiveStore
  clock: Clock
  settings: LiveSettings
  metrics: LiveMetrics
}) {
  const { redis, keys, rpc, commands, configs, views, store, clock, settings } = opts

  /** The ticket at its hall: the cloud's status, else the hall's own answer. */
  const ticketAt = async (site: string, ticket: string) => {
    const model = configs.model(site)!
    const day = (await redis.hget(keys.info(site), 'day')) ?? model.dayOf(clock.now())
    const known = await store.status(site, day, ticket)
    if (known !== undefined)
      return { item: known.item, priority: known.priority, state: known.state }
    const s = await rpc.request(site, 'ticket', { ticket })
    return { item: s.item, priority: s.priority, state: s.state }
  }

  const close = async (rec: HandoffRecord, reqId: string): Promise<HandoffResult> => {
    let closed = true
    try {
      await commands.send(
        rec.fromSite,
        'handoffDone',
        { ticket: rec.fromTicket, toSite: rec.toSite, toTicket: rec.result.ticket.ticket },
        settings.handoffTtlMs,
      )
    } catch {
      closed = false // stays "taken": a repeat of the request sends the order again
    }
    const result = { ...rec.result, closed }
    if (closed)
      await redis.set(
        keys.live.handoff(reqId),
        JSON.stringify({ ...rec, state: 'done', result }),
        'EX',
        KEEP_SEC,
      )
    opts.metrics.handoffs.inc({ result: closed ? 'ok' : 'open' })
    return result
  }

  return {
    async handoff(
      fromSite: string,
      fromTicket: string,
      toSite: string,
      reqId: string,
    ): Promise<HandoffResult> {
      if (toSite === fromSite)
        throw new QmsError('BAD_REQUEST', 'toSite: another hall than the ticket’s', {
          path: '/toSite',
        })
      const from = configs.model(fromSite)
      if (from === undefined) throw new QmsError('NOT_FOUND', `no hall ${fromSite}`)
      const to = configs.model(toSite)
      if (to === undefined)
        throw new QmsError('NOT_FOUND', `no hall ${toSite}`, { path: '/toSite' })
      const kept = await redis.get(keys.live.handoff(reqId))
      if (kept !== null) {
        const rec = JSON.parse(kept) as HandoffRecord
        if (rec.fromSite !== fromSite || rec.fromTicket !== fromTicket || rec.toSite !== toSite)
          throw new QmsError('CONFLICT', `request ${reqId} was another hand-off`, {
            path: '/reqId',
          })
        return rec.state === 'done' ? rec.result : await close(rec, reqId)
      }
      const t = await ticketAt(fromSite, fromTicket)
      if (!WAITING.has(t.state))
        throw new QmsError('TICKET_NOT_WAITING', `${fromTicket} is ${t.state}, not waiting`)
      const item = to.items.get(t.item)
      if (item === undefined || !to.offered.has(t.item))
        throw new QmsError('ITEM_NOT_OFFERED', `${toSite} does not offer ${t.item}`, {
          path: '/toSite',
        })
      if (!item.anywhere)
        throw new QmsError('ITEM_NOT_OFFERED', `${t.item} is handled only at its own hall`, {
          path: '/toSite',
        })
      const now = clock.now()
      const view = await views.view()
      const target = view.halls.get(toSite)
      const c = candidates({
        now,
        item,
        priority: t.priority,
        from: { site: fromSite },
        halls: view.halls,
      }).find((x) => x.site === toSite)
      const travelMin = c !== undefined && Number.isFinite(c.travelMin) ? c.travelMin : 0
      const arrive = now + travelMin * 60_000
      if (target !== undefined && spanAt(target, arrive) === undefined)
        throw new QmsError('HALL_CLOSED', `${toSite} is closed when you would get there`, {
          path: '/toSite',
        })
      if (c?.rejected === 'closes')
        throw new QmsError('HALL_CLOSED', `${toSite} stops before it would call you`, {
          path: '/toSite',
        })
      let ticket: TakeResult
      try {
        ticket = await rpc.request(toSite, 'take', {
          reqId: `h-${reqId}`.slice(0, 80),
          item: t.item,
          priority: t.priority,
          channel: 'handoff',
          handoff: { fromSite, fromTicket },
        })
      } catch (err) {
        opts.metrics.handoffs.inc({ result: 'refused' })
        throw err
      }
      const result: HandoffResult = {
        reqId,
        fromSite,
        fromTicket,
        site: toSite,
        siteName: to.hall.name,
        ticket,
        travelMin: Math.round(travelMin * 10) / 10,
        arrival: {
          from: new Date(arrive).toISOString(),
          to: new Date(arrive + settings.handoffGraceMinutes * 60_000).toISOString(),
        },
        closed: false,
        links: ticketLinks(toSite, ticket.ticket, settings.statusPagePath),
      }
      const rec: HandoffRecord = { state: 'taken', fromSite, fromTicket, toSite, result }
      await redis.set(keys.live.handoff(reqId), JSON.stringify(rec), 'EX', KEEP_SEC)
      return await close(rec, reqId)
    },
  }
}

export type HandoffService = ReturnType<typeof createHandoffService>
