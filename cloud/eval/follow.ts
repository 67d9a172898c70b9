import type { EventDraft, QueueState, TicketRecord } from '@qms/edge-agent/queue'
import { type HallStats, learnEvent } from '../src/predict/index.js'

/*
 * Learning from a simulated hall without its event stream: at each look, what changed in the
 * hall's queue state since the last look (tickets issued, called, started, ended) becomes the
 * events that would have said so, at the times they happened, and feeds the same learner the
 * live cloud feeds from the real stream. Only the past is seen: a look at time t finds only
 * what the hall did before t.
 */

interface Seen {
  called?: number
  started?: number
  transfers?: number
  ended: boolean
}

export interface CallOutcome {
  ticket: string
  /** Minutes from issue to the first call. */
  waited: number
  at: number
}

export interface Follower {
  /** Learns what happened since the last look; returns the first calls seen (for calibration). */
  sync(state: QueueState, stats: HallStats): CallOutcome[]
  /** Forgets the day (the simulator starts every day afresh). */
  reset(): void
}

export function createFollower(): Follower {
  let seen = new Map<string, Seen>()
  let finishedSeen = 0
  const draftsOf = (t: TicketRecord, s: Seen, out: Array<{ at: number; e: EventDraft }>) => {
    if (!seen.has(t.ticket)) {
      seen.set(t.ticket, s)
      out.push({
        at: t.issuedAt,
        e: {
          type: 'ticket.issued',
          data: {
            ticket: t.ticket,
            item: t.item,
            category: t.category,
            prefix: t.prefix,
            number: t.number,
            priority: t.priority,
            channel: t.channel,
            ahead: t.ahead,
          },
        },
      })
    }
    if (t.calledAt !== undefined && s.called !== t.calledAt && t.window !== undefined) {
      s.called = t.calledAt
      out.push({
        at: t.calledAt,
        e: {
          type: 'ticket.called',
          data: { ticket: t.ticket, window: t.window, item: t.item, mode: 'next' },
        },
      })
    }
    if (t.startedAt !== undefined && s.started !== t.startedAt && t.window !== undefined) {
      s.started = t.startedAt
      out.push({
        at: t.startedAt,
        e: { type: 'ticket.started', data: { ticket: t.ticket, window: t.window } },
      })
    }
    if (t.transfers > (s.transfers ?? 0)) {
      // The engine keeps no time of a transfer within the hall: the last call stands for it.
      s.transfers = t.transfers
      out.push({
        at: Math.max(t.calledAt ?? t.issuedAt, t.startedAt ?? 0),
        e: {
          type: 'ticket.transferred',
          data: { ticket: t.ticket, fromItem: t.item, toItem: t.item },
        },
      })
    }
    if (!s.ended && t.endedAt !== undefined) {
      s.ended = true
      const at = t.endedAt
      const w = t.window ?? ''
      switch (t.state) {
        case 'done':
          out.push({ at, e: { type: 'ticket.completed', data: { ticket: t.ticket, window: w } } })
          break
        case 'noshow':
          out.push({ at, e: { type: 'ticket.noshow', data: { ticket: t.ticket, window: w } } })
          break
        case 'cancelled':
          out.push({
            at,
            e: { type: 'ticket.cancelled', data: { ticket: t.ticket, reason: 'abandoned' } },
          })
          break
        case 'transferred':
          out.push({
            at,
            e: {
              type: 'ticket.transferred',
              data: {
                ticket: t.ticket,
                fromItem: t.item,
                ...(t.toSite === undefined ? {} : { toSite: t.toSite }),
              },
            },
          })
          break
        default:
      }
    }
  }
  return {
    sync(state, stats) {
      const drafts: Array<{ at: number; e: EventDraft }> = []
      let i = 0
      for (const t of state.finished.values()) {
        if (i++ < finishedSeen) continue
        draftsOf(t, seen.get(t.ticket) ?? { ended: false }, drafts)
      }
      finishedSeen = i
      for (const t of state.open.values())
        draftsOf(t, seen.get(t.ticket) ?? { ended: false }, drafts)
      drafts.sort((a, b) => a.at - b.at)
      const calls: CallOutcome[] = []
      for (const { at, e } of drafts) {
        learnEvent(stats, state, e, at)
        if (e.type === 'ticket.called') {
          const t = state.open.get(e.data.ticket) ?? state.finished.get(e.data.ticket)
          if (t !== undefined && t.transfers === 0)
            calls.push({ ticket: t.ticket, waited: (at - t.issuedAt) / 60_000, at })
        }
      }
      return calls
    },
    reset() {
      seen = new Map()
      finishedSeen = 0
    },
  }
}
