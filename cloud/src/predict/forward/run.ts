import {
  applyEvent,
  cloneState,
  type Decision,
  decide,
  type HallModel,
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
import { EventHeap } from './heap.js'
import { type RankKey, ranksBefore } from './targets.js'

/*
 * One forward run: the hall's state cloned, then played forward with the engine's own rules —
 * windows call (`call`), serve (`complete`), miss people (`noshow`), people leave (`cancel`),
 * priority arrivals are issued (`issue`) — with handling times, walks, patience and arrivals
 * drawn from what was learned. The run records, for each target, the minutes from now until it
 * is called. Ordinary arrivals are not simulated: they rank after everyone waiting now and after
 * every ghost, so they can never change a target's call (see targets.ts).
 *
 * Written as a class with its state in fields: a refresh plays hundreds of runs, and closures
 * made afresh for each would cost more than the run's own bookkeeping.
 */

const END = 0
const ABANDON = 1
const ARRIVE = 2
const DUTY = 3
const RESUME = 4
const CLOSE = 5

interface SimEvent {
  at: number
  seq: number
  kind: number
  /** Window (END, DUTY, RESUME) or ticket (ABANDON). */
  subject: string
  noshow: boolean
}

interface Win {
  no: string
  categories: ReadonlySet<string>
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

class ForwardRun {
  readonly state: QueueState
  readonly model: HallModel
  readonly cap: number
  readonly heap = new EventHeap<SimEvent>()
  readonly wins = new Map<string, Win>()
  readonly winList: Win[] = []
  readonly pending: Array<{ key: RankKey; index: number }>
  /** Waiting tickets per category, beside the engine's state, to skip calls that would fail. */
  readonly waiting = new Map<string, number>()
  unresolved: number
  now: number

  constructor(
    base: QueueState,
    readonly env: ForwardEnv,
    readonly targets: RunTargets,
    readonly rng: Random,
    readonly out: Float64Array,
  ) {
    this.state = cloneState(base, { withFinished: false })
    this.model = this.state.model
    this.cap = this.state.rules.priorityCap
    this.pending = [...targets.ghosts]
    this.unresolved = targets.tickets.size + this.pending.length
    this.now = env.now
    out.fill(Number.NaN)
  }

  exec<R extends QueueRequest>(request: R): Decision<QueueResultOf<R['op']>> {
    const d = decide(this.state, request, { now: this.now, wait: ZERO_WAIT })
    if (d.ok) for (const e of d.events) applyEvent(this.state, e, this.now)
    return d
  }

  push(at: number, kind: number, subject = '', noshow = false): void {
    this.heap.push({ at, seq: 0, kind, subject, noshow })
  }

  addWaiting(category: string, n: number): void {
    this.waiting.set(category, (this.waiting.get(category) ?? 0) + n)
  }

  waitingFor(w: Win): boolean {
    for (const c of w.categories) if ((this.waiting.get(c) ?? 0) > 0) return true
    return false
  }

  /** A call (or, with `called` undefined, a window finding nobody) may settle ghosts and leavers. */
  resolvePending(w: Win, called: TicketRecord | undefined, streak: number): void {
    const pending = this.pending
    if (pending.length === 0) return
    const minutes = (this.now - this.env.now) / 60_000
    for (let i = pending.length - 1; i >= 0; i--) {
      const p = pending[i]!
      if (!w.categories.has(p.key.category)) continue
      if (called !== undefined && !ranksBefore(p.key, called, streak, this.cap)) continue
      this.out[p.index] = minutes
      pending.splice(i, 1)
      this.unresolved--
    }
  }

  /** When the person at the window will be done (or found missing). */
  scheduleEnd(w: Win, t: TicketRecord, fresh: boolean): void {
    const env = this.env
    const rng = this.rng
    const now = this.now
    const walk = env.walkSeen ? exponential(rng, env.walkMs) : 0
    if (fresh) {
      if (env.noshowP > 0 && rng.next() < env.noshowP) {
        this.push(now + Math.max(env.graceMs, walk), END, w.no, true)
        return
      }
      const service = sampleLognormal(env.service(t.item, w.no, now), rng) * 60_000
      this.push(now + walk + service, END, w.no)
      return
    }
    // A ticket already at the window when the run starts.
    const calledAt = t.calledAt ?? now
    if (t.state === 'serving' || !env.walkSeen) {
      const since = t.startedAt ?? calledAt
      const pNoshow = t.state === 'called' && now - calledAt < env.graceMs ? env.noshowP : 0
      if (pNoshow > 0 && rng.next() < pNoshow) {
        this.push(calledAt + env.graceMs, END, w.no, true)
        return
      }
      const d = env.service(t.item, w.no, since)
      const left = sampleRemaining(d, (now - since) / 60_000, rng) * 60_000
      this.push(now + left, END, w.no)
      return
    }
    // Called, not started: still walking, or not coming.
    const waited = now - calledAt
    const pWalking = Math.exp(-waited / Math.max(1, env.walkMs))
    const p = waited < env.graceMs ? env.noshowP / (env.noshowP + (1 - env.noshowP) * pWalking) : 0
    if (p > 0 && rng.next() < p) {
      this.push(calledAt + env.graceMs, END, w.no, true)
      return
    }
    const service = sampleLognormal(env.service(t.item, w.no, now), rng) * 60_000
    this.push(now + walk + service, END, w.no)
  }

  tryCall(w: Win): void {
    if (!w.staffed || w.busy || w.leaving) return
    const streak = this.state.windows.get(w.no)?.priorityStreak ?? 0
    // Only ask when someone waits for what the window serves: a refused call builds an error
    // object, far dearer than the count.
    const d = this.waitingFor(w) ? this.exec({ op: 'call', window: w.no, reqId: REQ }) : undefined
    if (d === undefined || !d.ok) {
      this.resolvePending(w, undefined, streak)
      return
    }
    const t = this.state.open.get(d.result.ticket)
    if (t === undefined) return
    this.addWaiting(t.category, -1)
    const index = this.targets.tickets.get(t.ticket)
    if (index !== undefined && Number.isNaN(this.out[index]!)) {
      this.out[index] = (this.now - this.env.now) / 60_000
      this.unresolved--
    }
    this.resolvePending(w, t, streak)
    w.busy = true
    this.scheduleEnd(w, t, true)
  }

  setDuty(w: Win, staffed: boolean): void {
    if (staffed) {
      const rec = this.state.windows.get(w.no)
      if (rec !== undefined && (!rec.open || rec.paused))
        this.exec({ op: 'open', window: w.no, reqId: REQ })
      w.staffed = true
      w.leaving = false
      this.tryCall(w)
    } else if (w.busy) w.leaving = true
    else w.staffed = false
  }

  scheduleArrival(): void {
    let t = this.now
    for (const slot of this.env.arrivals) {
      if (slot.to <= t) continue
      const from = Math.max(t, slot.from)
      if (slot.total > 0) {
        const gap = -Math.log(this.rng.next()) / slot.total
        if (from + gap < slot.to) {
          this.push(from + gap, ARRIVE)
          return
        }
      }
      t = slot.to
    }
  }

  arrive(): void {
    const now = this.now
    const slot = this.env.arrivals.find((s) => s.from <= now && now < s.to)
    if (slot !== undefined && slot.total > 0) {
      const category = pick(slot.categories, slot.cumulative, this.rng)
      const entry = category === undefined ? undefined : this.env.itemsByCategory.get(category)
      const item = entry === undefined ? undefined : pick(entry.items, entry.cumulative, this.rng)
      if (category !== undefined && item !== undefined) {
        const d = this.exec({ op: 'issue', item, priority: 'elderly', channel: 'kiosk' })
        if (d.ok) {
          this.addWaiting(category, 1)
          const patience = sampleRemainingPatience(this.env.hazards, 0, this.rng)
          if (Number.isFinite(patience))
            this.push(now + patience * 60_000, ABANDON, d.result.ticket)
          for (const w of this.winList) if (w.categories.has(category)) this.tryCall(w)
        }
      }
    }
    this.scheduleArrival()
  }

  /** The state now: who is at which window, who is on duty, who may leave. */
  start(): void {
    const env = this.env
    const now = this.now
    for (const no of env.windows) {
      const rec = this.state.windows.get(no)!
      const planned = onDuty(env.plan, no, now)
      let staffed = planned ?? (rec.open && !rec.paused)
      if (env.plan?.closesAt !== undefined && now >= env.plan.closesAt) staffed = false
      const current = rec.current === undefined ? undefined : this.state.open.get(rec.current)
      const w: Win = {
        no,
        categories: this.model.windows.get(no)!.categories,
        staffed,
        leaving: false,
        busy: current !== undefined,
      }
      this.wins.set(no, w)
      this.winList.push(w)
      if (current !== undefined) this.scheduleEnd(w, current, false)
      if (planned !== undefined) {
        const change = nextDutyChange(env.plan, no, now)
        if (change !== undefined) this.push(change, DUTY, no)
      } else if (rec.open && rec.paused) {
        this.push(now + env.pauseMs, RESUME, no)
      }
      if (staffed && (!rec.open || rec.paused)) this.exec({ op: 'open', window: no, reqId: REQ })
    }
    if (env.plan?.closesAt !== undefined && env.plan.closesAt > now)
      this.push(env.plan.closesAt, CLOSE)
    // Nobody on duty and no plan saying otherwise: the day is about to start (staff are on their
    // way to the windows), not a hall that will never call.
    if (env.plan?.windows === undefined && this.winList.every((w) => !w.staffed && !w.busy)) {
      for (const w of this.winList) this.push(now + env.pauseMs, RESUME, w.no)
    }
    for (const t of this.state.open.values()) {
      if (t.state !== 'waiting') continue
      this.addWaiting(t.category, 1)
      const elapsed = (now - t.issuedAt) / 60_000
      const patience = sampleRemainingPatience(env.hazards, elapsed, this.rng)
      if (Number.isFinite(patience)) this.push(now + patience * 60_000, ABANDON, t.ticket)
    }
    this.scheduleArrival()
    for (const w of this.winList) this.tryCall(w)
  }

  /**
   * A service that ends with the person sent back to the queue for another item of the same
   * category: the engine keeps their place in time, so they are called again before later
   * people. True when the window's person was transferred.
   */
  transfer(w: Win): boolean {
    const env = this.env
    if (env.transferP <= 0 || this.rng.next() >= env.transferP) return false
    const current = this.state.windows.get(w.no)?.current
    const t = current === undefined ? undefined : this.state.open.get(current)
    const entry = t === undefined ? undefined : env.itemsByCategory.get(t.category)
    if (t === undefined || entry === undefined || entry.items.length < 2) return false
    let to = t.item
    for (let tries = 0; tries < 4 && to === t.item; tries++)
      to = pick(entry.items, entry.cumulative, this.rng) ?? t.item
    if (to === t.item) return false
    const d = this.exec({ op: 'transfer', window: w.no, toItem: to, reqId: REQ })
    if (!d.ok) return false
    this.addWaiting(t.category, 1)
    return true
  }

  abandon(ticket: string): void {
    const t = this.state.open.get(ticket)
    if (t === undefined || t.state !== 'waiting') return
    this.exec({ op: 'cancel', ticket, reason: 'abandoned' })
    this.addWaiting(t.category, -1)
    const index = this.targets.tickets.get(ticket)
    if (index !== undefined && Number.isNaN(this.out[index]!)) {
      // Settled later: when the person would have been called had they stayed.
      this.pending.push({
        key: {
          category: t.category,
          priority: t.priority !== 'normal',
          queuedAt: t.queuedAt,
          order: t.order,
        },
        index,
      })
    }
  }

  play(): void {
    this.start()
    const env = this.env
    while (this.unresolved > 0) {
      const e = this.heap.pop()
      if (e === undefined || e.at > env.horizon) break
      this.now = e.at
      switch (e.kind) {
        case END: {
          const w = this.wins.get(e.subject)!
          if (e.noshow) this.exec({ op: 'noshow', window: w.no, reqId: REQ })
          else if (!this.transfer(w)) this.exec({ op: 'complete', window: w.no, reqId: REQ })
          w.busy = false
          if (w.leaving) {
            w.leaving = false
            w.staffed = false
          } else this.tryCall(w)
          break
        }
        case ABANDON:
          this.abandon(e.subject)
          break
        case ARRIVE:
          this.arrive()
          break
        case DUTY: {
          const w = this.wins.get(e.subject)!
          this.setDuty(w, onDuty(env.plan, w.no, this.now) ?? false)
          const change = nextDutyChange(env.plan, w.no, this.now)
          if (change !== undefined) this.push(change, DUTY, w.no)
          break
        }
        case RESUME:
          if (env.plan?.closesAt === undefined || this.now < env.plan.closesAt)
            this.setDuty(this.wins.get(e.subject)!, true)
          break
        case CLOSE:
          for (const w of this.winList) this.setDuty(w, false)
          break
      }
    }
  }
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
  new ForwardRun(base, env, targets, rng, out).play()
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
