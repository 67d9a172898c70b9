import type { RequestOf, ResultOf, WindowState } from '@qms/protocol'
import type { QueueState } from '../state.js'
import { windowStateOf } from '../views.js'
import { type Decided, mustBeFree, refuse, ticketOf, windowOf } from './common.js'

/* Opening hours of a window, the booth sensor, the evaluator and reprints. */

type WindowResult = ResultOf<'open'>

const result = (window: string, state: WindowState): WindowResult => ({ window, state })

export function decidePause(state: QueueState, req: RequestOf<'pause'>): Decided<WindowResult> {
  const w = windowOf(state, req.window)
  if (!w.rec.open) refuse('WINDOW_CLOSED', `window ${req.window} is closed`, '/window')
  if (w.rec.paused) refuse('WINDOW_PAUSED', `window ${req.window} is paused already`, '/window')
  return {
    events: [{ type: 'window.paused', data: { window: req.window } }],
    result: result(req.window, 'paused'),
  }
}

export function decideResume(state: QueueState, req: RequestOf<'resume'>): Decided<WindowResult> {
  const w = windowOf(state, req.window)
  if (!w.rec.open) refuse('WINDOW_CLOSED', `window ${req.window} is closed`, '/window')
  if (!w.rec.paused) refuse('BAD_STATE', `window ${req.window} is not paused`, '/window')
  return {
    events: [{ type: 'window.resumed', data: { window: req.window } }],
    result: result(req.window, windowStateOf(state, { ...w.rec, paused: false })),
  }
}

/**
 * Opens the window (and resumes it if paused). Opening an open window changes nothing unless it
 * names another staff member: a keypad's open key pressed twice is not an error.
 */
export function decideOpen(state: QueueState, req: RequestOf<'open'>): Decided<WindowResult> {
  const w = windowOf(state, req.window)
  const same = w.rec.open && !w.rec.paused && (req.staff === undefined || req.staff === w.rec.staff)
  if (same) return { events: [], result: result(req.window, windowStateOf(state, w.rec)) }
  const data =
    req.staff === undefined ? { window: req.window } : { window: req.window, staff: req.staff }
  return {
    events: [{ type: 'window.opened', data }],
    result: result(req.window, windowStateOf(state, { ...w.rec, open: true, paused: false })),
  }
}

/** Closes the window once its current ticket is finished; closing a closed window changes nothing. */
export function decideClose(state: QueueState, req: RequestOf<'close'>): Decided<WindowResult> {
  const w = windowOf(state, req.window)
  if (!w.rec.open) return { events: [], result: result(req.window, 'closed') }
  mustBeFree(state, w)
  return {
    events: [{ type: 'window.closed', data: { window: req.window } }],
    result: result(req.window, 'closed'),
  }
}

/** The booth sensor's reading; a repeated reading changes nothing. */
export function decidePresence(
  state: QueueState,
  req: RequestOf<'presence'>,
): Decided<ResultOf<'presence'>> {
  const w = windowOf(state, req.window)
  const events =
    w.rec.present === req.present
      ? []
      : [
          {
            type: 'booth.presence' as const,
            data: { window: req.window, present: req.present },
          },
        ]
  return { events, result: { window: req.window, present: req.present } }
}

/** A rating for a ticket served (or in service) at this window, once. */
export function decideRate(state: QueueState, req: RequestOf<'rate'>): Decided<ResultOf<'rate'>> {
  windowOf(state, req.window)
  const t = ticketOf(state, req.ticket)
  const served = t.state === 'done' || t.state === 'serving'
  if (!served || t.window !== req.window || t.rated === true) {
    refuse(
      'RATING_NOT_ALLOWED',
      t.rated === true
        ? `${t.ticket} was rated already`
        : `${t.ticket} was not served at window ${req.window}`,
      '/ticket',
    )
  }
  return {
    events: [
      {
        type: 'rating.given',
        data: { window: req.window, ticket: req.ticket, score: req.score },
      },
    ],
    result: { window: req.window, ticket: req.ticket, score: req.score },
  }
}

/** A reprint changes nothing in the queue; the edge prints and fills `printed`. */
export function decideReprint(
  state: QueueState,
  req: RequestOf<'reprint'>,
): Decided<ResultOf<'reprint'>> {
  const t = ticketOf(state, req.ticket)
  return { events: [], result: { ticket: t.ticket, printed: 'none' } }
}
