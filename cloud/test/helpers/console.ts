import { CSRF_HEADER } from '@qms/protocol'
import type { FastifyInstance } from 'fastify'

/*
 * Signing in to the console in tests, with the demo accounts of cloud/demo-users.json (the
 * console plugin's default users file): over fastify's inject() or a real HTTP server.
 */

export const DEMO = {
  admin: { user: 'admin', password: 'chenghu-admin' },
  hub: { user: 'hub', password: 'chenghu-hub' },
  st01: { user: 'st-01', password: 'chenghu-st01' },
} as const

export interface SignedInClient {
  /** The `name=value` of the session cookie. */
  cookie: string
  csrf: string
  /** Headers for a read: the cookie. */
  read: Record<string, string>
  /** Headers for a change: the cookie and the CSRF token. */
  write: Record<string, string>
}

function client(setCookie: string | string[] | undefined, csrf: string): SignedInClient {
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie
  if (raw === undefined) throw new Error('no session cookie in the sign-in answer')
  const cookie = raw.split(';')[0]!
  return {
    cookie,
    csrf,
    read: { cookie },
    write: { cookie, [CSRF_HEADER]: csrf },
  }
}

/** Signs in through `app.inject()`; throws when the sign-in is refused. */
export async function signIn(
  app: FastifyInstance,
  who: { user: string; password: string },
): Promise<SignedInClient> {
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: who })
  if (r.statusCode !== 200) throw new Error(`sign-in of ${who.user}: ${r.statusCode} ${r.body}`)
  return client(r.headers['set-cookie'], r.json().csrfToken)
}

/** Signs in to a running server at `base` (http://127.0.0.1:port). */
export async function signInHttp(
  base: string,
  who: { user: string; password: string },
): Promise<SignedInClient> {
  const r = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(who),
  })
  if (r.status !== 200) throw new Error(`sign-in of ${who.user}: ${r.status} ${await r.text()}`)
  const body = (await r.json()) as { csrfToken: string }
  return client(r.headers.getSetCookie(), body.csrfToken)
}
