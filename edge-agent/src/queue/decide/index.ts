import { QmsError } from '@qms/protocol'
import { applyEvent } from '../apply.js'
import type { DecideContext, Decision, QueueOp, QueueRequest, QueueResultOf } from '../requests.js'
import { cloneState, type QueueState } from '../state.js'
import type { Decided } from './common.js'
import { decideCancel, decideHandoffDone, decideRollover } from './internal.js'
import {
  decideCall,
  decideCallback,
  decideCallTicket,
  decideComplete,
  decideNoshow,
  decidePark,
  decideRecall,
  decideStart,
  decideTransfer,
} from './service.js'
import { decideIssue } from './take.js'
import {
  decideClose,
  decideOpen,
  decidePause,
  decidePresence,
  decideRate,
  decideReprint,
  decideResume,
} from './window.js'

type Handler<Op extends QueueOp> = (
  state: QueueState,
  req: Extract<QueueRequest, { op: Op }>,
  ctx: DecideContext,
) => Decided<QueueResultOf<Op>>

/** One decision per op: the dispatch table. */
const handlers: { [Op in QueueOp]: Handler<Op> } = {
  take: (s, r, ctx) =>
    decideIssue(
      s,
      {
        item: r.item,
        priority: r.priority,
        channel: ctx.channel ?? 'kiosk',
        personKey: r.personId === undefined ? undefined : s.model.hashPerson(r.personId),
        reqId: r.reqId,
        device: ctx.device,
      },
      ctx,
    ),
  issue: (s, r, ctx) =>
    decideIssue(
      s,
      {
        item: r.item,
        priority: r.priority,
        channel: r.channel,
        personKey:
          r.personKey ?? (r.personId === undefined ? undefined : s.model.hashPerson(r.personId)),
        handoff: r.handoff,
        reqId: r.reqId,
        device: ctx.device,
      },
      ctx,
    ),
  call: decideCall,
  recall: decideRecall,
  start: (s, r) => decideStart(s, r),
  complete: (s, r) => decideComplete(s, r),
  noshow: (s, r) => decideNoshow(s, r),
  transfer: (s, r) => decideTransfer(s, r),
  park: (s, r) => decidePark(s, r),
  callback: decideCallback,
  callTicket: decideCallTicket,
  pause: (s, r) => decidePause(s, r),
  resume: (s, r) => decideResume(s, r),
  open: (s, r) => decideOpen(s, r),
  close: (s, r) => decideClose(s, r),
  presence: (s, r) => decidePresence(s, r),
  rate: (s, r) => decideRate(s, r),
  reprint: (s, r) => decideReprint(s, r),
  cancel: (s, r, ctx) => decideCancel(s, r.ticket, r.reason, ctx.now),
  handoffDone: (s, r, ctx) => decideHandoffDone(s, r.ticket, r.toSite, r.toTicket, ctx.now),
  rollover: (s) => ({ events: [], result: { day: s.day, cancelled: 0 } }),
}

/**
 * Decides a request against the state, without changing it: the events to journal (then apply
 * with `applyEvent`, in order) and the op's result, or a QmsError with a protocol code.
 *
 * When `ctx.now` falls on a later hall-local day than the state's, the decision starts with the
 * day's rollover (the previous day's open tickets cancelled with reason dayEnd, then a
 * `site.snapshot` that restarts numbering) and decides the request on the new day. A clock that
 * steps back over midnight never rolls the day back.
 */
export function decide<R extends QueueRequest>(
  state: QueueState,
  request: R,
  ctx: DecideContext,
): Decision<QueueResultOf<R['op']>> {
  try {
    const day = state.model.dayOf(ctx.now)
    const handler = handlers[request.op as QueueOp] as unknown as Handler<R['op']>
    if (handler === undefined) throw new QmsError('UNKNOWN_OP', `unknown op ${String(request.op)}`)
    if (state.day === '' || day > state.day) {
      const roll = decideRollover(state, day)
      if (request.op === 'rollover')
        return { ok: true, ...(roll as Decided<QueueResultOf<R['op']>>) }
      const next = cloneState(state)
      for (const e of roll.events) applyEvent(next, e, ctx.now)
      const d = handler(next, request as never, ctx)
      return { ok: true, events: [...roll.events, ...d.events], result: d.result }
    }
    return { ok: true, ...handler(state, request as never, ctx) }
  } catch (err) {
    if (err instanceof QmsError) return { ok: false, error: err }
    throw err
  }
}
