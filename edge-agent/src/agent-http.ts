import type {
  EdgeCatalogue,
  EdgeState,
  EdgeWaitingTicket,
  HallSnapshot,
  TicketStatus,
} from '@qms/protocol'
import type { CloudAdvice } from './cloud/advice.js'
import type { HallCore } from './hall/core.js'
import type { TicketLinks } from './hall/links.js'
import {
  aheadOf,
  estimateCategoryWait,
  iso,
  meanMinutes,
  offeredCategories,
  ranksBefore,
  type TicketRecord,
  ticketStatus,
} from './queue/index.js'

/* The hall's HTTP views that are more than the snapshot: waiting tickets, the kiosk's catalogue. */

/** Waiting and parked tickets in calling order, with the people ahead of each. */
export function waitingList(core: HallCore): EdgeWaitingTicket[] {
  const state = core.state
  const open: TicketRecord[] = []
  for (const t of state.open.values())
    if (t.state === 'waiting' || t.state === 'parked') open.push(t)
  open.sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0))
  return open.slice(0, 20000).map((t) => ({
    ticket: t.ticket,
    item: t.item,
    category: t.category,
    priority: t.priority,
    channel: t.channel,
    state: t.state as 'waiting' | 'parked',
    issuedAt: iso(t.issuedAt),
    queuedAt: iso(t.queuedAt),
    ahead: aheadOf(state, t),
  }))
}

export function edgeState(snapshot: HallSnapshot, core: HallCore): EdgeState {
  return { ...snapshot, waiting: waitingList(core) }
}

/** A ticket's status, with the cloud's wait while it is fresh. */
export function statusOf(
  core: HallCore,
  advice: CloudAdvice,
  ticket: string,
  now: number,
): TicketStatus | undefined {
  const s = ticketStatus(core.state, ticket, now)
  if (s === undefined) return undefined
  const wait = s.state === 'waiting' ? advice.ticketWait(ticket, now) : undefined
  return wait === undefined ? s : { ...s, wait }
}

/** What the kiosk page offers: categories and items with names, pinyin, materials, waits. */
export function catalogueOf(
  core: HallCore,
  advice: CloudAdvice,
  links: TicketLinks,
  now: number,
): EdgeCatalogue {
  const state = core.state
  const { model } = state
  const waiting = new Map<string, number>()
  const byItem = new Map<string, number>()
  for (const t of state.open.values()) {
    if (t.state !== 'waiting') continue
    waiting.set(t.category, (waiting.get(t.category) ?? 0) + 1)
    byItem.set(t.item, (byItem.get(t.item) ?? 0) + 1)
  }
  const localWait = new Map(
    offeredCategories(state).map((c) => [c, estimateCategoryWait(state, c, 'normal', now)]),
  )
  const catalogue: EdgeCatalogue = {
    site: model.site,
    name: model.hall.name,
    day: state.day === '' ? model.dayOf(now) : state.day,
    categories: offeredCategories(state).map((code) => {
      const c = model.categories.get(code)!
      return {
        code,
        name: c.name,
        nameEn: c.nameEn,
        prefix: model.prefixes.get(code) ?? c.prefix,
        waiting: waiting.get(code) ?? 0,
      }
    }),
    items: [...model.offered.values()].map((item) => {
      const online = links.online(item.code)
      return {
        code: item.code,
        name: item.name,
        ...(item.nameEn === undefined ? {} : { nameEn: item.nameEn }),
        category: item.category,
        prefix: model.prefixes.get(item.category) ?? '',
        keywords: item.keywords,
        pinyin: item.pinyin,
        materials: item.materials,
        online: item.online,
        ...(online === undefined ? {} : { onlineUrl: online }),
        meanMinutes: Math.round(meanMinutes(state, item.code) * 10) / 10,
        waiting: byItem.get(item.code) ?? 0,
        wait: advice.itemWait(item.code, now) ??
          localWait.get(item.category) ?? { minutes: 0, source: 'local' },
      }
    }),
  }
  if (model.hall.nameEn !== undefined) catalogue.nameEn = model.hall.nameEn
  return catalogue
}
