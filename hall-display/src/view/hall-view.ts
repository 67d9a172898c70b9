import type { Announce, CallEntry, Guidance, HallSnapshot, QueueEntry } from '@qms/protocol'
import { formatWait, type WaitText } from './format.js'

/*
 * What the hall screen shows, from the hall snapshot alone: the pages only draw this. Pure, so
 * the choices (which call is "the latest", which queues come first, what the banner says) are
 * tested without a browser.
 */

export interface CallView {
  ticket: string
  window: string
  /** 5号窗口 */
  windowName: string
  recalls: number
  at: string
  /** Changes whenever this call is made again (a recall): the screen flashes anew. */
  key: string
}

export interface QueueView {
  category: string
  prefix: string
  name: string
  nameEn?: string
  waiting: number
  wait: WaitText
}

export type BannerView =
  | { kind: 'online'; text: string; textEn?: string; url: string; item?: string }
  | {
      kind: 'hall'
      text: string
      textEn?: string
      siteName?: string
      waitMin?: number
      savingMin?: number
      travelMin?: number
    }
  | { kind: 'notice'; text: string; textEn?: string }

export interface HallView {
  name: string
  nameEn?: string
  open: boolean
  latest?: CallView
  /** The calls before the latest one, newest first. */
  recent: CallView[]
  queues: QueueView[]
  waitingTotal: number
  /** Windows open now (idle, calling or serving). */
  windowsOpen: number
  banner: BannerView[]
  /** The hall's link to the cloud is down: the screen says the hall works as usual. */
  linkDown: boolean
  seq: number
}

export interface HallViewOptions {
  /** Calls listed besides the latest (default 8). */
  recentCount?: number
  /** Online items to advertise when the cloud gave no guidance (from the kiosk catalogue). */
  onlineFallback?: Array<{ item: string; name: string; url: string }>
}

const windowName = (c: Pick<CallEntry, 'window' | 'windowName'>) =>
  c.windowName ?? `${c.window}号窗口`

export function callView(c: CallEntry): CallView {
  return {
    ticket: c.ticket,
    window: c.window,
    windowName: windowName(c),
    recalls: c.recalls,
    at: c.at,
    key: `${c.ticket}|${c.window}|${c.at}|${c.recalls}`,
  }
}

/** Queues with people waiting first (in the hall's order), then the others. */
export function orderQueues(queues: readonly QueueEntry[]): QueueView[] {
  const view = (q: QueueEntry): QueueView => ({
    category: q.category,
    prefix: q.prefix,
    name: q.name,
    ...(q.nameEn === undefined ? {} : { nameEn: q.nameEn }),
    waiting: q.waiting,
    wait: formatWait(q.waiting > 0 ? q.wait : undefined),
  })
  return [...queues.filter((q) => q.waiting > 0), ...queues.filter((q) => q.waiting === 0)].map(
    view,
  )
}

export function bannerOf(
  guidance: readonly Guidance[],
  fallback: HallViewOptions['onlineFallback'] = [],
): BannerView[] {
  const out: BannerView[] = []
  for (const g of guidance) {
    const en = g.textEn === undefined ? {} : { textEn: g.textEn }
    if (g.kind === 'online' && g.url !== undefined)
      out.push({
        kind: 'online',
        text: g.text,
        url: g.url,
        ...en,
        ...(g.item === undefined ? {} : { item: g.item }),
      })
    else if (g.kind === 'hall')
      out.push({
        kind: 'hall',
        text: g.text,
        ...en,
        ...(g.siteName === undefined ? {} : { siteName: g.siteName }),
        ...(g.waitMin === undefined ? {} : { waitMin: g.waitMin }),
        ...(g.savingMin === undefined ? {} : { savingMin: g.savingMin }),
        ...(g.travelMin === undefined ? {} : { travelMin: g.travelMin }),
      })
    else if (g.kind === 'notice' || g.kind === 'online')
      out.push({ kind: 'notice', text: g.text, ...en })
  }
  if (!out.some((b) => b.kind === 'online')) {
    for (const f of fallback.slice(0, 3))
      out.push({
        kind: 'online',
        item: f.item,
        url: f.url,
        text: `「${f.name}」可掌上办理，扫码即办，无需排队`,
        textEn: 'Can be done on your phone: scan the code, no need to queue',
      })
  }
  return out
}

export function hallView(snapshot: HallSnapshot, options: HallViewOptions = {}): HallView {
  const recentCount = options.recentCount ?? 8
  const calls = snapshot.calls.map(callView)
  const [latest, ...rest] = calls
  const queues = orderQueues(snapshot.queues)
  return {
    name: snapshot.name,
    ...(snapshot.nameEn === undefined ? {} : { nameEn: snapshot.nameEn }),
    open: snapshot.open,
    ...(latest === undefined ? {} : { latest }),
    recent: rest.slice(0, recentCount),
    queues,
    waitingTotal: snapshot.queues.reduce((n, q) => n + q.waiting, 0),
    windowsOpen: snapshot.windows.filter((w) => w.state !== 'closed' && w.state !== 'paused')
      .length,
    banner: bannerOf(snapshot.guidance, options.onlineFallback),
    linkDown: !snapshot.link.connected,
    seq: snapshot.seq,
  }
}

/**
 * The snapshot with an announced call at the top of its calls, so the screen shows a call the
 * moment it is announced; the next snapshot (which includes it) replaces this one.
 */
export function withAnnounce(snapshot: HallSnapshot, a: Announce): HallSnapshot {
  const known = snapshot.calls.find((c) => c.ticket === a.ticket && c.window === a.window)
  if (known !== undefined && Date.parse(known.at) >= Date.parse(a.at)) return snapshot
  const entry: CallEntry = {
    ticket: a.ticket,
    window: a.window,
    ...(a.windowName === undefined ? {} : { windowName: a.windowName }),
    item: known?.item ?? 'UNKNOWN',
    at: a.at,
    recalls: a.recall ? (known?.recalls ?? 0) + 1 : 0,
  }
  const others = snapshot.calls.filter((c) => c.ticket !== a.ticket)
  return { ...snapshot, calls: [entry, ...others].slice(0, 20) }
}

/** Page `index` (0-based, wrapping) of `list` cut into pages of `size`. */
export function pageOf<T>(
  list: readonly T[],
  size: number,
  index: number,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / Math.max(1, size)))
  const page = ((index % pages) + pages) % pages
  return { items: list.slice(page * size, page * size + size), page, pages }
}
