import type { DayFigures, DeviceLive, ItemQueue, SiteDetail, WindowLive } from '@qms/protocol'

/*
 * The hall view: its windows in number order with their state, the queue per item (the longest
 * first, the next tickets in calling order), ratings, devices online and offline, and the link.
 */

export const WINDOW_COLOURS: Record<WindowLive['state'], string> = {
  closed: '#9e9e9e',
  idle: '#43a047',
  calling: '#1e88e5',
  serving: '#fb8c00',
  paused: '#8e24aa',
}

/** Windows in their numeric order (2 before 10), names as the hall calls them. */
export function orderWindows(windows: readonly WindowLive[]): WindowLive[] {
  return [...windows].sort((a, b) => a.no.localeCompare(b.no, 'en', { numeric: true }))
}

export interface QueueRow {
  item: string
  category: string
  waiting: number
  /** The next tickets to be called (priority first, then arrival): at most `next`. */
  next: string[]
  /** Minutes the first in line has waited, at `now`. */
  longestMin: number | null
}

export function queueRows(queues: readonly ItemQueue[], now: number, next = 5): QueueRow[] {
  return queues
    .filter((q) => q.waiting > 0)
    .map((q) => {
      const waiting = q.tickets.filter((t) => t.state === 'waiting')
      const since = waiting
        .map((t) => Date.parse(t.queuedAt ?? t.issuedAt))
        .filter((n) => Number.isFinite(n))
      const oldest = since.length > 0 ? Math.min(...since) : undefined
      return {
        item: q.item,
        category: q.category,
        waiting: q.waiting,
        next: waiting.slice(0, next).map((t) => t.ticket),
        longestMin: oldest === undefined ? null : Math.max(0, (now - oldest) / 60_000),
      }
    })
    .sort((a, b) => b.waiting - a.waiting || a.item.localeCompare(b.item))
}

export interface RatingsView {
  count: number
  mean: number | null
  /** Count per score 5…1, and its share of all ratings. */
  scores: { score: number; count: number; share: number }[]
}

export function ratingsView(today: DayFigures | undefined): RatingsView {
  const r = today?.ratings
  const count = r?.count ?? 0
  const scores = [5, 4, 3, 2, 1].map((score) => {
    const n = r?.byScore[String(score)] ?? 0
    return { score, count: n, share: count > 0 ? n / count : 0 }
  })
  return { count, mean: r?.mean ?? null, scores }
}

export interface DevicesView {
  online: DeviceLive[]
  offline: DeviceLive[]
  /** Devices reporting a fault (paper out …), online or not. */
  faulty: DeviceLive[]
}

export function devicesView(devices: readonly DeviceLive[]): DevicesView {
  const byId = (a: DeviceLive, b: DeviceLive) => a.id.localeCompare(b.id, 'en', { numeric: true })
  return {
    online: devices.filter((d) => d.online).sort(byId),
    offline: devices.filter((d) => !d.online).sort(byId),
    faulty: devices.filter((d) => d.faults.length > 0).sort(byId),
  }
}

/** Windows that could be asked to open: the closed ones, in order. */
export function closedWindows(detail: Pick<SiteDetail, 'windows'>): WindowLive[] {
  return orderWindows(detail.windows.filter((w) => w.state === 'closed'))
}
