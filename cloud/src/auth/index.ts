/**
 * The console's sign-in and route guards: accounts from a users file with scrypt hashes, sessions
 * in Redis with idle and absolute expiry, failed sign-ins throttled, CSRF tokens and origin
 * checks, and roles (a district admin sees every hall, a hall manager one).
 */
export {
  type AuthSettings,
  type ConsoleAuth,
  createConsoleAuth,
  DEFAULT_AUTH_SETTINGS,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  type SignedIn,
} from './auth.js'
export { hasCsrfToken, isSafeMethod, ownOrigin, sameOrigin } from './csrf.js'
export {
  authOf,
  type GuardOptions,
  guard,
  installAuth,
  maySee,
  requireUser,
  userOf,
} from './guard.js'
export type { LoginLimiter, LoginLimits } from './login-limiter.js'
export {
  DEFAULT_COST,
  hashPassword,
  isPasswordHash,
  type ScryptCost,
  verifyPassword,
} from './password.js'
export { sessionRoutes } from './routes.js'
export type { Session, SessionStore, SessionTimes } from './sessions.js'
export {
  type ConsoleUser,
  loadUsers,
  parseUsers,
  type UserDirectory,
  type UserEntry,
  UsersFile,
} from './users.js'
