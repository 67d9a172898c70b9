import type { EdgeCatalogue, EdgeWsMessage, HallSnapshot } from '@qms/protocol'
import type { FeedState, LiveFeed } from '../../src/live/live-feed.js'
import { hallView, withAnnounce } from '../../src/view/hall-view.js'
import { type Announcer, createAnnouncer } from '../../src/voice/announcer.js'
import { fetchJson } from '../shared/api.js'
import { startClock } from '../shared/clock.js'
import { byId } from '../shared/dom.js'
import { connectFeed } from '../shared/live.js'
import { fitStage } from '../shared/stage.js'
import { createHallScreen } from './render.js'
import { createBrowserSpeaker, type VoiceMode } from './speaker.js'

/*
 * The hall screen (综合屏), 1920×1080. Query parameters:
 *   voice=auto|speech|audio|off  who speaks (default auto; `off` for a second screen in the same
 *                                hall, so that one screen speaks)
 *   repeats=1…3                  times each sentence is said (default 2)
 */

export interface HallDebug {
  feed: LiveFeed
  /** Each drawing of the screen: when, which call was on top, which snapshot. */
  renders: Array<{ at: number; latest?: string; seq: number }>
  snapshot(): HallSnapshot | undefined
}

declare global {
  interface Window {
    __announcer?: Announcer
    __hall?: HallDebug
  }
}

const params = new URLSearchParams(window.location.search)
const modes: VoiceMode[] = ['auto', 'speech', 'audio', 'off']
const mode = (modes as string[]).includes(params.get('voice') ?? '')
  ? (params.get('voice') as VoiceMode)
  : 'auto'
const repeats = Math.min(3, Math.max(1, Number(params.get('repeats') ?? 2) || 2))

fitStage(byId('stage'), 1920, 1080)
const screen = createHallScreen()
const announcer = createAnnouncer({ speaker: createBrowserSpeaker({ mode }), repeats })
const renders: HallDebug['renders'] = []
let snapshot: HallSnapshot | undefined
startClock(byId('clock'), () => snapshot?.timezone)
let onlineFallback: Array<{ item: string; name: string; url: string }> = []

const draw = () => {
  if (snapshot === undefined) return
  const view = hallView(snapshot, { onlineFallback, recentCount: 6 })
  screen.draw(view)
  renders.push({
    at: Date.now(),
    ...(view.latest === undefined ? {} : { latest: view.latest.ticket }),
    seq: view.seq,
  })
  if (renders.length > 200) renders.shift()
}

const onMessage = (m: EdgeWsMessage) => {
  if (m.type === 'snapshot') {
    snapshot = m.snapshot
  } else {
    announcer.enqueue(m.announce)
    if (snapshot !== undefined) snapshot = withAnnounce(snapshot, m.announce)
  }
  draw()
}

const feed = connectFeed({ onMessage, onState: (s: FeedState) => screen.connection(s) })
window.__announcer = announcer
window.__hall = { feed, renders, snapshot: () => snapshot }

/** Items that can be done on the phone, advertised when the cloud sends no guidance. */
async function loadOnlineItems() {
  try {
    const catalogue = await fetchJson<EdgeCatalogue>('/api/catalogue')
    onlineFallback = catalogue.items
      .filter((i) => i.online && i.onlineUrl !== undefined)
      .sort((a, b) => b.waiting - a.waiting)
      .slice(0, 3)
      .map((i) => ({ item: i.code, name: i.name, url: i.onlineUrl as string }))
    draw()
  } catch {
    // The banner keeps what it had; the next try is in five minutes.
  }
}
void loadOnlineItems()
setInterval(loadOnlineItems, 5 * 60_000)
