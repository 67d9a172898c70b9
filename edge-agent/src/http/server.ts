import websocket from '@fastify/websocket'
import {
  EdgeCatalogue,
  EdgeErrorReply,
  EdgeHealth,
  EdgeState,
  EdgeTakeRequest,
  EdgeTicketParams,
  ERROR_CODES,
  type ErrorBody,
  QmsError,
  TakeResult,
  TicketStatus,
} from '@qms/protocol'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify'
import type { Logger } from 'pino'
import type { HttpBackend } from './backend.js'

export interface HttpServerOptions {
  backend: HttpBackend
  host?: string
  port?: number
  logger?: Logger
  /** Largest request body, bytes (default 16 KiB). */
  bodyLimit?: number
  /** Registers more routes (the hall pages) before the server listens. */
  routes?: (app: FastifyInstance) => void | Promise<void>
}

export interface HttpServer {
  readonly app: FastifyInstance
  readonly port: number
  /** Stops accepting, lets requests in flight finish, closes `/ws` clients. Idempotent. */
  close(): Promise<void>
}

function sendError(reply: FastifyReply, error: ErrorBody) {
  return reply.code(ERROR_CODES[error.code].status).send({ error })
}

const errorResponses = {
  400: EdgeErrorReply,
  404: EdgeErrorReply,
  409: EdgeErrorReply,
  413: EdgeErrorReply,
  503: EdgeErrorReply,
}

/**
 * The hall's HTTP API: `/healthz`, `/metrics`, `/api/state`, `/api/tickets` (the web kiosk),
 * `/api/tickets/:ticket`, `/api/catalogue`, and the `/ws` live feed. Payloads are the protocol's
 * schemas (protocol/src/http/edge.ts); errors are `{ error: { code, message, … } }` with the
 * HTTP status of the code.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { backend } = options
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    // Requests are counted in /metrics; one log line per request would drown the hall's log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  })
  const sockets = new Set<{ close(code?: number): void }>()

  app.setErrorHandler((err, _request, reply) => {
    const e = err as Error & { validation?: unknown; statusCode?: number; code?: string }
    if (e.validation !== undefined) {
      const where = (e as { validationContext?: string }).validationContext ?? 'body'
      const first = (e.validation as Array<{ instancePath?: string; message?: string }>)[0]
      const path = first?.instancePath ?? ''
      return sendError(reply, {
        code: 'BAD_REQUEST',
        message: `${where}${path}: ${first?.message ?? 'invalid'}`,
        messageZh: ERROR_CODES.BAD_REQUEST.zh,
        path,
      })
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendError(reply, new QmsError('PAYLOAD_TOO_LARGE').toBody())
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e instanceof SyntaxError)
      return sendError(reply, new QmsError('BAD_JSON', e.message).toBody())
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendError(reply, new QmsError('BAD_REQUEST', 'send application/json').toBody())
    if (e instanceof QmsError) return sendError(reply, e.toBody())
    options.logger?.error({ err }, 'HTTP request failed')
    return sendError(reply, new QmsError('INTERNAL').toBody())
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new QmsError('NOT_FOUND', `no route ${request.method} ${request.url}`).toBody(),
    ),
  )

  await app.register(websocket, { options: { maxPayload: 4096 } })

  app.get(
    '/healthz',
    { schema: { response: { 200: EdgeHealth, 503: EdgeHealth } } },
    (_r, reply) => {
      const health = backend.health()
      return reply.code(health.ok ? 200 : 503).send(health)
    },
  )
  app.get('/metrics', async (_r, reply) => {
    const { contentType, body } = await backend.metrics()
    return reply.type(contentType).send(body)
  })
  app.get('/api/state', { schema: { response: { 200: EdgeState } } }, () => backend.state())
  app.get('/api/catalogue', { schema: { response: { 200: EdgeCatalogue } } }, () =>
    backend.catalogue(),
  )
  app.post(
    '/api/tickets',
    { schema: { body: EdgeTakeRequest, response: { 200: TakeResult, ...errorResponses } } },
    async (request, reply) => {
      const outcome = await backend.take(request.body as EdgeTakeRequest)
      if (!outcome.ok) return sendError(reply, outcome.error)
      return reply.send(outcome.result)
    },
  )
  app.get(
    '/api/tickets/:ticket',
    { schema: { params: EdgeTicketParams, response: { 200: TicketStatus, ...errorResponses } } },
    (request, reply) => {
      const { ticket } = request.params as { ticket: string }
      const status = backend.ticket(ticket)
      if (status === undefined)
        return sendError(
          reply,
          new QmsError('UNKNOWN_TICKET', `no ticket ${ticket} today`, { path: '/ticket' }).toBody(),
        )
      return reply.send(status)
    },
  )
  app.get('/ws', { websocket: true }, (socket) => {
    sockets.add(socket)
    const send = (message: unknown) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
    }
    send({ type: 'snapshot', snapshot: backend.snapshot() })
    const unsubscribe = backend.subscribe(send)
    socket.on('close', () => {
      sockets.delete(socket)
      unsubscribe()
    })
    // The feed is one-way; whatever a client sends is ignored.
    socket.on('message', () => undefined)
  })
  if (options.routes !== undefined) await options.routes(app)

  await app.listen({ host: options.host ?? '0.0.0.0', port: options.port ?? 8080 })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  let closing: Promise<void> | undefined
  return {
    app,
    port,
    close() {
      closing ??= (async () => {
        for (const s of sockets) s.close(1001)
        await app.close()
      })()
      return closing
    },
  }
}
