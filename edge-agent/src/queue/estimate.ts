import type { Priority, WaitPrediction } from '@qms/protocol'
import { isPriority, ranksBefore } from './rank.js'
import type { QueueState, TicketRecord } from './state.js'

/*
 * The local wait estimate: what the hall says when the cloud's prediction is missing or stale.
 * The work ahead is the mean handling time of every ticket ahead, each counted for the share of
 * it that falls on the windows able to serve the ticket in question (a ticket that three windows
 * may serve, one of them ours, loads ours by a third), plus what is left of the services under
 * way at those windows; divided by how many of those windows are open. Handling times are the
 * catalogue's means, moved toward today's observed times as completions come in. The interval
 * treats handling times as independent with the catalogue's coefficient of variation.
 */

/** Weight of the catalogue mean against today's observations, in completed services. */
const PRIOR_WEIGHT = 5
const Z80 = 1.2816
const Z90 = 1.6449
const MAX_MINUTES = 1440
const DEFAULT_CV = 0.5

/** Mean handling time of an item in minutes: the catalogue's, moved toward today's observations. */
export function meanMinutes(state: QueueState, item: string): number {
  const prior = state.model.items.get(item)?.meanMinutes ?? 10
  const seen = state.served.get(item)
  if (seen === undefined || seen.n === 0) return prior
  return (prior * PRIOR_WEIGHT + seen.totalMs / 60_000) / (PRIOR_WEIGHT + seen.n)
}

function cvOf(state: QueueState, item: string): number {
  return state.model.items.get(item)?.cv ?? DEFAULT_CV
}

/** Windows of the list that are serving now; when none, the open ones; when none, all of them. */
function activeWindows(state: QueueState, nos: readonly string[]): string[] {
  const serving = nos.filter((no) => {
    const w = state.windows.get(no)
    return w?.open === true && !w.paused
  })
  if (serving.length > 0) return serving
  const open = nos.filter((no) => state.windows.get(no)?.open === true)
  return open.length > 0 ? open : [...nos]
}

function estimate(
  state: QueueState,
  category: string,
  isAhead: (t: TicketRecord) => boolean,
  now: number,
): WaitPrediction {
  const eligible = state.model.windowsByCategory.get(category) ?? []
  if (eligible.length === 0) return { minutes: 0, source: 'local' }
  const ours = activeWindows(state, eligible)
  const oursSet = new Set(ours)
  const shares = new Map<string, number>()
  const shareOf = (cat: string): number => {
    let share = shares.get(cat)
    if (share === undefined) {
      const theirs = activeWindows(state, state.model.windowsByCategory.get(cat) ?? [])
      const common = theirs.filter((no) => oursSet.has(no)).length
      share = theirs.length === 0 ? 0 : common / theirs.length
      shares.set(cat, share)
    }
    return share
  }
  let work = 0
  let variance = 0
  for (const t of state.open.values()) {
    if (t.state !== 'waiting' || !isAhead(t)) continue
    const share = shareOf(t.category)
    if (share === 0) continue
    const mean = meanMinutes(state, t.item)
    work += mean * share
    variance += (cvOf(state, t.item) * mean * share) ** 2
  }
  for (const no of ours) {
    const current = state.windows.get(no)?.current
    const t = current === undefined ? undefined : state.open.get(current)
    if (t === undefined) continue
    const mean = meanMinutes(state, t.item)
    const since = t.startedAt ?? t.calledAt ?? now
    work += Math.max(0, mean - (now - since) / 60_000)
  }
  const k = ours.length
  const minutes = clamp(work / k)
  const sd = Math.sqrt(variance) / k
  return {
    minutes: round(minutes),
    lo80: round(clamp(minutes - Z80 * sd)),
    hi80: round(clamp(minutes + Z80 * sd)),
    lo90: round(clamp(minutes - Z90 * sd)),
    hi90: round(clamp(minutes + Z90 * sd)),
    source: 'local',
  }
}

const clamp = (m: number) => Math.min(MAX_MINUTES, Math.max(0, m))
const round = (m: number) => Math.round(m * 10) / 10

/** The local wait estimate for a newcomer to a category with a priority. */
export function estimateCategoryWait(
  state: QueueState,
  category: string,
  priority: Priority,
  now: number,
): WaitPrediction {
  const onlyPriority = isPriority(priority)
  return estimate(state, category, (t) => !onlyPriority || isPriority(t.priority), now)
}

/** The local wait estimate for a newcomer to an item (normal priority unless given). */
export function estimateItemWait(
  state: QueueState,
  item: string,
  now: number,
  priority: Priority = 'normal',
): WaitPrediction {
  const category = state.model.items.get(item)?.category
  if (category === undefined) return { minutes: 0, source: 'local' }
  return estimateCategoryWait(state, category, priority, now)
}

/** The local wait estimate for a waiting ticket; 0 minutes when it is no longer waiting. */
export function estimateTicketWait(
  state: QueueState,
  ticket: TicketRecord,
  now: number,
): WaitPrediction {
  if (ticket.state !== 'waiting') return { minutes: 0, source: 'local' }
  return estimate(state, ticket.category, (t) => t !== ticket && ranksBefore(t, ticket), now)
}
