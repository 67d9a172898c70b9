import { type Static, Type } from '@sinclair/typebox'
import { SiteId, Text, Timestamp } from '../ids.js'

/*
 * The data cockpit's login (数据驾驶舱登录): who may sign in to the console and what a signed-in
 * browser learns about its session. The session itself is an HttpOnly cookie the page never
 * reads; the CSRF token below goes back in the `x-csrf-token` header of every change.
 */

const closed = { additionalProperties: false } as const

/** A district admin sees and acts on every hall; a hall manager on their own hall only. */
export const ConsoleRole = Type.Union(
  [Type.Literal('district-admin'), Type.Literal('hall-manager')],
  { $id: 'ConsoleRole' },
)
export type ConsoleRole = Static<typeof ConsoleRole>

/** A console account's name: lower-case letters, digits, `.`, `_` and `-`. */
export const ConsoleUserName = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{1,31}$',
  minLength: 2,
  maxLength: 32,
})

/** `POST /api/session`: sign in. */
export const LoginRequest = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { ...closed, $id: 'LoginRequest' },
)
export type LoginRequest = Static<typeof LoginRequest>

/** The signed-in account, answered by `POST /api/session` and `GET /api/session`. */
export const ConsoleSession = Type.Object(
  {
    user: ConsoleUserName,
    name: Type.Optional(Text(60)),
    role: ConsoleRole,
    site: Type.Optional(SiteId),
    csrfToken: Type.String({
      minLength: 20,
      maxLength: 128,
      description: 'Send it in the x-csrf-token header of every POST, PUT, PATCH and DELETE',
    }),
    expiresAt: Timestamp,
    idleMinutes: Type.Integer({
      minimum: 1,
      description: 'The session ends after this long without a request',
    }),
  },
  { ...closed, $id: 'ConsoleSession' },
)
export type ConsoleSession = Static<typeof ConsoleSession>

/** The header that carries the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token'

/** Every console schema with an `$id`, for the OpenAPI document. */
export const CONSOLE_HTTP_SCHEMAS = [ConsoleRole, LoginRequest, ConsoleSession] as const
