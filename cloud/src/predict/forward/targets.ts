import type { QueueState, TicketRecord } from '@qms/edge-agent/queue'

/*
 * Whom a refresh predicts for: tickets waiting now, and newcomers ("ghosts": a ticket that would
 * be issued now for a category, normal or priority). A ghost is never put in the queue. Its wait
 * is the first moment, after now, at which one of its windows calls someone it would have been
 * called before, or finds nobody to call: at that moment it would have been called. Those it
 * would have been called before were never delayed by it (they rank after it), so the run
 * without it is the run with it up to that moment, and one run serves every ghost at once. A
 * waiting ticket that leaves in a run is treated the same way from the moment it leaves: the
 * prediction is the wait *if the person stays*.
 */

export interface RankKey {
  readonly category: string
  readonly priority: boolean
  readonly queuedAt: number
  readonly order: number
}

export interface GhostTarget {
  readonly category: string
  readonly priority: boolean
}

export const ghostKey = (g: GhostTarget) => `${g.category}|${g.priority ? 'p' : 'n'}`

export function rankKeyOf(t: TicketRecord): RankKey {
  return {
    category: t.category,
    priority: t.priority !== 'normal',
    queuedAt: t.queuedAt,
    order: t.order,
  }
}

/** A ghost ranks after every ticket issued before now and before every one issued later. */
export function ghostRankKey(state: QueueState, g: GhostTarget, now: number): RankKey {
  return { category: g.category, priority: g.priority, queuedAt: now, order: state.issued + 0.5 }
}

/**
 * Whether `key` would have been called instead of `called` by a window (that serves key's
 * category) whose priority streak before the call was `streak`. With the streak at the cap the
 * window took an ordinary ticket over the priority ones, so a priority key would not have been
 * called then either.
 */
export function ranksBefore(
  key: RankKey,
  called: TicketRecord,
  streak: number,
  cap: number,
): boolean {
  const calledPriority = called.priority !== 'normal'
  if (key.priority !== calledPriority) return key.priority && streak < cap
  if (key.queuedAt !== called.queuedAt) return key.queuedAt < called.queuedAt
  return key.order < called.order
}
