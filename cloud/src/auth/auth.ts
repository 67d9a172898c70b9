import {
  type Clock,
  type ConsoleSession,
  type LoginRequest,
  QmsError,
  systemClock,
} from '@qms/protocol'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import { readCookie, sessionCookie } from './cookie.js'
import { authKeys } from './keys.js'
import { createLoginLimiter, type LoginLimits } from './login-limiter.js'
import { hashPassword, verifyPassword } from './password.js'
import { createSessionStore, type Session, type SessionTimes } from './sessions.js'
import type { ConsoleUser, UserDirectory } from './users.js'

/*
 * The console's sign-in: checks a name and password against the users file, opens a session in
 * Redis and hands the browser its token in an HttpOnly, SameSite=Strict cookie (Secure, and
 * named with the `__Host-` prefix, when the request came over HTTPS), closes it again on sign-out,
 * and tells who a request comes from.
 */

export interface AuthSettings extends SessionTimes {
  limits: LoginLimits
  /** Secure cookies: `auto` when the request came over HTTPS (default), or always / never. */
  secureCookie: 'auto' | boolean
  /** Further origins whose pages may send changes (a proxy's public address), e.g. https://qms.example.cn. */
  origins: string[]
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  idleMs: 30 * 60_000, // 30 minutes without a request
  maxMs: 12 * 3_600_000, // a working day after sign-in
  limits: { windowMs: 15 * 60_000, perUser: 5, perAddress: 50 },
  secureCookie: 'auto',
  origins: [],
}

export const SESSION_COOKIE = 'qms_console'
/** The cookie's name over HTTPS: the browser then refuses it from any other host or path. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`

export interface SignedIn {
  readonly user: ConsoleUser
  readonly session: Session
}

export interface ConsoleAuth {
  readonly users: UserDirectory
  readonly settings: AuthSettings
  readonly clock: Clock
  /** Checks the credentials, opens a session and sets its cookie; throws UNAUTHORIZED / RATE_LIMITED. */
  login(request: FastifyRequest, reply: FastifyReply, body: LoginRequest): Promise<ConsoleSession>
  /** Ends the request's session, if any, and clears the cookie. */
  logout(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** Who the request comes from: a live session of an account still in the users file. */
  signedIn(request: FastifyRequest): Promise<SignedIn | undefined>
  /** What the browser may know about its session. */
  describe(signedIn: SignedIn): ConsoleSession
}

export function createConsoleAuth(opts: {
  redis: Redis
  /** The cloud's Redis key prefix. */
  prefix: string
  users: UserDirectory
  clock?: Clock
  settings?: Partial<AuthSettings>
}): ConsoleAuth {
  const settings: AuthSettings = { ...DEFAULT_AUTH_SETTINGS, ...opts.settings }
  const clock = opts.clock ?? systemClock
  const keys = authKeys(opts.prefix)
  const sessions = createSessionStore({ redis: opts.redis, keys, clock, times: settings })
  const limiter = createLoginLimiter({ redis: opts.redis, keys, clock, limits: settings.limits })
  const { users } = opts
  // An unknown name is checked against this hash, so it takes as long as a wrong password.
  let decoy: Promise<string> | undefined

  const secure = (request: FastifyRequest) =>
    settings.secureCookie === 'auto' ? request.protocol === 'https' : settings.secureCookie
  const tokenOf = (request: FastifyRequest): string | undefined =>
    readCookie(request.headers.cookie, secure(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE)
  const cookie = (request: FastifyRequest, value: string, maxAgeSec: number) => {
    const https = secure(request)
    return sessionCookie(https ? SECURE_SESSION_COOKIE : SESSION_COOKIE, value, {
      maxAgeSec,
      secure: https,
    })
  }
  const describe = ({ user, session }: SignedIn): ConsoleSession => ({
    user: user.user,
    ...(user.name === undefined ? {} : { name: user.name }),
    role: user.role,
    ...(user.site === undefined ? {} : { site: user.site }),
    csrfToken: session.csrf,
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleMinutes: Math.max(1, Math.round(settings.idleMs / 60_000)),
  })

  return {
    users,
    settings,
    clock,
    describe,
    async login(request, reply, body) {
      const name = body.user.trim().toLowerCase()
      const address = request.ip
      const wait = await limiter.blockedFor(name, address)
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)))
        throw new QmsError('RATE_LIMITED', 'Too many failed sign-ins; try again later.')
      }
      const hash = users.passwordHash(name)
      decoy ??= hashPassword('decoy password that matches nothing')
      const ok = await verifyPassword(body.password, hash ?? (await decoy))
      const user = users.get(name)
      if (!ok || hash === undefined || user === undefined) {
        await limiter.failed(name, address)
        throw new QmsError('UNAUTHORIZED', 'Wrong user name or password.')
      }
      await limiter.succeeded(name)
      // A new token at every sign-in: a token planted before it is worth nothing (fixation).
      const old = tokenOf(request)
      if (old !== undefined) await sessions.destroy(old)
      const { token, session } = await sessions.create(name)
      reply.header('set-cookie', cookie(request, token, Math.round(settings.maxMs / 1000)))
      return describe({ user, session })
    },
    async logout(request, reply) {
      const token = tokenOf(request)
      if (token !== undefined) await sessions.destroy(token)
      reply.header('set-cookie', cookie(request, '', 0))
    },
    async signedIn(request) {
      const token = tokenOf(request)
      if (token === undefined) return undefined
      const session = await sessions.get(token)
      if (session === undefined) return undefined
      // The users file is the truth: a removed account's sessions end at once.
      const user = users.get(session.user)
      if (user === undefined) {
        await sessions.destroy(token)
        return undefined
      }
      return { user, session }
    },
  }
}
