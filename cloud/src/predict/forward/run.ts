import {
  applyEvent,
  cloneState,
  type Decision,
  decide,
  type QueueRequest,
  type QueueResultOf,
  type QueueState,
  type TicketRecord,
} from '@qms/edge-agent/queue'
import type { WaitPrediction } from '@qms/protocol'
import { sampleRemainingPatience } from '../learn/patience.js'
import { sampleLognormal, sampleRemaining } from '../math/lognormal.js'
import { exponential, type Random } from '../math/random.js'
import { nextDutyChange, onDuty } from '../plan.js'
import type { ForwardEnv } from './env.js'
import { EventHeap, type Timed } from './heap.js'
import { type RankKey, ranksBefore } from './targets.js'

/*
 * One forward run: the hall's state cloned, then played forward with the engine's own rules —
 * windows call (`call`), serve (`complete`), miss people (`noshow`), people leave (`cancel`),
 * priority arrivals are issued (`issue`) — with handling times, walks, patience and arrivals
 * drawn from what was learned. The run records, for each target, the minutes from now until it
 * is called. Ordinary arrivals are not simulated: they rank after everyone waiting now and after
 * every ghost, so they can never change a target's call (see targets.ts).
 */

type SimEvent = Timed &
  (
    | { kind: 'end'; window: string; noshow: boolean }
    | { kind: 'abandon'; ticket: string }
    | { kind: 'arrive' }
    | { kind: 'duty'; window: string }
    | { kind: 'resume'; window: string }
    | { kind: 'close' }
  )

interface Win {
  staffed: boolean
  leaving: boolean
  busy: boolean
}

const ZERO_WAIT: WaitPrediction = { minutes: 0 }
/** Requests in a run are never retried, so they share one request id. */
const REQ = 'forward'

export interface RunTargets {
  /** Waiting tickets to predict, by ticket id → index into `out`. */
  tickets: ReadonlyMap<string, number>
  /** Ghosts: their rank keys and indices into `out`. */
  ghosts: ReadonlyArray<{ key: RankKey; index: number }>
}

/**
 * Plays one run and writes each target's minutes until its call into `out[index]` (NaN when it
 * is not called before the horizon or the hall stops calling).
 */
export function runOnce(
  base: QueueState,
  env: ForwardEnv,
  targets: RunTargets,
  rng: Random,
  out: Float64Array,
): void {
  const state = cloneState(base, { withFinished: false })
  const model = state.model
  const cap = state.rules.priorityCap
  const heap = new EventHeap<SimEvent>()
  const wins = new Map<string, Win>()
  const pending: Array<{ key: RankKey; index: number }> = [...targets.ghosts]
  let unresolved = targets.tickets.size + pending.length
  out.fill(Number.NaN)
  let now = env.now

  const exec = <R extends QueueRequest>(request: R): Decision<QueueResultOf<R['op']>> => {
    const d = decide(state, request, { now, wait: ZERO_WAIT })
    if (d.ok) for (const e of d.events) applyEvent(state, e, now)
    return d
  }
  const minutesFromNow = () => (now - env.now) / 60_000

  // Waiting tickets per category, kept beside the engine's state to skip calls that would fail.
  const waiting = new Map<string, number>()
  const addWaiting = (category: string, n: number) =>
    waiting.set(category, (waiting.get(category) ?? 0) + n)
  for (const t of state.open.values()) if (t.state === 'waiting') addWaiting(t.category, 1)
  const waitingFor = (window: string) => {
    for (const c of model.windows.get(window)!.categories)
      if ((waiting.get(c) ?? 0) > 0) return true
    return false
  }

  const resolvePending = (window: string, called: TicketRecord | undefined, streak: number) => {
    if (pending.length === 0) return
    const served = model.windows.get(window)!.categories
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i]!
      if (!served.has(p.key.category)) continue
      if (called !== undefined && !ranksBefore(p.key, called, streak, cap)) continue
      out[p.index] = minutesFromNow()
      pending.splice(i, 1)
      unresolved--
    }
  }

  const scheduleEnd = (window: string, t: TicketRecord, fresh: boolean) => {
    const walk = env.walkSeen ? exponential(rng, env.walkMs) : 0
    if (fresh) {
      if (rng.next() < env.noshowP) {
        heap.push({ at: now + Math.max(env.graceMs, walk), kind: 'end', window, noshow: true })
        return
      }
      const service = sampleLognormal(env.service(t.item, window, now), rng) * 60_000
      heap.push({ at: now + walk + service, kind: 'end', window, noshow: false })
      return
    }
    // A ticket already at the window when the run starts.
    const calledAt = t.calledAt ?? now
    if (t.state === 'serving' || !env.walkSeen) {
      const since = t.startedAt ?? calledAt
      const pNoshow = t.state === 'called' && now - calledAt < env.graceMs ? env.noshowP : 0
      if (pNoshow > 0 && rng.next() < pNoshow) {
        heap.push({ at: calledAt + env.graceMs, kind: 'end', window, noshow: true })
        return
      }
      const d = env.service(t.item, window, since)
      const left = sampleRemaining(d, (now - since) / 60_000, rng) * 60_000
      heap.push({ at: now + left, kind: 'end', window, noshow: false })
      return
    }
    // Called, not started: still walking, or not coming.
    const waited = now - calledAt
    const pWalking = Math.exp(-waited / Math.max(1, env.walkMs))
    const p = waited < env.graceMs ? env.noshowP / (env.noshowP + (1 - env.noshowP) * pWalking) : 0
    if (rng.next() < p) {
      heap.push({ at: calledAt + env.graceMs, kind: 'end', window, noshow: true })
      return
    }
    const service = sampleLognormal(env.service(t.item, window, now), rng) * 60_000
    heap.push({ at: now + walk + service, kind: 'end', window, noshow: false })
  }

  const tryCall = (window: string) => {
    const w = wins.get(window)!
    if (!w.staffed || w.busy || w.leaving) return
    const streak = state.windows.get(window)?.priorityStreak ?? 0
    // Only ask when someone waits for what the window serves: a refused call builds an error
    // object, far dearer than the count.
    const d = waitingFor(window) ? exec({ op: 'call', window, reqId: REQ }) : undefined
    if (d === undefined || !d.ok) {
      resolvePending(window, undefined, streak)
      return
    }
    const t = state.open.get(d.result.ticket)
    if (t === undefined) return
    addWaiting(t.category, -1)
    const index = targets.tickets.get(t.ticket)
    if (index !== undefined && Number.isNaN(out[index]!)) {
      out[index] = minutesFromNow()
      unresolved--
    }
    resolvePending(window, t, streak)
    w.busy = true
    scheduleEnd(window, t, true)
  }

  const setDuty = (window: string, staffed: boolean) => {
    const w = wins.get(window)!
    if (staffed) {
      const rec = state.windows.get(window)
      if (rec !== undefined && (!rec.open || rec.paused)) exec({ op: 'open', window, reqId: REQ })
      w.staffed = true
      w.leaving = false
      tryCall(window)
    } else if (w.busy) w.leaving = true
    else w.staffed = false
  }

  const scheduleArrival = () => {
    let t = now
    for (const slot of env.arrivals) {
      if (slot.to <= t) continue
      const from = Math.max(t, slot.from)
      if (slot.total > 0) {
        const gap = -Math.log(rng.next()) / slot.total
        if (from + gap < slot.to) {
          heap.push({ at: from + gap, kind: 'arrive' })
          return
        }
      }
      t = slot.to
    }
  }

  const arrive = () => {
    const slot = env.arrivals.find((s) => s.from <= now && now < s.to)
    if (slot !== undefined && slot.total > 0) {
      const category = pick(slot.categories, slot.cumulative, rng)
      const entry = category === undefined ? undefined : env.itemsByCategory.get(category)
      const item = entry === undefined ? undefined : pick(entry.items, entry.cumulative, rng)
      if (category !== undefined && item !== undefined) {
        const d = exec({ op: 'issue', item, priority: 'elderly', channel: 'kiosk' })
        if (d.ok) {
          addWaiting(category, 1)
          const patience = sampleRemainingPatience(env.hazards, 0, rng)
          if (Number.isFinite(patience))
            heap.push({ at: now + patience * 60_000, kind: 'abandon', ticket: d.result.ticket })
          for (const no of env.windows) {
            if (model.windows.get(no)!.categories.has(category)) tryCall(no)
          }
        }
      }
    }
    scheduleArrival()
  }

  // The state now: who is at which window, who is on duty, who may leave.
  for (const no of env.windows) {
    const rec = state.windows.get(no)!
    const planned = onDuty(env.plan, no, now)
    let staffed = planned ?? (rec.open && !rec.paused)
    if (env.plan?.closesAt !== undefined && now >= env.plan.closesAt) staffed = false
    const current = rec.current === undefined ? undefined : state.open.get(rec.current)
    wins.set(no, { staffed: false, leaving: false, busy: current !== undefined })
    if (current !== undefined) scheduleEnd(no, current, false)
    if (planned !== undefined) {
      const change = nextDutyChange(env.plan, no, now)
      if (change !== undefined) heap.push({ at: change, kind: 'duty', window: no })
    } else if (rec.open && rec.paused) {
      heap.push({ at: now + env.pauseMs, kind: 'resume', window: no })
    }
    const w = wins.get(no)!
    w.staffed = staffed
    if (staffed && (!rec.open || rec.paused)) exec({ op: 'open', window: no, reqId: REQ })
  }
  if (env.plan?.closesAt !== undefined && env.plan.closesAt > now)
    heap.push({ at: env.plan.closesAt, kind: 'close' })
  for (const t of state.open.values()) {
    if (t.state !== 'waiting') continue
    const elapsed = (now - t.issuedAt) / 60_000
    const patience = sampleRemainingPatience(env.hazards, elapsed, rng)
    if (Number.isFinite(patience))
      heap.push({ at: now + patience * 60_000, kind: 'abandon', ticket: t.ticket })
  }
  scheduleArrival()
  for (const no of env.windows) tryCall(no)

  while (unresolved > 0) {
    const e = heap.pop()
    if (e === undefined || e.at > env.horizon) break
    now = e.at
    switch (e.kind) {
      case 'end': {
        const w = wins.get(e.window)!
        if (e.noshow) exec({ op: 'noshow', window: e.window, reqId: REQ })
        else exec({ op: 'complete', window: e.window, reqId: REQ })
        w.busy = false
        if (w.leaving) {
          w.leaving = false
          w.staffed = false
        } else tryCall(e.window)
        break
      }
      case 'abandon': {
        const t = state.open.get(e.ticket)
        if (t === undefined || t.state !== 'waiting') break
        exec({ op: 'cancel', ticket: e.ticket, reason: 'abandoned' })
        addWaiting(t.category, -1)
        const index = targets.tickets.get(e.ticket)
        if (index !== undefined && Number.isNaN(out[index]!)) {
          // Resolved later: when the person would have been called had they stayed.
          pending.push({
            key: {
              category: t.category,
              priority: t.priority !== 'normal',
              queuedAt: t.queuedAt,
              order: t.order,
            },
            index,
          })
        }
        break
      }
      case 'arrive':
        arrive()
        break
      case 'duty': {
        const staffed = onDuty(env.plan, e.window, now) ?? false
        setDuty(e.window, staffed)
        const change = nextDutyChange(env.plan, e.window, now)
        if (change !== undefined) heap.push({ at: change, kind: 'duty', window: e.window })
        break
      }
      case 'resume':
        if (env.plan?.closesAt === undefined || now < env.plan.closesAt) setDuty(e.window, true)
        break
      case 'close':
        for (const no of env.windows) setDuty(no, false)
        break
    }
  }
}

function pick<T>(values: readonly T[], cumulative: readonly number[], rng: Random): T | undefined {
  const total = cumulative[cumulative.length - 1]
  if (total === undefined || total <= 0) return undefined
  const u = rng.next() * total
  let lo = 0
  let hi = cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cumulative[mid]! > u) hi = mid
    else lo = mid + 1
  }
  return values[lo]
}
