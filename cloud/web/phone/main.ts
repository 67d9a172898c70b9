import type { VirtualTicket } from '@qms/protocol'
import { byId, fill, h } from '../shared/dom.js'
import { errorText, takeScreen } from './take.js'
import { pagePath, type TicketScreen, ticketScreen } from './ticket-screen.js'

/*
 * The phone page: `/m/` takes a number, `/t/<site>/<ticket>` follows one — the address the
 * printed ticket's QR code holds, so a kiosk ticket and a phone ticket look the same here.
 */

const screen = byId('screen')
let current: TicketScreen | undefined
const TICKET_PATH = /^\/t\/([a-z0-9][a-z0-9-]{0,31})\/([A-Z]{1,2}[0-9]{3,4})\/?$/

declare global {
  interface Window {
    __phone?: { ticket(): TicketScreen | undefined }
  }
}
window.__phone = { ticket: () => current }

function show() {
  current?.stop()
  current = undefined
  const m = TICKET_PATH.exec(location.pathname)
  if (m !== null) {
    current = ticketScreen(screen, m[1] as string, m[2] as string, {
      onMoved: (path) => navigate(path),
    })
    return
  }
  takeScreen(screen, {
    onTicket: (t: VirtualTicket) => navigate(pagePath(t.site, t.ticket, t.links.page)),
  }).catch((err: unknown) => {
    fill(screen, h('p', { class: 'message', text: errorText(err) }))
  })
}

function navigate(path: string) {
  history.pushState(null, '', path)
  show()
}

window.addEventListener('popstate', show)
show()
