import { CloudHealth } from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

export interface ServiceRoutesOptions {
  health(): Promise<CloudHealth>
  registry: Registry
}

/** `/healthz` (503 when NATS or Redis is away) and `/metrics` (Prometheus). */
export async function serviceRoutes(
  app: FastifyInstance,
  opts: ServiceRoutesOptions,
): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['service'],
        summary: 'Health of this instance',
        response: { 200: Type.Ref(CloudHealth), 503: Type.Ref(CloudHealth) },
      },
    },
    async (_request, reply) => {
      const health = await opts.health()
      reply.status(health.status === 'ok' ? 200 : 503)
      return health
    },
  )
  app.get(
    '/metrics',
    { schema: { tags: ['service'], summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      reply.type(opts.registry.contentType)
      // Sent as text: the route's serializer would quote it.
      return reply.send(await opts.registry.metrics())
    },
  )
}
