import { randomBytes } from 'node:crypto'
import { ErrorBodySchema, TakeResult, VirtualTicketRequest } from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RpcClient } from '../../rpc/client.js'

/**
 * Taking a number from a phone: the hall issues the ticket and answers at once over NATS. A hall
 * that cannot be reached gives 503 UNAVAILABLE within the RPC timeout (about 2 s), never a hang.
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
        summary: 'Take a number at a hall from a phone',
        body: Type.Ref(VirtualTicketRequest),
        response: {
          201: Type.Ref(TakeResult),
          400: Type.Ref(ErrorBodySchema),
          503: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request, reply) => {
      const body = request.body
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
