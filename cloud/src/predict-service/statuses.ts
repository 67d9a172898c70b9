import { aheadOf, findTicket, type QueueState, type TicketRecord } from '@qms/edge-agent/queue'
import type { Channel, Priority, TicketState, WaitPrediction } from '@qms/protocol'

/*
 * Where each ticket of a hall stands, as the phone page shows it: state, people ahead (as the
 * engine counts them for the windows that may serve it), the predicted wait, the window when
 * called. Computed by the hall's owner at each refresh; only what changed is written.
 */

export interface StoredStatus {
  ticket: string
  item: string
  category: string
  priority: Priority
  channel: Channel
  state: TicketState
  issuedAt: string
  ahead: number
  wait?: WaitPrediction
  window?: string
  calledAt?: string
  endedAt?: string
  toSite?: string
  toTicket?: string
  /** Seq of the hall's last event the status saw. */
  seq: number
  updatedAt: string
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString())

export function statusOf(
  state: QueueState,
  t: TicketRecord,
  wait: WaitPrediction | undefined,
  seq: number,
  now: number,
): StoredStatus {
  const s: StoredStatus = {
    ticket: t.ticket,
    item: t.item,
    category: t.category,
    priority: t.priority,
    channel: t.channel,
    state: t.state,
    issuedAt: new Date(t.issuedAt).toISOString(),
    ahead: t.state === 'waiting' ? aheadOf(state, t) : 0,
    seq,
    updatedAt: new Date(now).toISOString(),
  }
  if (wait !== undefined && t.state === 'waiting') s.wait = wait
  if (t.window !== undefined && t.state !== 'waiting') s.window = t.window
  const calledAt = iso(t.calledAt)
  if (calledAt !== undefined && t.state !== 'waiting') s.calledAt = calledAt
  const endedAt = iso(t.endedAt)
  if (endedAt !== undefined) s.endedAt = endedAt
  if (t.toSite !== undefined) s.toSite = t.toSite
  if (t.toTicket !== undefined) s.toTicket = t.toTicket
  return s
}

/** What makes a status worth writing again (not its time, nor a tenth of a minute of wait). */
const signature = (s: StoredStatus) =>
  `${s.state}|${s.ahead}|${s.window ?? ''}|${s.wait === undefined ? '' : Math.round(s.wait.minutes)}|${s.toTicket ?? ''}`

/** Remembers what was written per ticket and tells which statuses changed. */
export class StatusTracker {
  private written = new Map<string, string>()
  private day = ''

  /**
   * The statuses to write: every open ticket whose status changed, and the tickets events named
   * since the last look (`touched`) that have ended.
   */
  changed(
    state: QueueState,
    touched: Iterable<string>,
    waits: ReadonlyMap<string, WaitPrediction>,
    seq: number,
    now: number,
  ): StoredStatus[] {
    if (state.day !== this.day) {
      this.day = state.day
      this.written = new Map()
    }
    const out: StoredStatus[] = []
    const consider = (t: TicketRecord) => {
      const s = statusOf(state, t, waits.get(t.ticket), seq, now)
      const sig = signature(s)
      if (this.written.get(t.ticket) === sig) return
      this.written.set(t.ticket, sig)
      out.push(s)
    }
    for (const t of state.open.values()) consider(t)
    for (const ticket of touched) {
      if (state.open.has(ticket)) continue
      const t = findTicket(state, ticket)
      if (t !== undefined) consider(t)
    }
    return out
  }
}
