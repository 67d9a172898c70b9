import type { FeedState } from '../../src/live/live-feed.js'
import type { BannerView, HallView } from '../../src/view/hall-view.js'
import { pageOf } from '../../src/view/hall-view.js'
import { bilingual, byId, fill, h, restartClass } from '../shared/dom.js'
import { qrElement } from '../shared/qr.js'

/* Draws the hall screen from its view; the view decides, this only draws. */

/** Height of one queue row in the stage's pixels (hall.css `.queue`). */
const QUEUE_ROW_PX = 76
const PAGE_MS = 10_000
const BANNER_MS = 12_000

export interface HallScreen {
  draw(view: HallView): void
  connection(state: FeedState): void
}

export function createHallScreen(): HallScreen {
  const els = {
    name: byId('hall-name'),
    conn: byId('conn'),
    totals: byId('totals'),
    now: byId('now'),
    nowCall: byId('now-call'),
    recent: byId('recent'),
    queues: byId('queues'),
    pager: byId('queue-pager'),
    notice: byId('link-notice'),
    banner: byId('banner'),
  }
  let view: HallView | undefined
  let latestKey: string | undefined
  let queuePage = 0
  let bannerIndex = 0
  let bannerKey = ''

  const drawQueues = () => {
    if (view === undefined) return
    // As many rows as fit: the link notice, when shown, takes some of the height.
    const rows = Math.max(3, Math.floor(els.queues.clientHeight / QUEUE_ROW_PX))
    const { items, page, pages } = pageOf(view.queues, rows, queuePage)
    fill(
      els.queues,
      ...items.map((q) =>
        h(
          'li',
          { class: q.waiting > 0 ? 'queue' : 'queue empty', data: { category: q.category } },
          h('span', { class: 'prefix', text: q.prefix }),
          h('span', { class: 'name' }, bilingual(q.name, q.nameEn)),
          h('span', { class: 'num', text: String(q.waiting) }),
          h(
            'span',
            { class: 'wait' },
            h('span', { class: 'zh', text: q.waiting > 0 ? q.wait.zh : '—' }),
            q.wait.rangeZh === undefined
              ? undefined
              : h('span', { class: 'range', text: q.wait.rangeZh }),
          ),
        ),
      ),
    )
    fill(els.pager, pages > 1 ? `${page + 1} / ${pages}` : '')
  }

  const drawBanner = async () => {
    if (view === undefined) return
    const list = view.banner
    if (list.length === 0) {
      fill(
        els.banner,
        h(
          'div',
          { class: 'banner-text' },
          bilingual(
            '请留意叫号，过号请到窗口咨询',
            'Please watch for your number; if you missed it, ask at a window',
          ),
        ),
      )
      return
    }
    const b = list[bannerIndex % list.length] as BannerView
    const key = `${bannerIndex % list.length}|${JSON.stringify(b)}`
    if (key === bannerKey) return
    bannerKey = key
    const text = bannerText(b)
    const qr = b.kind === 'online' ? await qrElement(b.url, '掌办二维码 QR code') : undefined
    fill(els.banner, qr, text)
    els.banner.dataset.kind = b.kind
  }

  setInterval(() => {
    queuePage++
    drawQueues()
  }, PAGE_MS)
  setInterval(() => {
    bannerIndex++
    void drawBanner()
  }, BANNER_MS)

  return {
    draw(next) {
      view = next
      fill(els.name, bilingual(next.name, next.nameEn))
      fill(
        els.totals,
        h('span', { class: 'total' }, '等候 ', h('b', { text: String(next.waitingTotal) }), ' 人'),
        h(
          'span',
          { class: 'total' },
          '开放窗口 ',
          h('b', { text: String(next.windowsOpen) }),
          ' 个',
        ),
        next.open ? undefined : h('span', { class: 'closed-hours', text: '非办公时间 Closed' }),
      )
      const latest = next.latest
      if (latest === undefined) {
        fill(
          els.nowCall,
          h('div', { class: 'now-empty' }, bilingual('请等候叫号', 'Please wait for your number')),
        )
      } else {
        fill(
          els.nowCall,
          h('div', { class: 'now-ticket', id: 'now-ticket', text: latest.ticket }),
          h(
            'div',
            { class: 'now-window' },
            h(
              'span',
              { class: 'zh' },
              '请到 ',
              h('b', { id: 'now-window', text: latest.windowName }),
              ' 办理',
            ),
            h('span', {
              class: 'en',
              text: `Number ${latest.ticket}, please go to window ${latest.window}`,
            }),
          ),
          latest.recalls > 0
            ? h('div', {
                class: 'recall',
                text: `第${latest.recalls + 1}次呼叫 Call ${latest.recalls + 1}`,
              })
            : undefined,
        )
        if (latest.key !== latestKey) restartClass(els.now, 'flash')
      }
      latestKey = latest?.key
      fill(
        els.recent,
        ...next.recent.map((c) =>
          h(
            'li',
            { data: { ticket: c.ticket } },
            h('span', { class: 'ticket', text: c.ticket }),
            h('span', { class: 'arrow', text: '→' }),
            h('span', { class: 'window', text: c.windowName }),
          ),
        ),
      )
      drawQueues()
      els.notice.hidden = !next.linkDown
      void drawBanner()
    },
    connection(state) {
      const down = state.state === 'waiting' || (state.state === 'connecting' && state.attempt > 0)
      els.conn.hidden = !down
      if (down)
        fill(
          els.conn,
          bilingual('与本厅服务器的连接中断，正在重连…', 'Reconnecting to the hall server…'),
        )
      document.body.classList.toggle('offline', down)
    },
  }
}

function bannerText(b: BannerView): HTMLElement {
  if (b.kind === 'online')
    return h(
      'div',
      { class: 'banner-text' },
      h('div', { class: 'banner-kicker', text: '掌上办理 · 扫码即办' }),
      bilingual(b.text, b.textEn),
    )
  if (b.kind === 'hall') {
    const facts: string[] = []
    if (b.waitMin !== undefined) facts.push(`等候约${Math.round(b.waitMin)}分钟`)
    if (b.travelMin !== undefined) facts.push(`路程约${Math.round(b.travelMin)}分钟`)
    if (b.savingMin !== undefined) facts.push(`可少等${Math.round(b.savingMin)}分钟`)
    return h(
      'div',
      { class: 'banner-text' },
      h('div', {
        class: 'banner-kicker',
        text: b.siteName === undefined ? '就近办理' : `就近办理 · ${b.siteName}`,
      }),
      bilingual(b.text, b.textEn),
      facts.length === 0 ? undefined : h('div', { class: 'banner-facts', text: facts.join(' · ') }),
    )
  }
  return h(
    'div',
    { class: 'banner-text' },
    h('div', { class: 'banner-kicker', text: '温馨提示' }),
    bilingual(b.text, b.textEn),
  )
}
