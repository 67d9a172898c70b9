import type { EdgeCatalogue, EdgeCatalogueItem, TakeResult } from '@qms/protocol'
import type { ItemView } from '../../src/kiosk/item-view.js'
import type { SearchHit } from '../../src/kiosk/search.js'
import type { KioskMessage } from '../../src/kiosk/take.js'
import { formatWait } from '../../src/view/format.js'
import { bilingual, fill, h } from '../shared/dom.js'
import { qrElement } from '../shared/qr.js'

/* The kiosk's screens as elements; main.ts decides which one shows and wires the actions. */

type Item = EdgeCatalogueItem
type Click = () => void

const button = (cls: string, zh: string, en: string, onClick: Click, id?: string) =>
  h(
    'button',
    {
      class: cls,
      attrs: { type: 'button' },
      on: { click: onClick },
      ...(id === undefined ? {} : { id }),
    },
    bilingual(zh, en),
  )

export const backButton = (onClick: Click) => button('back', '‹ 返回', 'Back', onClick, 'back')

export function searchBar(query: string, onClick: Click): HTMLElement {
  return h(
    'button',
    { class: 'searchbar', id: 'open-search', attrs: { type: 'button' }, on: { click: onClick } },
    h('span', { class: 'searchicon', attrs: { 'aria-hidden': 'true' } }),
    query === ''
      ? bilingual('搜索事项：输入拼音首字母，如“身份证”输入 sfz', 'Search: type initials, e.g. sfz')
      : h('span', { class: 'query', text: query }),
  )
}

export function homeScreen(
  catalogue: EdgeCatalogue,
  openSearch: Click,
  openCategory: (code: string) => void,
): HTMLElement {
  return h(
    'section',
    { class: 'screen home', data: { screen: 'home' } },
    h('h1', {}, bilingual('请选择办理的事项', 'What do you need to do today?')),
    searchBar('', openSearch),
    h(
      'div',
      { class: 'grid' },
      ...catalogue.categories.map((c) =>
        h(
          'button',
          {
            class: 'tile',
            data: { category: c.code },
            attrs: { type: 'button' },
            on: { click: () => openCategory(c.code) },
          },
          h('span', { class: 'tile-name' }, bilingual(c.name, c.nameEn)),
          h('span', { class: 'tile-wait', text: `等候 ${c.waiting} 人` }),
        ),
      ),
    ),
  )
}

export function itemList(items: readonly Item[], openItem: (code: string) => void): HTMLElement {
  return h(
    'ol',
    { class: 'items', id: 'results' },
    ...items.map((i) => {
      const w = formatWait(i.wait)
      return h(
        'li',
        {},
        h(
          'button',
          {
            class: 'item',
            data: { item: i.code },
            attrs: { type: 'button' },
            on: { click: () => openItem(i.code) },
          },
          h('span', { class: 'item-name' }, bilingual(i.name, i.nameEn)),
          h(
            'span',
            { class: 'item-meta' },
            i.online ? h('span', { class: 'badge', text: '可掌办' }) : undefined,
            h('span', { text: `等候 ${i.waiting} 人 · ${w.zh}` }),
          ),
        ),
      )
    }),
  )
}

export function categoryScreen(
  name: string,
  items: readonly Item[],
  back: Click,
  openItem: (code: string) => void,
): HTMLElement {
  return h(
    'section',
    { class: 'screen category', data: { screen: 'category' } },
    h('div', { class: 'bar' }, backButton(back), h('h1', { text: name })),
    itemList(items, openItem),
  )
}

export interface SearchScreen {
  el: HTMLElement
  input: HTMLInputElement
  /** Shows the hits for `query`. */
  show(query: string, hits: readonly SearchHit<Item>[]): void
}

/**
 * The search screen: the query (typed on the on-screen keyboard, or on a real keyboard or
 * handwriting pad where the kiosk has one), one-touch words, and the hits as they change.
 */
export function searchScreen(parts: {
  chips: readonly string[]
  keyboard: HTMLElement
  back: Click
  chip: (word: string) => void
  typed: (query: string) => void
  openItem: (code: string) => void
}): SearchScreen {
  const input = h('input', {
    class: 'searchbox',
    id: 'query',
    attrs: {
      type: 'search',
      inputmode: 'none',
      autocomplete: 'off',
      maxlength: '40',
      placeholder: '拼音首字母 / 关键词',
      'aria-label': '搜索事项 Search',
    },
    on: { input: () => parts.typed(input.value) },
  })
  const results = h('div', { class: 'results' })
  const el = h(
    'section',
    { class: 'screen search', data: { screen: 'search' } },
    h('div', { class: 'bar' }, backButton(parts.back), input),
    h(
      'div',
      { class: 'chips' },
      ...parts.chips.map((c) =>
        h('button', {
          class: 'chip',
          text: c,
          data: { chip: c },
          attrs: { type: 'button' },
          on: { click: () => parts.chip(c) },
        }),
      ),
    ),
    results,
    parts.keyboard,
  )
  return {
    el,
    input,
    show(query, hits) {
      if (input.value !== query) input.value = query
      fill(
        results,
        query === ''
          ? h(
              'p',
              { class: 'hint' },
              bilingual(
                '输入拼音首字母或点选常用词，例如 身份证 → sfz，护照 → hz',
                'Type pinyin initials or touch a word',
              ),
            )
          : hits.length === 0
            ? h(
                'p',
                { class: 'hint', id: 'no-results' },
                bilingual(
                  '没有找到，请换个说法或咨询工作人员',
                  'Nothing found; try other words or ask the staff',
                ),
              )
            : itemList(
                hits.map((x) => x.item),
                parts.openItem,
              ),
      )
    },
  }
}

export async function itemScreen(view: ItemView, back: Click, take: Click): Promise<HTMLElement> {
  const advice = await Promise.all(
    view.advice.map(async (a) => {
      if (a.kind === 'online')
        return h(
          'div',
          { class: 'advice online', id: 'advice-online' },
          await qrElement(a.url, '掌办二维码 QR code'),
          h(
            'div',
            {},
            h('div', { class: 'kicker', text: '推荐：掌上办理' }),
            bilingual(a.text, a.textEn),
          ),
        )
      const facts =
        a.kind === 'hall'
          ? [
              a.waitMin === undefined ? '' : `等候约${Math.round(a.waitMin)}分钟`,
              a.travelMin === undefined ? '' : `路程约${Math.round(a.travelMin)}分钟`,
              a.savingMin === undefined ? '' : `可少等${Math.round(a.savingMin)}分钟`,
            ].filter((x) => x !== '')
          : []
      return h(
        'div',
        { class: `advice ${a.kind}`, data: { advice: a.kind } },
        h(
          'div',
          {},
          h('div', { class: 'kicker', text: a.kind === 'hall' ? '附近大厅等候更短' : '温馨提示' }),
          bilingual(a.text, a.textEn),
        ),
        facts.length === 0 ? undefined : h('div', { class: 'facts', text: facts.join(' · ') }),
      )
    }),
  )
  return h(
    'section',
    { class: 'screen item-page', data: { screen: 'item', item: view.code } },
    h('div', { class: 'bar' }, backButton(back)),
    h('h1', { id: 'item-name' }, bilingual(view.name, view.nameEn)),
    h(
      'div',
      { class: 'waitbox', id: 'item-wait' },
      h(
        'div',
        {},
        h('div', { class: 'klabel', text: '预计等候 Expected wait' }),
        h('div', { class: 'big', text: view.wait.zh }),
        view.wait.rangeZh === undefined
          ? undefined
          : h('div', { class: 'range', text: `（${view.wait.rangeZh}）` }),
      ),
      h(
        'div',
        {},
        h('div', { class: 'klabel', text: '正在等候 Waiting' }),
        h('div', { class: 'big', text: `${view.waiting} 人` }),
      ),
    ),
    ...advice,
    h(
      'div',
      { class: 'materials', id: 'materials' },
      h('h2', {}, bilingual('请准备以下材料', 'Please bring')),
      h('ol', {}, ...view.materials.map((m) => h('li', { text: m }))),
    ),
    h('div', { class: 'actions' }, button('take', '取号', 'Take a number', take, 'take')),
  )
}

const PRINTED: Record<TakeResult['printed'], [string, string]> = {
  queued: ['正在打印号票，请稍候取走', 'Printing your ticket…'],
  printed: ['请取走号票，留意叫号', 'Please take your ticket and watch for your number'],
  failed: ['打印失败，请记住屏幕上的号码等候叫号', 'Printing failed: please remember your number'],
  none: ['请记住您的号码，留意大屏叫号', 'Please remember your number and watch the hall screen'],
}

export async function ticketScreen(result: TakeResult, done: Click): Promise<HTMLElement> {
  const w = formatWait(result.wait)
  const [zh, en] = PRINTED[result.printed]
  return h(
    'section',
    { class: 'screen ticket', data: { screen: 'ticket', printed: result.printed } },
    h('div', { class: 'ticket-head' }, bilingual('取号成功', 'Your number')),
    h('div', { class: 'ticket-no', id: 'ticket-no', text: result.ticket }),
    h('div', { class: 'ticket-item', text: result.itemName }),
    h(
      'div',
      { class: 'ticket-facts' },
      h(
        'div',
        {},
        h('div', { class: 'klabel', text: '前面还有 Ahead' }),
        h('div', { class: 'big', id: 'ticket-ahead', text: `${result.ahead} 人` }),
      ),
      h(
        'div',
        {},
        h('div', { class: 'klabel', text: '预计等候 Wait' }),
        h('div', { class: 'big', text: w.zh }),
      ),
    ),
    h('div', { class: `printing ${result.printed}`, id: 'printing' }, bilingual(zh, en)),
    result.statusUrl === undefined
      ? undefined
      : h(
          'div',
          { class: 'follow' },
          await qrElement(result.statusUrl, '排队进度二维码'),
          bilingual('扫码查看排队进度', 'Scan to follow your place in the queue'),
        ),
    h('div', { class: 'actions' }, button('done', '完成', 'Done', done, 'done')),
  )
}

export function errorPanel(
  message: KioskMessage,
  retry: Click | undefined,
  close: Click,
): HTMLElement {
  return h(
    'div',
    { class: 'panel error', id: 'error', attrs: { role: 'alert' } },
    h('div', { class: 'error-text' }, bilingual(message.zh, message.en)),
    h(
      'div',
      { class: 'actions' },
      retry === undefined ? undefined : button('take', '重试', 'Try again', retry, 'retry'),
      button('back', '返回', 'Back', close, 'error-close'),
    ),
  )
}
