import { FIGURE } from '../figures.js'
import type { Applier } from './common.js'
import { windowAt } from './common.js'

/* Windows open, pause, resume and close; the booth sensor says whether someone sits there. */

export const windowOpened: Applier<'window.opened'> = (state, event, at, changes) => {
  const d = event.data
  const window = windowAt(state, d.window, 'idle')
  if (window.ticket === undefined || window.state === 'closed' || window.state === 'paused') {
    window.state = 'idle'
  }
  if (d.staff === undefined) delete window.staff
  else window.staff = d.staff
  window.since = at.ts
  changes.windows.add(d.window)
}

export const windowPaused: Applier<'window.paused'> = (state, event, at, changes) => {
  const window = windowAt(state, event.data.window, 'paused')
  window.state = 'paused'
  window.since = at.ts
  changes.windows.add(event.data.window)
}

export const windowResumed: Applier<'window.resumed'> = (state, event, at, changes) => {
  const window = windowAt(state, event.data.window, 'idle')
  const current = window.ticket === undefined ? undefined : state.tickets.get(window.ticket)
  window.state =
    current?.state === 'serving' ? 'serving' : current?.state === 'called' ? 'calling' : 'idle'
  if (current === undefined) delete window.ticket
  window.since = at.ts
  changes.windows.add(event.data.window)
}

export const windowClosed: Applier<'window.closed'> = (state, event, at, changes) => {
  const window = windowAt(state, event.data.window, 'closed')
  window.state = 'closed'
  delete window.ticket
  delete window.staff
  window.since = at.ts
  changes.windows.add(event.data.window)
}

export const boothPresence: Applier<'booth.presence'> = (state, event, _at, changes) => {
  const window = windowAt(state, event.data.window, 'closed')
  window.present = event.data.present
  changes.windows.add(event.data.window)
}

export const ratingGiven: Applier<'rating.given'> = (_state, event, at, changes) => {
  const day = at.local.day
  changes.add(day, FIGURE.ratings)
  changes.add(day, FIGURE.ratingSum, event.data.score)
  changes.add(day, FIGURE.score(event.data.score))
}
