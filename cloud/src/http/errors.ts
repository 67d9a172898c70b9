import { ERROR_CODES, type ErrorBody, isErrorCode, isQmsError } from '@qms/protocol'
import type { FastifyError, FastifyInstance } from 'fastify'

/*
 * Every failed HTTP answer carries the protocol's error body — `{code, message, messageZh,
 * path}` — with the status of its code (protocol/README.md), never a stack or fastify's own
 * error shape.
 */

function body(code: keyof typeof ERROR_CODES, message: string, path?: string): ErrorBody {
  const out: ErrorBody = { code, message, messageZh: ERROR_CODES[code].zh }
  if (path !== undefined) out.path = path
  return out
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (isQmsError(err)) {
      reply.status(err.status).send(err.toBody())
      return
    }
    const fe = err as FastifyError
    if (fe.validation !== undefined || fe.code === 'FST_ERR_VALIDATION') {
      reply.status(400).send(body('BAD_REQUEST', err.message))
      return
    }
    if (fe.statusCode === 415 || fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      reply.status(415).send(body('BAD_REQUEST', err.message))
      return
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      reply.status(400).send(body('BAD_JSON', err.message))
      return
    }
    if (fe.statusCode === 413) {
      reply.status(413).send(body('PAYLOAD_TOO_LARGE', err.message))
      return
    }
    const code = (fe as { qmsCode?: unknown }).qmsCode
    if (isErrorCode(code)) {
      reply.status(ERROR_CODES[code].status).send(body(code, err.message))
      return
    }
    request.log.error({ err }, 'request failed')
    reply.status(500).send(body('INTERNAL', 'Internal error.'))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', `no route ${request.method} ${request.url}`))
  })
}
