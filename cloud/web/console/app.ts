import type { Catalogue, ConsoleSession } from '@qms/protocol'
import type { Lang, WordKey } from '../../src/console/view/i18n.js'
import { t } from '../../src/console/view/i18n.js'
import type { Route } from '../../src/console/view/route.js'
import { ApiError, api } from '../shared/api.js'

/*
 * What every view of the console shares: the language, the signed-in account, the catalogue's
 * item names, navigation, and a poller that refreshes a view, backs off when the network fails
 * and sends the browser to sign in again when the session has ended.
 */

export interface ItemInfo {
  name: string
  nameEn: string | undefined
}

export interface App {
  lang: Lang
  session: ConsoleSession
  items: Map<string, ItemInfo>
  timeZone: string
  w(key: WordKey): string
  go(route: Route): void
  /** The session ended (401): back to the sign-in form. */
  signedOut(reason?: WordKey): void
  banner(text: string | undefined): void
  /** Redraw the current view (after the language changed). */
  redraw(): void
}

export function itemName(app: App, code: string): string {
  const i = app.items.get(code)
  if (i === undefined) return code
  return app.lang === 'en' && i.nameEn !== undefined ? i.nameEn : i.name
}

export async function loadItems(): Promise<Map<string, ItemInfo>> {
  try {
    const c = await api<Catalogue>('/api/catalogue')
    return new Map(c.items.map((i) => [i.code, { name: i.name, nameEn: i.nameEn }]))
  } catch {
    return new Map()
  }
}

export interface Poller {
  stop(): void
  /** Run now (after an action), then keep the rhythm. */
  now(): void
}

/**
 * Calls `tick` now and then every `everyMs` after the previous call finished; after failures
 * waits longer (up to a minute). A 401 ends the session; other errors show in the banner.
 */
export function poll(app: App, everyMs: number, tick: () => Promise<void>): Poller {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  const run = async () => {
    if (stopped) return
    clearTimeout(timer)
    try {
      await tick()
      failures = 0
      app.banner(undefined)
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        app.signedOut('sessionEnded')
        return
      }
      failures++
      app.banner(
        err instanceof ApiError && err.status !== 0
          ? `${app.w('failed')}: ${app.lang === 'zh' ? (err.messageZh ?? err.message) : err.message}`
          : app.w('network'),
      )
    }
    if (stopped) return
    const delay = failures === 0 ? everyMs : Math.min(60_000, everyMs * 2 ** failures)
    timer = setTimeout(run, delay)
  }
  void run()
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
    },
    now() {
      void run()
    },
  }
}

/** A short-lived note beside a button: 已发送 / 操作失败: … */
export function outcome(app: App, err: unknown): string {
  if (err === undefined) return app.w('sent')
  if (err instanceof ApiError) {
    const why = app.lang === 'zh' ? (err.messageZh ?? err.message) : err.message
    return `${app.w('failed')}: ${why}`
  }
  return app.w('failed')
}

export { t }
