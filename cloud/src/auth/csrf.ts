import { timingSafeEqual } from 'node:crypto'
import { CSRF_HEADER } from '@qms/protocol'
import type { FastifyRequest } from 'fastify'

/*
 * Cross-site request forgery defence in depth (OWASP CSRF prevention cheat sheet): the session
 * cookie is SameSite=Strict, every state-changing request carries the session's synchronizer
 * token in a header (which a form on another site cannot set), and a request whose Origin — or,
 * without one, Referer — names another site is refused before anything else is looked at.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** GET, HEAD and OPTIONS change nothing and need no token. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase())
}

/** The origin the request was made to, as a browser would write it (no default port). */
export function ownOrigin(request: FastifyRequest): string {
  return normalOrigin(`${request.protocol}://${request.host}`) ?? ''
}

/** `scheme://host[:port]` in lower case without a default port, or undefined if not a URL. */
function normalOrigin(text: string): string | undefined {
  try {
    const origin = new URL(text).origin
    return origin === 'null' ? undefined : origin.toLowerCase()
  } catch {
    return undefined
  }
}

/**
 * Whether the request comes from a page of this site: its Origin header, or its Referer's origin
 * when there is no Origin, is the server's own or one of `allowed` (a proxy's public address).
 * Neither header (a script, an old client) passes here; the token check still applies.
 */
export function sameOrigin(request: FastifyRequest, allowed: readonly string[]): boolean {
  const origin = header(request, 'origin')
  const referer = header(request, 'referer')
  if (origin === undefined && referer === undefined) return true
  // `Origin: null` (sandboxed frames, some redirects) and anything unreadable are never ours.
  const claimed = normalOrigin((origin ?? referer) as string)
  if (claimed === undefined) return false
  return claimed === ownOrigin(request) || allowed.some((a) => normalOrigin(a) === claimed)
}

/** Whether the request's CSRF header equals the session's token (constant time). */
export function hasCsrfToken(request: FastifyRequest, expected: string): boolean {
  const got = header(request, CSRF_HEADER)
  if (got === undefined) return false
  const a = Buffer.from(got, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name]
  const s = Array.isArray(v) ? v[0] : v
  return s === undefined || s === '' ? undefined : s
}
