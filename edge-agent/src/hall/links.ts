import type { HallModel } from '../queue/index.js'

/** Where a person can follow a ticket, and the 掌办 link of an item. */
export interface TicketLinks {
  /** The ticket's status page: `<publicUrl>/t/<site>/<ticket>`, else the edge's own API. */
  status(ticket: string): string
  /** The item's 掌办 link when it can be done online (the cloud's link first). */
  online(item: string): string | undefined
}

export function createTicketLinks(
  model: HallModel,
  base: { publicUrl?: string; ownUrl: string },
  cloudLink: (item: string) => string | undefined,
): TicketLinks {
  const trim = (url: string) => url.replace(/\/+$/, '')
  return {
    status: (ticket) =>
      base.publicUrl === undefined
        ? `${trim(base.ownUrl)}/api/tickets/${ticket}`
        : `${trim(base.publicUrl)}/t/${model.site}/${ticket}`,
    online(item) {
      const i = model.items.get(item)
      if (i === undefined || !i.online) return undefined
      return cloudLink(item) ?? i.onlineUrl
    },
  }
}
