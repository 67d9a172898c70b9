import {
  type Catalogue,
  type HandoffResult,
  type RecommendationResult,
  VirtualTicketStatus,
} from '@qms/protocol'
import { Value } from '@sinclair/typebox/value'
import { pollPlan } from '../../src/console/phone/follow.js'
import { type TicketView, ticketView } from '../../src/console/phone/ticket.js'
import { ApiError, api } from '../shared/api.js'
import { bi, fill, h } from '../shared/dom.js'
import { errorText } from './take.js'

/*
 * One ticket, followed live: the number, the hall, the people ahead and the predicted wait,
 * "快到您了" once three or fewer are ahead, the window when it is called. It listens to the
 * cloud's live feed for the ticket (server-sent events) and, when that is not available or
 * breaks, asks every few seconds with back-off. What it gets is checked against the protocol's
 * schema; anything else is ignored. A failure to draw is reported, not taken for the network's.
 */

export interface TicketScreen {
  stop(): void
  /** Renders of the ticket: for tests (window.__phone). */
  readonly renders: { at: number; ahead: number; phase: string }[]
}

export function ticketScreen(
  root: HTMLElement,
  site: string,
  ticket: string,
  opts: { onMoved(path: string): void },
): TicketScreen {
  const renders: TicketScreen['renders'] = []
  const card = h('section', { class: 'ticket', data: { testid: 'ticket' } })
  const guidance = h('section', { class: 'guidance', data: { testid: 'guidance' } })
  const status = h('p', { class: 'status muted', attrs: { role: 'status' } })
  fill(root, card, guidance, status)

  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let source: EventSource | undefined
  let failures = 0
  let last: VirtualTicketStatus | undefined
  let guided = false
  const base = `/api/virtual-tickets/${encodeURIComponent(site)}/${encodeURIComponent(ticket)}`

  const draw = (s: VirtualTicketStatus) => {
    last = s
    const v = ticketView(s)
    renders.push({ at: Date.now(), ahead: v.ahead, phase: v.phase })
    fill(
      card,
      h(
        'div',
        { class: `phase phase-${v.phase}`, data: { testid: 'headline', phase: v.phase } },
        bi(v.headlineZh, v.headlineEn),
      ),
      h('div', { class: 'number', text: v.ticket, data: { testid: 'number' } }),
      h('div', { class: 'hall-line' }, bi(v.hall, undefined)),
      v.phase === 'waiting' || v.phase === 'near'
        ? h(
            'div',
            { class: 'facts' },
            h('div', { class: 'fact', data: { testid: 'ahead' } }, bi(v.aheadZh, v.aheadEn)),
            v.wait === undefined
              ? undefined
              : h(
                  'div',
                  { class: 'fact', data: { testid: 'wait' } },
                  bi(`预计等候${v.wait.zh}`, `Expected wait ${v.wait.en}`),
                  v.wait.rangeZh === undefined
                    ? undefined
                    : bi(`（多数在${v.wait.rangeZh}之间）`, `(usually ${v.wait.rangeEn})`, 'range'),
                ),
          )
        : h('div', { class: 'facts' }, h('div', { class: 'fact' }, bi(v.aheadZh, v.aheadEn))),
      v.window === undefined || (v.phase !== 'called' && v.phase !== 'serving')
        ? undefined
        : h('div', { class: 'window', data: { testid: 'window' }, text: `${v.window}号窗口` }),
    )
    status.textContent = `更新于 ${new Date(s.updatedAt).toLocaleTimeString('zh-CN', { hour12: false })} · Updated`
    if (!guided && v.live) void guide(s, v)
    // Called, served or over: advice on where to wait no longer applies.
    if (v.phase !== 'waiting' && v.phase !== 'near') {
      guided = true
      fill(guidance)
    }
    if (!v.live) stop()
  }

  // Checked by TypeBox's interpreter: the page's Content-Security-Policy allows no eval, which
  // the protocol's compiled validators need.
  const accept = (data: unknown): boolean => {
    if (!Value.Check(VirtualTicketStatus, data)) return false
    draw(data)
    return true
  }

  const fetchOnce = async () => {
    timer = undefined
    if (stopped) return
    try {
      accept(await api<unknown>(base))
      failures = 0
    } catch (err) {
      // A bug in drawing is the page's, not the network's: reported as such, still retried.
      if (!(err instanceof ApiError)) reportError(err)
      failures++
      if (err instanceof ApiError && err.status === 404 && last === undefined) {
        fill(card, h('p', { class: 'message' }, bi('没有找到这个号码', 'No such ticket today')))
        stop()
        return
      }
      status.textContent = errorText(err)
    }
    if (stopped) return
    const plan = pollPlan(last === undefined ? undefined : ticketView(last).phase)
    timer = setTimeout(fetchOnce, failures === 0 ? plan.okMs : plan.afterFailureMs(failures))
  }

  // The live feed when the cloud offers one; polling takes over while it is down.
  const listen = () => {
    if (typeof EventSource === 'undefined') return
    const es = new EventSource(`${base}/events`)
    source = es
    const onData = (e: MessageEvent) => {
      try {
        if (accept(JSON.parse(String(e.data)))) failures = 0
      } catch {
        // not JSON: ignored
      }
    }
    es.addEventListener('message', onData)
    es.addEventListener('status', onData as EventListener)
    // The ticket is over: its last status came just before; the feed must not reconnect.
    es.addEventListener('end', () => es.close())
    es.addEventListener('error', () => {
      // EventSource reconnects by itself; until it does, polling keeps the page current.
      if (timer === undefined && !stopped) timer = setTimeout(fetchOnce, 2_000)
    })
    es.addEventListener('open', () => {
      if (timer !== undefined) {
        clearTimeout(timer)
        timer = undefined
      }
    })
  }

  const guide = async (s: VirtualTicketStatus, v: TicketView) => {
    guided = true
    const parts: HTMLElement[] = []
    const [catalogue, rec] = await Promise.all([
      api<Catalogue>('/api/catalogue').catch(() => undefined),
      v.phase === 'waiting'
        ? api<RecommendationResult>(
            `/api/recommendations?item=${encodeURIComponent(s.item)}&site=${encodeURIComponent(site)}`,
          ).catch(() => undefined)
        : Promise.resolve(undefined),
    ])
    const item = catalogue?.items.find((i) => i.code === s.item)
    if (item?.online === true && item.onlineUrl !== undefined)
      parts.push(
        h(
          'a',
          {
            class: 'online',
            attrs: { href: item.onlineUrl, rel: 'noopener noreferrer', target: '_blank' },
            data: { testid: 'online-link' },
          },
          bi(
            '此事项可在手机上办理（掌办），点此前往',
            'This can be done on the phone (掌办): open it',
          ),
        ),
      )
    if (rec?.decision === 'hall' && rec.site !== undefined && rec.site !== site) {
      const to = rec.site
      const note = h('span', { class: 'muted' })
      parts.push(
        h(
          'div',
          { class: 'shorter', data: { testid: 'shorter-hall' } },
          bi(
            `${rec.siteName ?? to}等候更短${rec.savingMin === undefined ? '' : `，约可少等${Math.round(rec.savingMin)}分钟`}`,
            `A hall nearby has a shorter wait${rec.savingMin === undefined ? '' : ` (about ${Math.round(rec.savingMin)} min less)`}`,
          ),
          h(
            'button',
            {
              class: 'primary',
              data: { testid: 'handoff' },
              on: {
                click: () =>
                  void (async () => {
                    note.textContent = '…'
                    try {
                      const moved = await api<HandoffResult>(`${base}/handoff`, {
                        method: 'POST',
                        body: {
                          toSite: to,
                          reqId: `h-${site}-${ticket}-${to}`.replace(/[^A-Za-z0-9_.:-]/g, '-'),
                        },
                        timeoutMs: 15_000,
                      })
                      stop()
                      opts.onMoved(pagePath(moved.site, moved.ticket.ticket, moved.links.page))
                    } catch (err) {
                      note.textContent = errorText(err)
                    }
                  })(),
              },
            },
            bi('改去该服务点（保留排队时间）', 'Go there instead (keep my place)'),
          ),
          note,
        ),
      )
    }
    // The ticket may have been called while the advice was asked for.
    if (last !== undefined && !['waiting', 'parked'].includes(last.state)) return
    fill(guidance, ...parts)
  }

  const stop = () => {
    stopped = true
    clearTimeout(timer)
    source?.close()
  }

  void fetchOnce().then(() => {
    if (!stopped) listen()
  })
  return { stop, renders }
}

/** The phone page of a ticket: the cloud's link when it is one of ours, else /t/<site>/<ticket>. */
export function pagePath(site: string, ticket: string, link: string | undefined): string {
  if (link !== undefined) {
    try {
      const u = new URL(link, location.origin)
      if (u.origin === location.origin && u.pathname.startsWith('/t/')) return u.pathname
    } catch {
      // not a URL: use ours
    }
  }
  return `/t/${encodeURIComponent(site)}/${encodeURIComponent(ticket)}`
}
