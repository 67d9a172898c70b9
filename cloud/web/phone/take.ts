import { formatWait } from '@qms/hall-display/format'
import { createSearchIndex, type SearchableItem } from '@qms/hall-display/search'
import type { Catalogue, PublicHallList, VirtualTicket } from '@qms/protocol'
import { createTakeIntent } from '../../src/console/phone/follow.js'
import {
  distanceText,
  type HallChoice,
  hallChoices,
  type Place,
} from '../../src/console/phone/halls.js'
import { ApiError, api } from '../shared/api.js'
import { bi, fill, h } from '../shared/dom.js'

/*
 * Taking a number on the phone: find the item (the kiosk's search: Chinese words, pinyin
 * initials, keywords), then choose a hall — nearest and shortest first when the phone shares its
 * location — or let the system choose, then take. One intent is one request id, so a double tap
 * or a retry after a lost answer makes one ticket.
 */

type Item = Catalogue['items'][number] & SearchableItem

export interface TakeFlow {
  onTicket(t: VirtualTicket): void
}

const intent = createTakeIntent(
  () => `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
)

export async function takeScreen(root: HTMLElement, flow: TakeFlow): Promise<void> {
  const catalogue = await api<Catalogue>('/api/catalogue')
  const items = catalogue.items as Item[]
  const index = createSearchIndex(items)
  const categories = new Map(catalogue.categories.map((c) => [c.code, c]))
  let here: Place | undefined
  let chosen: Item | undefined

  const input = h('input', {
    attrs: {
      type: 'search',
      placeholder: '输入事项名称或拼音首字母，如 sfz',
      'aria-label': '搜索事项 Search items',
      autocomplete: 'off',
      enterkeyhint: 'search',
    },
    data: { testid: 'search' },
  })
  const results = h('ul', { class: 'results', data: { testid: 'results' } })
  const hallsBox = h('section', { class: 'halls', data: { testid: 'halls' } })
  const itemBox = h('section', { class: 'chosen-item' })
  const message = h('p', { class: 'message', attrs: { role: 'alert' } })

  fill(
    root,
    h('h2', {}, bi('办理什么事项？', 'What do you need to do?')),
    input,
    results,
    itemBox,
    hallsBox,
    message,
  )

  const showResults = () => {
    const q = input.value
    const hits = q.trim() === '' ? [] : index.search(q, 8)
    fill(
      results,
      ...hits.map((hit) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              class: 'result',
              data: { item: hit.item.code },
              on: { click: () => void choose(hit.item) },
            },
            bi(hit.item.name, hit.item.nameEn),
            h('span', {
              class: 'cat',
              text: categories.get(hit.item.category)?.name ?? hit.item.category,
            }),
          ),
        ),
      ),
    )
  }
  input.addEventListener('input', showResults)

  const choose = async (item: Item) => {
    chosen = item
    input.value = item.name
    fill(results)
    fill(
      itemBox,
      h('h3', {}, bi(item.name, item.nameEn)),
      item.online && item.onlineUrl !== undefined
        ? h(
            'a',
            {
              class: 'online',
              attrs: { href: item.onlineUrl, rel: 'noopener noreferrer', target: '_blank' },
              data: { testid: 'online-link' },
            },
            bi(
              '此事项可在手机上办理（掌办），无需排队',
              'Can be done on the phone (掌办), no queue',
            ),
          )
        : undefined,
      item.materials.length === 0
        ? undefined
        : h(
            'details',
            {},
            h('summary', {}, bi('请准备以下材料', 'Please bring')),
            h('ul', {}, ...item.materials.map((m) => h('li', { text: m }))),
          ),
    )
    await showHalls()
  }

  const showHalls = async () => {
    if (chosen === undefined) return
    const item = chosen
    fill(hallsBox, h('p', { class: 'muted', text: '正在查询各服务点等候时间… Loading waits…' }))
    let list: PublicHallList
    try {
      list = await api<PublicHallList>(`/api/halls?item=${encodeURIComponent(item.code)}`)
    } catch (err) {
      fill(hallsBox, h('p', { class: 'message', text: errorText(err) }))
      return
    }
    const choices = hallChoices(list.halls, { item: item.code, here })
    const locate = here === undefined && 'geolocation' in navigator
    fill(
      hallsBox,
      h('h2', {}, bi('选择服务点', 'Choose a hall')),
      h(
        'button',
        {
          class: 'primary auto',
          data: { testid: 'auto' },
          on: { click: () => void take(item, undefined) },
        },
        bi('让系统为我选择', 'Let the system choose'),
      ),
      locate
        ? h(
            'button',
            { class: 'link', data: { testid: 'locate' }, on: { click: () => locateMe() } },
            bi('按我的位置排序', 'Sort by my location'),
          )
        : undefined,
      choices.length === 0
        ? h('p', {}, bi('暂无服务点办理此事项', 'No hall offers this item'))
        : h('ul', { class: 'hall-list' }, ...choices.map((c) => hallItem(item, c))),
    )
  }

  const hallItem = (item: Item, c: HallChoice) => {
    const wait = formatWait(c.wait)
    const dist = distanceText(c.distanceKm)
    return h(
      'li',
      {},
      h(
        'button',
        {
          class: `hall ${c.open ? '' : 'shut'}`.trim(),
          data: { site: c.id },
          attrs: c.open ? {} : { disabled: '' },
          on: { click: () => void take(item, c.id) },
        },
        h('span', { class: 'hall-name' }, bi(c.name, c.nameEn)),
        h(
          'span',
          { class: 'hall-facts' },
          c.open
            ? bi(`等候${wait.zh.replace(/^约/, '约 ')}`, `wait ${wait.en}`, 'wait')
            : bi('未到取号时间', 'not issuing now', 'wait'),
          dist === undefined ? undefined : bi(dist.zh, dist.en, 'dist'),
          bi(`${c.waiting}人排队`, `${c.waiting} waiting`, 'queue'),
        ),
      ),
    )
  }

  const locateMe = () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        here = { lat: pos.coords.latitude, lng: pos.coords.longitude }
        void showHalls()
      },
      () => {
        message.textContent = '无法获取位置 · Location unavailable'
      },
      { timeout: 8_000, maximumAge: 300_000 },
    )
  }

  let taking = false
  const take = async (item: Item, site: string | undefined) => {
    if (taking) return
    taking = true
    message.textContent = '正在取号… Taking a number…'
    const reqId = intent.reqIdFor({ item: item.code, site })
    try {
      const ticket = await api<VirtualTicket>('/api/virtual-tickets', {
        method: 'POST',
        body: {
          item: item.code,
          reqId,
          ...(site === undefined ? {} : { site }),
          ...(site === undefined && here !== undefined ? { lat: here.lat, lng: here.lng } : {}),
        },
        timeoutMs: 15_000,
      })
      intent.done()
      message.textContent = ''
      flow.onTicket(ticket)
    } catch (err) {
      message.textContent = errorText(err)
    } finally {
      taking = false
    }
  }

  input.focus()
}

/** A failed request in Chinese first, from its code. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return '网络异常，请重试 · Network problem, please try again'
    if (err.code === 'RATE_LIMITED')
      return '操作过于频繁，请稍后再试 · Too many requests, try later'
    return `${err.messageZh ?? '请求失败'} · ${err.message}`
  }
  return '请求失败 · Request failed'
}
