import type { CloudHealth } from '@qms/protocol'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'
import type { ProjectionReader } from '../projections/reader.js'
import type { RpcClient } from '../rpc/client.js'
import { installCompilers } from './compilers.js'
import { DOC_SCHEMAS, registerDocs } from './docs.js'
import { installErrorHandling } from './errors.js'
import { serviceRoutes } from './routes/service.js'
import { siteRoutes } from './routes/sites.js'
import { virtualTicketRoutes } from './routes/virtual-tickets.js'

export interface HttpOptions {
  reader: ProjectionReader
  rpc: RpcClient
  registry: Registry
  health(): Promise<CloudHealth>
  logger?: FastifyBaseLogger
}

/**
 * The cloud's HTTP API (fastify), built but not listening: routes, OpenAPI at /docs, protocol
 * error bodies. More routes (console, predictions, alerts) are added on the returned instance.
 */
export async function buildHttp(opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger === undefined ? { logger: false } : { loggerInstance: opts.logger }),
    bodyLimit: 64 * 1024,
    // Ticket numbers and hall ids are case-sensitive; keep routes exact.
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true },
  })
  installCompilers(app, DOC_SCHEMAS)
  installErrorHandling(app)
  await registerDocs(app)
  await app.register(serviceRoutes, { health: opts.health, registry: opts.registry })
  await app.register(siteRoutes, { reader: opts.reader })
  await app.register(virtualTicketRoutes, { rpc: opts.rpc })
  return app
}
