import { readFile } from 'node:fs/promises'
import {
  type ConsoleRole,
  ConsoleRole as ConsoleRoleSchema,
  ConsoleUserName,
  QmsError,
  SiteId,
  Text,
  validate,
} from '@qms/protocol'
import { type Static, Type } from '@sinclair/typebox'
import { isPasswordHash } from './password.js'

/*
 * The console's accounts, from a JSON file the operator keeps (QMS_USERS_FILE). Passwords are
 * stored only as scrypt hashes (`qms-cloud hash-password`). A district admin has no hall; a hall
 * manager has exactly one.
 */

export const UserEntry = Type.Object(
  {
    user: ConsoleUserName,
    name: Type.Optional(Text(60)),
    role: ConsoleRoleSchema,
    site: Type.Optional(SiteId),
    password: Type.String({ minLength: 1, maxLength: 300, description: 'scrypt hash' }),
  },
  { additionalProperties: false },
)
export type UserEntry = Static<typeof UserEntry>

export const UsersFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    users: Type.Array(UserEntry, { maxItems: 10_000 }),
  },
  { additionalProperties: false },
)
export type UsersFile = Static<typeof UsersFile>

/** A console account as the server sees it (the password hash stays in the directory). */
export interface ConsoleUser {
  readonly user: string
  readonly name: string | undefined
  readonly role: ConsoleRole
  /** The one hall of a hall manager; undefined for a district admin. */
  readonly site: string | undefined
}

export interface UserDirectory {
  get(user: string): ConsoleUser | undefined
  /** The stored hash of an account, for the login check only. */
  passwordHash(user: string): string | undefined
  readonly size: number
}

/**
 * Checks a users file's content: its schema, one entry per name, a hall for every hall manager
 * and none for a district admin, a well-formed hash for everyone, and — when `knownSites` is
 * given — a hall the district has. Throws `QmsError('CONFIG_INVALID')` naming the first problem.
 */
export function parseUsers(data: unknown, knownSites?: ReadonlySet<string>): UserDirectory {
  const checked = validate(UsersFile, data)
  if (!checked.ok)
    throw new QmsError('CONFIG_INVALID', `users file: ${checked.error.message}`, {
      path: checked.error.path,
    })
  const byName = new Map<string, { user: ConsoleUser; hash: string }>()
  checked.value.users.forEach((entry, i) => {
    const at = `/users/${i}`
    const fail = (message: string, field: string) => {
      throw new QmsError('CONFIG_INVALID', `users file: ${at}/${field}: ${message}`, {
        path: `${at}/${field}`,
      })
    }
    if (byName.has(entry.user)) fail(`user ${entry.user} is listed twice`, 'user')
    if (entry.role === 'hall-manager' && entry.site === undefined)
      fail('a hall manager needs the hall (site) they manage', 'site')
    if (entry.role === 'district-admin' && entry.site !== undefined)
      fail('a district admin sees every hall and has no site', 'site')
    if (entry.site !== undefined && knownSites !== undefined && !knownSites.has(entry.site))
      fail(`no hall ${entry.site} in the district`, 'site')
    if (!isPasswordHash(entry.password))
      fail('not a scrypt hash: make one with `qms-cloud hash-password`', 'password')
    byName.set(entry.user, {
      user: { user: entry.user, name: entry.name, role: entry.role, site: entry.site },
      hash: entry.password,
    })
  })
  return {
    get: (user) => byName.get(user)?.user,
    passwordHash: (user) => byName.get(user)?.hash,
    size: byName.size,
  }
}

/** Reads and checks a users file (see `parseUsers`). */
export async function loadUsers(
  path: string,
  knownSites?: ReadonlySet<string>,
): Promise<UserDirectory> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new QmsError('CONFIG_INVALID', `users file ${path}: ${(err as Error).message}`, {
      cause: err,
    })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new QmsError('CONFIG_INVALID', `users file ${path}: not JSON`, { cause: err })
  }
  return parseUsers(data, knownSites)
}
