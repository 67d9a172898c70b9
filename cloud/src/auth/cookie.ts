/*
 * The one cookie the console sets, read and written by hand (RFC 6265 §4.1, §5.4): its value is
 * always a base64url token, so neither direction needs encoding, and no cookie library (with its
 * lazily loaded parts) sits in the path of every guarded request.
 */

/** The value of cookie `name` in a Cookie header, the first if the browser sent several. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq < 0) continue
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

export interface SetCookieOptions {
  maxAgeSec: number
  secure: boolean
}

/** A Set-Cookie value: HttpOnly, SameSite=Strict, for the whole site. */
export function sessionCookie(name: string, value: string, opts: SetCookieOptions): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new RangeError('cookie value must be base64url')
  const parts = [`${name}=${value}`, `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSec))}`, 'Path=/']
  if (opts.secure) parts.push('Secure')
  parts.push('HttpOnly', 'SameSite=Strict')
  return parts.join('; ')
}
