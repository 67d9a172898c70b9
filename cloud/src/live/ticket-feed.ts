import type { Redis } from 'ioredis'
import type { RedisKeys } from '../projections/keys.js'

/*
 * Live feeds of tickets on this instance: the owner of a hall publishes, after each refresh, the
 * tickets whose status it wrote; each instance listens (one Redis subscriber) to the halls its
 * phone pages follow, and tells each page's listener when its ticket changed.
 */

export type FeedListener = (day: string) => void

export interface TicketFeeds {
  /** Calls `listener` whenever the hall's owner wrote a new status of the ticket. */
  watch(site: string, ticket: string, listener: FeedListener): Promise<() => void>
  readonly size: number
  close(): Promise<void>
}

export function createTicketFeeds(opts: {
  subscriber: Redis
  keys: RedisKeys
  onError?(err: Error): void
}): TicketFeeds {
  const { subscriber, keys } = opts
  /** channel → site; site → ticket → listeners. */
  const channels = new Map<string, string>()
  const listeners = new Map<string, Map<string, Set<FeedListener>>>()
  let size = 0

  subscriber.on('message', (channel: string, message: string) => {
    const site = channels.get(channel)
    if (site === undefined) return
    let parsed: { day?: unknown; tickets?: unknown }
    try {
      parsed = JSON.parse(message) as typeof parsed
    } catch {
      return
    }
    if (typeof parsed.day !== 'string' || !Array.isArray(parsed.tickets)) return
    const byTicket = listeners.get(site)
    if (byTicket === undefined) return
    for (const t of parsed.tickets) {
      for (const l of byTicket.get(String(t)) ?? []) l(parsed.day)
    }
  })

  return {
    async watch(site, ticket, listener) {
      let byTicket = listeners.get(site)
      if (byTicket === undefined) {
        byTicket = new Map()
        listeners.set(site, byTicket)
        const channel = keys.live.changed(site)
        channels.set(channel, site)
        await subscriber.subscribe(channel)
      }
      let set = byTicket.get(ticket)
      if (set === undefined) {
        set = new Set()
        byTicket.set(ticket, set)
      }
      set.add(listener)
      size++
      let done = false
      return () => {
        if (done) return
        done = true
        size--
        set.delete(listener)
        if (set.size === 0) byTicket.delete(ticket)
        if (byTicket.size === 0 && listeners.get(site) === byTicket) {
          listeners.delete(site)
          const channel = keys.live.changed(site)
          channels.delete(channel)
          subscriber.unsubscribe(channel).catch((err: Error) => opts.onError?.(err))
        }
      }
    },
    get size() {
      return size
    },
    async close() {
      listeners.clear()
      channels.clear()
      subscriber.disconnect()
    },
  }
}
