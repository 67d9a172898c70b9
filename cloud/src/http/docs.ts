import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  Catalogue,
  CLOUD_HTTP_SCHEMAS,
  CloudCommand,
  CONSOLE_HTTP_SCHEMAS,
  ErrorBodySchema,
  EventEnvelope,
  HallSnapshot,
  PROTOCOL_VERSION,
  RpcReplayRequest,
  RpcTakeRequest,
  TakeResult,
  TicketStatus,
} from '@qms/protocol'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

/**
 * Every protocol schema the cloud's API and its NATS side speak, registered by `$id`: routes
 * refer to them (`Type.Ref`) and the OpenAPI document at /docs/json lists them as components.
 */
export const DOC_SCHEMAS: TSchema[] = [
  ...CLOUD_HTTP_SCHEMAS,
  ...CONSOLE_HTTP_SCHEMAS,
  Catalogue,
  ErrorBodySchema,
  EventEnvelope,
  CloudCommand,
  HallSnapshot,
  TakeResult,
  TicketStatus,
  RpcTakeRequest,
  RpcReplayRequest,
]

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Hall queue system — cloud API',
        description:
          '政务大厅排队叫号系统云端接口: the live picture of every hall, figures, and taking a number from a phone.',
        version: `${PROTOCOL_VERSION}`,
      },
      tags: [
        { name: 'sites', description: 'Halls (服务点) and their live state' },
        { name: 'tickets', description: 'Taking a number from a phone (掌上取号)' },
        { name: 'service', description: 'Health and metrics' },
        { name: 'console', description: 'Signing in to the data cockpit (数据驾驶舱登录)' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  })
  for (const schema of DOC_SCHEMAS) app.addSchema(schema)
  await app.register(swaggerUi, { routePrefix: '/docs' })
}
