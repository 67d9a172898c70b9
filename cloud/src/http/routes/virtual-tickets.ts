import { randomBytes } from 'node:crypto'
import { ErrorBodySchema, QmsError, type VirtualTicket, VirtualTicketRequest } from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { RpcClient } from '../../rpc/client.js'

/**
 * What the live cloud adds to taking a number from a phone: choosing the hall when none is
 * asked for, the hall's name and the links to follow the ticket, a rate limit per caller. The
 * live plugin provides it (`provideVirtualTickets`) after the routes are built.
 */
export interface VirtualTicketTaker {
  take(
    body: VirtualTicketRequest,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<VirtualTicket>
}

const TAKER = 'qmsVirtualTickets'

/** Lets the live cloud take phone numbers on this app's route. */
export function provideVirtualTickets(app: FastifyInstance, taker: VirtualTicketTaker): void {
  app.decorate(TAKER, taker)
}

function takerOf(app: FastifyInstance): VirtualTicketTaker | undefined {
  return app.hasDecorator(TAKER)
    ? ((app as unknown as Record<string, VirtualTicketTaker>)[TAKER] as VirtualTicketTaker)
    : undefined
}

/**
 * Taking a number from a phone: the hall issues the ticket and answers at once over NATS. A hall
 * that cannot be reached gives 503 UNAVAILABLE within the RPC timeout (about 2 s), never a hang.
 * Without the live cloud the hall must be named.
 */
export async function virtualTicketRoutes(
  app: FastifyInstance,
  opts: { rpc: RpcClient },
): Promise<void> {
  app.post<{ Body: VirtualTicketRequest }>(
    '/api/virtual-tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Take a number at a hall from a phone (the system chooses the hall without site)',
        body: Type.Ref(VirtualTicketRequest),
        response: {
          201: Type.Ref('VirtualTicket'),
          400: Type.Ref(ErrorBodySchema),
          409: Type.Ref(ErrorBodySchema),
          429: Type.Ref(ErrorBodySchema),
          503: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request, reply) => {
      const body = request.body
      const taker = takerOf(request.server)
      if (taker !== undefined) {
        const ticket = await taker.take(body, request, reply)
        reply.status(201)
        return ticket
      }
      if (body.site === undefined)
        throw new QmsError('BAD_REQUEST', 'site: name the hall', { path: '/site' })
      const result = await opts.rpc.request(body.site, 'take', {
        reqId: body.reqId ?? `m-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
        item: body.item,
        channel: 'mobile',
        ...(body.priority === undefined ? {} : { priority: body.priority }),
        ...(body.personId === undefined ? {} : { personId: body.personId }),
      })
      reply.status(201)
      return result
    },
  )
}
