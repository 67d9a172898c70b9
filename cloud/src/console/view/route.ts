import { SiteId } from '@qms/protocol'

/*
 * The console's views live in the URL's hash (#/district, #/hall/st-01, #/alerts), so a manager
 * can keep one open in a tab and the back button works. After signing in, `?next=` may send the
 * browser elsewhere on this site (the job board) — never to another site.
 */

export type Route = { view: 'district' } | { view: 'hall'; site: string } | { view: 'alerts' }

const SITE = new RegExp(SiteId.pattern as string)

/** The view a hash names; undefined for anything else (the page then shows its default). */
export function parseRoute(hash: string): Route | undefined {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  if (parts[0] === 'district' && parts.length === 1) return { view: 'district' }
  if (parts[0] === 'alerts' && parts.length === 1) return { view: 'alerts' }
  if (parts[0] === 'hall' && parts.length === 2) {
    const site = decodeURIComponent(parts[1] as string)
    if (SITE.test(site)) return { view: 'hall', site }
  }
  return undefined
}

export function routeHash(route: Route): string {
  return route.view === 'hall' ? `#/hall/${route.site}` : `#/${route.view}`
}

/** Where an account starts: the district for an admin, their hall for a hall manager. */
export function homeRoute(session: { role: string; site?: string | undefined }): Route {
  return session.role === 'hall-manager' && session.site !== undefined
    ? { view: 'hall', site: session.site }
    : { view: 'district' }
}

/**
 * A `next` address to go to after signing in, if it is a path on this site: one leading slash
 * (not `//host`, not `/\host` which browsers read as `//host`), no scheme, no control characters.
 */
export function safeNext(next: string | null | undefined): string | undefined {
  if (next === null || next === undefined || next.length > 500) return undefined
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined
  return next
}
