import type { EdgeCatalogue, EdgeCatalogueItem, HallSnapshot, TakeResult } from '@qms/protocol'
import { createIdleTimer } from '../../src/kiosk/idle.js'
import { itemView } from '../../src/kiosk/item-view.js'
import { createSearchIndex, popularKeywords, type SearchIndex } from '../../src/kiosk/search.js'
import { createTakeIntents, NETWORK_MESSAGE, takeErrorMessage } from '../../src/kiosk/take.js'
import { errorBodyOf, fetchJson } from '../shared/api.js'
import { startClock } from '../shared/clock.js'
import { bilingual, byId, fill, h } from '../shared/dom.js'
import { connectFeed } from '../shared/live.js'
import { applyKey, createKeyboard } from './keyboard.js'
import {
  categoryScreen,
  errorPanel,
  homeScreen,
  itemScreen,
  type SearchScreen,
  searchScreen,
  ticketScreen,
} from './screens.js'

/*
 * The kiosk (取号机) page at `/kiosk/`: categories → items, or search; an item's materials, wait
 * and guidance before taking; take; the ticket on screen. Back to the start after 60 s untouched
 * (30 s on the ticket screen). Query parameter `kiosk=<id>` names the kiosk in request ids.
 */

type Screen =
  | { name: 'home' }
  | { name: 'category'; code: string }
  | { name: 'search' }
  | { name: 'item'; code: string; from: Screen }
  | { name: 'ticket'; result: TakeResult }

declare global {
  interface Window {
    __kiosk?: { screen(): string; takes: TakeResult[]; idleRemaining(): number | undefined }
  }
}

const IDLE_MS = 60_000
const TICKET_MS = 30_000
const params = new URLSearchParams(window.location.search)
const intents = createTakeIntents(params.get('kiosk') ?? 'web', Date.now().toString(36))
const els = {
  view: byId('view'),
  overlay: byId('overlay'),
  hall: byId('hall-name'),
  conn: byId('conn'),
}
const takes: TakeResult[] = []

let catalogue: EdgeCatalogue | undefined
let index: SearchIndex<EdgeCatalogueItem> | undefined
let chips: string[] = []
let snapshot: HallSnapshot | undefined
let screen: Screen = { name: 'home' }
let query = ''
let search: SearchScreen | undefined
let taking = false

const idle = createIdleTimer({ timeoutMs: IDLE_MS, onIdle: () => go({ name: 'home' }) })
const itemOf = (code: string) => catalogue?.items.find((i) => i.code === code)

async function loadCatalogue() {
  const next = await fetchJson<EdgeCatalogue>('/api/catalogue')
  catalogue = next
  const names = new Map(next.categories.map((c) => [c.code, c.name]))
  index = createSearchIndex(next.items, names)
  chips = popularKeywords(next.items, 8)
  fill(els.hall, bilingual(next.name, next.nameEn))
}

function go(next: Screen) {
  screen = next
  els.overlay.hidden = true
  if (next.name === 'home') {
    query = ''
    idle.pause()
  } else idle.poke(next.name === 'ticket' ? TICKET_MS : IDLE_MS)
  void draw()
  // The wait shown before taking should be the wait now: fetch it again, redraw if still here.
  if (next.name === 'item')
    loadCatalogue()
      .then(() => {
        if (screen === next && !taking) void draw()
      })
      .catch(() => undefined)
}

async function draw() {
  const s = screen
  if (catalogue === undefined) {
    fill(els.view, h('p', { class: 'hint' }, bilingual('正在加载…', 'Loading…')))
    return
  }
  if (s.name !== 'search') search = undefined
  switch (s.name) {
    case 'home':
      fill(
        els.view,
        homeScreen(
          catalogue,
          () => go({ name: 'search' }),
          (code) => go({ name: 'category', code }),
        ),
      )
      return
    case 'category': {
      const c = catalogue.categories.find((x) => x.code === s.code)
      const items = catalogue.items.filter((i) => i.category === s.code)
      fill(
        els.view,
        categoryScreen(
          c?.name ?? '',
          items,
          () => go({ name: 'home' }),
          (code) => go({ name: 'item', code, from: s }),
        ),
      )
      return
    }
    case 'search': {
      if (search === undefined) {
        search = searchScreen({
          chips,
          keyboard: createKeyboard((key) => setQuery(applyKey(query, key))),
          back: () => go({ name: 'home' }),
          chip: (word) => setQuery(word),
          typed: (text) => setQuery(text),
          openItem: (code) => go({ name: 'item', code, from: { name: 'search' } }),
        })
        fill(els.view, search.el)
      }
      search.show(query, query === '' ? [] : (index?.search(query, 30) ?? []))
      return
    }
    case 'item': {
      const item = itemOf(s.code)
      if (item === undefined) return go(s.from)
      const view = itemView(item, snapshot?.guidance ?? [], { now: Date.now() })
      const el = await itemScreen(
        view,
        () => go(s.from),
        () => void take(item),
      )
      if (screen === s) fill(els.view, el)
      return
    }
    case 'ticket': {
      const el = await ticketScreen(s.result, () => go({ name: 'home' }))
      if (screen === s) fill(els.view, el)
      return
    }
  }
}

function setQuery(next: string) {
  query = next.slice(0, 40)
  void draw()
}

async function take(item: EdgeCatalogueItem) {
  // A second tap while the first is on its way is the same intent: ignore it.
  if (taking) return
  taking = true
  const button = document.getElementById('take') as HTMLButtonElement | null
  if (button !== null) {
    button.disabled = true
    fill(button, bilingual('正在取号…', 'Taking a number…'))
  }
  const reqId = intents.reqIdFor(item.code)
  try {
    const result = await fetchJson<TakeResult>('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: item.code, reqId }),
      timeoutMs: 15_000,
    })
    intents.done()
    takes.push(result)
    go({ name: 'ticket', result })
  } catch (err) {
    const body = errorBodyOf(err)
    const message = body === undefined ? NETWORK_MESSAGE : takeErrorMessage(body)
    // A refusal is final; after a lost answer the retry carries the same reqId.
    if (!message.retry) intents.done()
    const close = () => {
      els.overlay.hidden = true
      void draw()
    }
    fill(
      els.overlay,
      errorPanel(
        message,
        message.retry
          ? () => {
              els.overlay.hidden = true
              void take(item)
            }
          : undefined,
        close,
      ),
    )
    els.overlay.hidden = false
  } finally {
    taking = false
    if (button !== null && screen.name === 'item') {
      button.disabled = false
      fill(button, bilingual('取号', 'Take a number'))
    }
  }
}

for (const type of ['pointerdown', 'keydown'] as const)
  document.addEventListener(
    type,
    () => {
      if (screen.name === 'home') return
      idle.poke(screen.name === 'ticket' ? TICKET_MS : IDLE_MS)
    },
    { capture: true, passive: true },
  )

window.__kiosk = { screen: () => screen.name, takes, idleRemaining: () => idle.remaining() }
startClock(byId('clock'), () => snapshot?.timezone)
connectFeed({
  onMessage(m) {
    if (m.type === 'snapshot') snapshot = m.snapshot
  },
  onState(s) {
    els.conn.hidden = !(s.state === 'waiting' || (s.state === 'connecting' && s.attempt > 0))
  },
})

async function start() {
  for (let attempt = 0; ; attempt++) {
    try {
      await loadCatalogue()
      break
    } catch {
      fill(
        els.view,
        h(
          'p',
          { class: 'hint' },
          bilingual('正在连接本厅服务器…', 'Connecting to the hall server…'),
        ),
      )
      await new Promise((r) => setTimeout(r, Math.min(10_000, 1000 * 2 ** attempt)))
    }
  }
  void draw()
  // Waits and counts change all day: refresh the catalogue every minute on the start screen.
  setInterval(() => {
    loadCatalogue()
      .then(() => {
        if (screen.name === 'home') void draw()
      })
      .catch(() => undefined)
  }, 60_000)
}
void start()
