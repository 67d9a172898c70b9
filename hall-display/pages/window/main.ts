import type { EdgeWsMessage, HallSnapshot } from '@qms/protocol'
import type { FeedState } from '../../src/live/live-feed.js'
import { windowNoFromPath, windowView } from '../../src/view/window-view.js'
import { startClock } from '../shared/clock.js'
import { bilingual, byId, fill, h, restartClass } from '../shared/dom.js'
import { connectFeed } from '../shared/live.js'

/*
 * The window screen (窗口屏) above one window, at `/display/window/<n>`: the window's name, its
 * current ticket large, and what is happening there. It follows the hall snapshot like the hall
 * screen; notices meant for a window travel to its display device over MQTT, not on this feed.
 */

declare global {
  interface Window {
    __window?: { renders: Array<{ at: number; ticket?: string; state: string }> }
  }
}

const no = windowNoFromPath(window.location.pathname) ?? ''
const els = {
  name: byId('window-name'),
  ticket: byId('window-ticket'),
  line: byId('window-line'),
  body: byId('body'),
  hall: byId('hall-name'),
  conn: byId('conn'),
}
const renders: Array<{ at: number; ticket?: string; state: string }> = []
window.__window = { renders }
let snapshot: HallSnapshot | undefined
let callKey: string | undefined

function draw() {
  if (snapshot === undefined) return
  const v = windowView(snapshot, no)
  fill(els.name, v.name)
  fill(els.ticket, v.ticket ?? '')
  els.ticket.hidden = v.ticket === undefined
  fill(
    els.line,
    v.state === 'calling' && v.ticket !== undefined
      ? bilingual(
          `请 ${v.ticket} 号到${v.name}办理`,
          `Number ${v.ticket}, please come to this window`,
        )
      : bilingual(v.line, v.lineEn),
  )
  els.body.dataset.state = v.state
  fill(els.hall, v.hallName)
  if (v.callKey !== undefined && v.callKey !== callKey && v.state === 'calling')
    restartClass(els.body, 'flash')
  callKey = v.callKey
  renders.push({
    at: Date.now(),
    ...(v.ticket === undefined ? {} : { ticket: v.ticket }),
    state: v.state,
  })
  if (renders.length > 200) renders.shift()
}

document.title = `${no}号窗口 · 窗口屏`
startClock(byId('clock'), () => snapshot?.timezone)
connectFeed({
  onMessage(m: EdgeWsMessage) {
    if (m.type === 'snapshot') {
      snapshot = m.snapshot
      draw()
    }
  },
  onState(s: FeedState) {
    els.conn.hidden = !(s.state === 'waiting' || (s.state === 'connecting' && s.attempt > 0))
  },
})
if (no === '')
  fill(els.line, h('span', { text: '地址中没有窗口号 No window number in the address' }))
