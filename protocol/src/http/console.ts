import { type Static, Type } from '@sinclair/typebox'
import { Location } from '../config/hall.js'
import { SiteKind } from '../domain.js'
import { LocalDay, SiteId, Text, Timestamp } from '../ids.js'

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

const Count = Type.Integer({ minimum: 0 })

/** One hall in the district view: its live figures and today's, in one row. */
export const ConsoleHall = Type.Object(
  {
    id: SiteId,
    name: Type.Optional(Text(60)),
    nameEn: Type.Optional(Text(120)),
    kind: Type.Optional(SiteKind),
    location: Type.Optional(Location),
    configured: Type.Boolean(),
    connected: Type.Boolean({ description: 'The hall’s link to the cloud is up' }),
    seenAt: Type.Optional(Timestamp),
    lastEventAt: Type.Optional(Timestamp),
    day: Type.Optional(LocalDay),
    waiting: Count,
    windowsOpen: Count,
    serving: Count,
    issuedToday: Count,
    servedToday: Count,
    meanWaitMin: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'Mean wait today (issue → first call) of the tickets called',
    }),
    waitCount: Type.Integer({ minimum: 0, description: 'Tickets the mean wait is made of' }),
    selfServiceShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    ratingMean: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()]),
    ratingCount: Count,
    waitingByItem: Type.Optional(
      Type.Record(Type.String({ maxLength: 16 }), Count, {
        description: 'People waiting per item now (only items with someone waiting)',
      }),
    ),
  },
  { ...closed, $id: 'ConsoleHall' },
)
export type ConsoleHall = Static<typeof ConsoleHall>

/** `GET /api/console/overview`: every hall the account may see. */
export const ConsoleOverview = Type.Object(
  { at: Timestamp, total: Count, halls: Type.Array(ConsoleHall, { maxItems: 10_000 }) },
  { ...closed, $id: 'ConsoleOverview' },
)
export type ConsoleOverview = Static<typeof ConsoleOverview>

/** Every console schema with an `$id`, for the OpenAPI document. */
export const CONSOLE_HTTP_SCHEMAS = [
  ConsoleRole,
  LoginRequest,
  ConsoleSession,
  ConsoleHall,
  ConsoleOverview,
] as const
