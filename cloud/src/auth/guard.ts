import { type ConsoleRole, isQmsError, QmsError } from '@qms/protocol'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConsoleAuth, SignedIn } from './auth.js'
import { hasCsrfToken, isSafeMethod, sameOrigin } from './csrf.js'
import type { ConsoleUser } from './users.js'

/*
 * Route guards. A route states who may use it — `guard({ site: (r) => r.params.id })` — and the
 * guard answers, in this order, 401 UNAUTHORIZED without a live session, 403 CSRF for a change
 * without the session's token or from another site's page, 403 FORBIDDEN for the wrong role or
 * another hall. The console plugin installs the sign-in service on the server; until it does —
 * or on a server without it — every guarded route answers 401: guarded routes fail closed.
 */

const AUTH = Symbol.for('qms.console.auth')
const signedInOf = new WeakMap<FastifyRequest, SignedIn>()

/** Makes `auth` the sign-in service of `app` and every route on it. */
export function installAuth(app: FastifyInstance, auth: ConsoleAuth): void {
  app.decorate(AUTH, auth)
}

/** The sign-in service of the server that runs `instance`'s routes, if installed. */
export function authOf(instance: FastifyInstance): ConsoleAuth | undefined {
  return (instance as unknown as { [AUTH]?: ConsoleAuth })[AUTH]
}

export interface GuardOptions {
  /** The hall the request is about: a hall manager may use the route for their hall only. */
  site?: (request: FastifyRequest) => string | undefined
  /** Only this role may use the route (e.g. `district-admin` for the job board). */
  role?: ConsoleRole
  /**
   * Check the CSRF token and origin: default true for POST, PUT, PATCH and DELETE. Only for a
   * route that must take a change without a session token (none in the console) turn it off.
   */
  csrf?: boolean
  /**
   * A page to send a browser to when it is not signed in (a GET asking for HTML gets a 303 to
   * `<signIn>?next=<url>` instead of a 401 body).
   */
  signIn?: string
}

/** Whether the account may see and act on hall `site`. */
export function maySee(user: ConsoleUser, site: string): boolean {
  return user.role === 'district-admin' || user.site === site
}

/**
 * Checks the request against `opts` and answers who made it; throws the `QmsError` the route
 * should answer with. The result is also remembered for `userOf(request)`.
 */
export async function requireUser(
  request: FastifyRequest,
  opts: Omit<GuardOptions, 'signIn'> = {},
): Promise<SignedIn> {
  const known = signedInOf.get(request)
  const auth = authOf(request.server)
  if (auth === undefined) throw new QmsError('UNAUTHORIZED', 'No console sign-in on this server.')
  const who = known ?? (await auth.signedIn(request))
  if (who === undefined) throw new QmsError('UNAUTHORIZED', 'Sign in first.')
  signedInOf.set(request, who)
  if (opts.csrf ?? !isSafeMethod(request.method)) {
    if (!sameOrigin(request, auth.settings.origins))
      throw new QmsError('CSRF', 'The request comes from another site’s page.')
    if (!hasCsrfToken(request, who.session.csrf))
      throw new QmsError('CSRF', 'The request lacks the session’s CSRF token.')
  }
  if (opts.role !== undefined && who.user.role !== opts.role)
    throw new QmsError('FORBIDDEN', `Only a ${opts.role} may do this.`)
  if (opts.site !== undefined) {
    const site = opts.site(request)
    if (site !== undefined && !maySee(who.user, site))
      throw new QmsError('FORBIDDEN', `This account may not see hall ${site}.`)
  }
  return who
}

/**
 * A fastify hook (use it as `preHandler`, or as `onRequest` when `site` needs no parsed params)
 * that lets the request through only as `requireUser(request, opts)` allows.
 */
export function guard(opts: GuardOptions = {}) {
  return async function consoleGuard(request: FastifyRequest, reply: FastifyReply) {
    try {
      await requireUser(request, opts)
      return undefined
    } catch (caught) {
      // Sessions live in Redis: when it cannot be read, the guard says so instead of a 500.
      const err = isQmsError(caught)
        ? caught
        : new QmsError('UNAVAILABLE', 'Sessions cannot be checked now.', { cause: caught })
      if (!isQmsError(caught)) request.log.warn({ err: caught }, 'session check failed')
      const wantsPage =
        opts.signIn !== undefined &&
        err.code === 'UNAUTHORIZED' &&
        request.method === 'GET' &&
        (request.headers.accept ?? '').includes('text/html')
      if (wantsPage)
        return reply.redirect(`${opts.signIn}?next=${encodeURIComponent(request.url)}`, 303)
      // Answered here, not thrown: the guard may sit in front of a plugin with its own error
      // handler (bull-board's), and the body must be the protocol's all the same.
      return reply.status(err.status).send(err.toBody())
    }
  }
}

/** The account a guard let through, or undefined on an unguarded route. */
export function userOf(request: FastifyRequest): ConsoleUser | undefined {
  return signedInOf.get(request)?.user
}
