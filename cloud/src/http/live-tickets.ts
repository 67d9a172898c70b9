import type { Clock, ClockTimer, VirtualTicketStatus } from '@qms/protocol'
import {
  ErrorBodySchema,
  HandoffRequest,
  HandoffResult,
  SiteId,
  VirtualTicketStatus as StatusSchema,
  TicketNo,
} from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { HandoffService } from '../handoff/handoff.js'
import type { LiveMetrics } from '../live/metrics.js'
import type { TicketFeeds } from '../live/ticket-feed.js'
import type { VirtualTickets } from '../live/virtual-tickets.js'
import type { RateLimits } from './rate-limit.js'

/*
 * A ticket for the phone page: its status (`near` when at most three are ahead), a live feed of
 * it as server-sent events (`event: status` on every change, `event: end` once it is over, a
 * comment line while idle), and the hand-off of a waiting ticket to another hall.
 */

export interface LiveTicketOptions {
  tickets: VirtualTickets
  handoffs: HandoffService
  feeds: TicketFeeds
  limits: RateLimits
  rate: { reads: number; takes: number; streams: number }
  clock: Clock
  heartbeatMs: number
  metrics: LiveMetrics
}

const Params = Type.Object({ site: SiteId, ticket: TicketNo }, { additionalProperties: false })
const errors = {
  400: Type.Ref(ErrorBodySchema),
  404: Type.Ref(ErrorBodySchema),
  409: Type.Ref(ErrorBodySchema),
  429: Type.Ref(ErrorBodySchema),
  503: Type.Ref(ErrorBodySchema),
}

export async function liveTicketRoutes(app: FastifyInstance, opts: LiveTicketOptions) {
  const { tickets, handoffs, feeds, limits, clock } = opts

  app.get<{ Params: { site: string; ticket: string } }>(
    '/api/virtual-tickets/:site/:ticket',
    {
      preHandler: limits.hook('read', opts.rate.reads),
      schema: {
        tags: ['tickets'],
        summary: 'Where a ticket stands: state, people ahead, predicted wait, window when called',
        params: Params,
        response: { 200: Type.Ref(StatusSchema), ...errors },
      },
    },
    async (request) => await tickets.status(request.params.site, request.params.ticket),
  )

  app.get<{ Params: { site: string; ticket: string } }>(
    '/api/virtual-tickets/:site/:ticket/events',
    {
      preHandler: limits.hook('stream', opts.rate.streams),
      schema: {
        tags: ['tickets'],
        summary: 'Live feed of a ticket (text/event-stream): `status` events, `end` when over',
        params: Params,
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const { site, ticket } = request.params
      // Errors (unknown ticket, hall away) are answered as JSON before the stream opens.
      const first = await tickets.status(site, ticket)
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      let last = ''
      let ended = false
      let heartbeat: ClockTimer | undefined
      let unwatch: (() => void) | undefined
      const finish = () => {
        if (ended) return
        ended = true
        if (heartbeat !== undefined) clock.clearTimeout(heartbeat)
        unwatch?.()
        opts.metrics.sseClients.dec()
        res.end()
      }
      const beat = () => {
        heartbeat = clock.setTimeout(() => {
          if (ended) return
          res.write(': ping\n\n')
          beat()
        }, opts.heartbeatMs)
        heartbeat.unref?.()
      }
      const send = (s: VirtualTicketStatus) => {
        if (ended) return
        const json = JSON.stringify(s)
        const sig = JSON.stringify({ ...s, updatedAt: '' })
        if (sig !== last) {
          last = sig
          res.write(`event: status\ndata: ${json}\n\n`)
        }
        if (tickets.isEnded(s)) {
          res.write('event: end\ndata: {}\n\n')
          finish()
        }
      }
      opts.metrics.sseClients.inc()
      res.on('close', finish)
      res.write('retry: 3000\n\n')
      send(first)
      if (ended) return
      beat()
      unwatch = await feeds.watch(site, ticket, (day) => {
        void tickets
          .cloudStatus(site, day, ticket)
          .then((s) => s !== undefined && send(s))
          .catch(() => undefined)
      })
      if (ended) unwatch()
    },
  )

  app.post<{ Params: { site: string; ticket: string }; Body: HandoffRequest }>(
    '/api/virtual-tickets/:site/:ticket/handoff',
    {
      preHandler: limits.hook('take', opts.rate.takes),
      schema: {
        tags: ['tickets'],
        summary:
          'Hand a waiting ticket to another hall, keeping the place: a ticket there, this one closed',
        params: Params,
        body: Type.Ref(HandoffRequest),
        response: { 201: Type.Ref(HandoffResult), ...errors },
      },
    },
    async (request, reply) => {
      const { site, ticket } = request.params
      const result = await handoffs.handoff(site, ticket, request.body.toSite, request.body.reqId)
      reply.status(201)
      return result
    },
  )
}
