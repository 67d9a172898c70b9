/*
 * The console's Redis keys, under the cloud's prefix (`qms:` by default), beside the projections'
 * (projections/keys.ts) and never mixed with them.
 */

export interface AuthKeys {
  /** Hash: one session — user, csrf, createdAt, seenAt. Named by the SHA-256 of its token. */
  session(tokenHash: string): string
  /** Counter: failed logins for one account in one time window. */
  failedUser(user: string, window: number): string
  /** Counter: failed logins from one address in one time window. */
  failedAddress(address: string, window: number): string
}

export function authKeys(prefix: string): AuthKeys {
  return {
    session: (tokenHash) => `${prefix}auth:sess:${tokenHash}`,
    failedUser: (user, window) => `${prefix}auth:fail:u:${user}:${window}`,
    failedAddress: (address, window) => `${prefix}auth:fail:a:${address}:${window}`,
  }
}
