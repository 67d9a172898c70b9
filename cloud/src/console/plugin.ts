import type { Clock } from '@qms/protocol'
import type { Logger } from 'pino'
import { type AuthSettings, createConsoleAuth } from '../auth/auth.js'
import { installAuth } from '../auth/guard.js'
import { sessionRoutes } from '../auth/routes.js'
import { loadUsers, type UserDirectory } from '../auth/users.js'
import type { CloudPlugin } from '../cloud.js'
import { registerCloudPages } from './pages.js'
import { cloudPagesDir, demoUsersPath } from './paths.js'
import { consoleRoutes } from './routes.js'

export interface ConsolePluginOptions {
  /** The users file (default: the demo accounts shipped in cloud/demo-users.json). */
  usersFile?: string
  /** The accounts, already loaded (instead of usersFile). */
  users?: UserDirectory
  /** Session times, sign-in limits, cookie and origin settings. */
  auth?: Partial<AuthSettings>
  /** The built pages (default dist/pages of this package). */
  pagesDir?: string
  clock?: Clock
  logger?: Logger
}

/**
 * The data cockpit as a cloud plugin: the sign-in service every `guard()` asks, `/api/session`,
 * the district overview `/api/console/overview`, the catalogue `/api/catalogue`, and the pages —
 * `/console/`, the phone page `/m/` and the printed ticket's `/t/<site>/<ticket>`.
 */
export function consolePlugin(opts: ConsolePluginOptions = {}): CloudPlugin {
  return async (cloud) => {
    const usersFile = opts.usersFile ?? demoUsersPath
    if (opts.users === undefined && opts.usersFile === undefined)
      opts.logger?.warn(
        { usersFile },
        'console: the demo accounts are in use; set QMS_USERS_FILE for real ones',
      )
    const known = cloud.district.sites.size > 0 ? new Set(cloud.district.sites.keys()) : undefined
    const users = opts.users ?? (await loadUsers(usersFile, known))
    const auth = createConsoleAuth({
      redis: cloud.redis,
      prefix: cloud.config.redis.prefix,
      users,
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(opts.auth === undefined ? {} : { settings: opts.auth }),
    })
    installAuth(cloud.app, auth)
    await cloud.app.register(sessionRoutes, { auth })
    await cloud.app.register(consoleRoutes, {
      reader: cloud.reader,
      district: cloud.district,
      now: () => auth.clock.now(),
    })
    await registerCloudPages(cloud.app, {
      pagesDir: opts.pagesDir ?? cloudPagesDir,
      ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    })
  }
}
