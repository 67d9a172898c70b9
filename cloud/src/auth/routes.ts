import { ConsoleSession, ErrorBodySchema, LoginRequest, QmsError } from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ConsoleAuth } from './auth.js'
import { sameOrigin } from './csrf.js'
import { guard, requireUser } from './guard.js'

/**
 * `/api/session`: sign in (POST), who am I and the CSRF token (GET), sign out (DELETE). Answers
 * are never cached: they carry the CSRF token.
 */
export async function sessionRoutes(
  app: FastifyInstance,
  opts: { auth: ConsoleAuth },
): Promise<void> {
  const { auth } = opts
  const errors = {
    401: Type.Ref(ErrorBodySchema),
    403: Type.Ref(ErrorBodySchema),
    429: Type.Ref(ErrorBodySchema),
  }
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })

  app.post<{ Body: LoginRequest }>(
    '/api/session',
    {
      schema: {
        tags: ['console'],
        summary: 'Sign in to the console; sets the session cookie',
        body: Type.Ref(LoginRequest),
        response: { 200: Type.Ref(ConsoleSession), ...errors },
      },
    },
    async (request, reply) => {
      // There is no session to hold a token yet: a sign-in from another site's page (login
      // CSRF, which would sign the victim in as the attacker) is refused by its origin.
      if (!sameOrigin(request, auth.settings.origins))
        throw new QmsError('CSRF', 'The sign-in comes from another site’s page.')
      return await auth.login(request, reply, request.body)
    },
  )

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['console'],
        summary: 'The signed-in account and its CSRF token',
        response: { 200: Type.Ref(ConsoleSession), 401: Type.Ref(ErrorBodySchema) },
      },
    },
    async (request) => auth.describe(await requireUser(request)),
  )

  app.delete(
    '/api/session',
    {
      preHandler: guard(),
      schema: {
        tags: ['console'],
        summary: 'Sign out',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await auth.logout(request, reply)
      return reply.status(204).send()
    },
  )
}
