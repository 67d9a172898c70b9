import {
  createHallModel,
  createQueueEngine,
  type HallModel,
  initialState,
  type QueueEngine,
  type QueueRequest,
} from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig, TakeResult } from '@qms/protocol'
import type { VisitRecord } from '../results/records.js'
import { durationAt } from '../scenario/distributions.js'
import type { Person } from '../scenario/people.js'
import type { Settings, Span } from '../scenario/plan.js'
import type { EventCalendar, Scheduled } from './calendar.js'
import type { HallView } from './hooks.js'

/*
 * One hall in the discrete-event simulation. Every queue decision — numbering, who is called
 * next, priorities, transfers, no-shows, cancellations — is the edge's own engine's
 * (`@qms/edge-agent/queue`); this file only plays the people and the staff: windows call when
 * they are free and on duty, people walk up, are served for their drawn time, give up when their
 * patience runs out.
 */

/** Passed instead of the local estimate when nobody reads it (the engine then skips it). */
const NO_ESTIMATE = { minutes: 0, source: 'local' } as const

interface Visit {
  person: Person
  record: VisitRecord
  ticket: string
  item: string
  state: 'waiting' | 'called' | 'serving' | 'ended'
  abandon?: Scheduled
}

interface Win {
  no: string
  speed: number
  shifts: Span[]
  /** Someone staffs the window now. */
  duty: boolean
  /** Staying after the last shift to serve those still waiting. */
  overtime: boolean
  /** Goes off duty after the current person. */
  leaving: boolean
  open: boolean
  paused: boolean
  current: Visit | undefined
  idleSince: number
}

export interface HallSimOptions {
  hall: HallConfig
  catalogue: Catalogue
  calendar: EventCalendar
  settings: Settings
  /** Where each finished visit goes. */
  onRecord(record: VisitRecord): void
  /** Refuse numbers outside the hall's hours, as the edge does (default true). */
  enforceHours?: boolean
  /**
   * Tell each person the edge's local wait estimate, as the hall does (default true). The
   * anchors turn it off: it scans the whole queue at every take and nobody reads it there.
   */
  localEstimate?: boolean
  model?: HallModel
}

export class HallSim implements HallView {
  readonly site: string
  readonly hall: HallConfig
  readonly engine: QueueEngine
  readonly model: HallModel
  private readonly cal: EventCalendar
  private readonly settings: Settings
  private readonly onRecord: (r: VisitRecord) => void
  private readonly wins = new Map<string, Win>()
  /** Windows free and on duty with nothing to call, the longest idle first (insertion order). */
  private readonly idle = new Map<string, Win>()
  private readonly localEstimate: boolean
  private readonly visits = new Map<string, Visit>()
  private reqs = 0
  /** Decisions the engine refused that a correct run never asks for (should stay 0). */
  anomalies = 0
  lastAnomaly: string | undefined
  /** When the hall issues numbers today; outside them, staff finish their queue before leaving. */
  private issuing: Span[] = []

  constructor(o: HallSimOptions) {
    this.site = o.hall.id
    this.hall = o.hall
    this.cal = o.calendar
    this.settings = o.settings
    this.onRecord = o.onRecord
    this.localEstimate = o.localEstimate !== false
    this.model = o.model ?? createHallModel(o.hall, o.catalogue)
    const clock = {
      now: () => this.cal.now,
      setTimeout: () => {
        throw new Error('the queue engine sets no timers')
      },
      clearTimeout: () => undefined,
    }
    this.engine = createQueueEngine({
      hall: o.hall,
      catalogue: o.catalogue,
      model: this.model,
      clock,
      state: initialState(this.model),
      enforceHours: o.enforceHours !== false,
    })
    for (const w of o.hall.windows) {
      this.wins.set(w.no, {
        no: w.no,
        speed: 1,
        shifts: [],
        duty: false,
        overtime: false,
        leaving: false,
        open: false,
        paused: false,
        current: undefined,
        idleSince: 0,
      })
    }
  }

  // ---- HallView ----
  offers(item: string): boolean {
    return this.model.offered.has(item)
  }
  waiting(): number {
    let n = 0
    for (const v of this.visits.values()) if (v.state === 'waiting') n++
    return n
  }
  serving(): number {
    let n = 0
    for (const w of this.wins.values()) if (w.open && !w.paused) n++
    return n
  }
  estimateMin(item: string): number {
    return this.engine.estimate(item).minutes
  }

  private exec<R extends QueueRequest>(request: R) {
    return this.engine.execute<R>(request, { now: this.cal.now })
  }

  private anomaly(what: string) {
    this.anomalies++
    this.lastAnomaly = what
  }

  /** Today's staffing: schedules each window's shifts; `issuing` are the hall's opening spans. */
  planDay(
    windows: ReadonlyArray<{ no: string; shifts: Span[]; speed: number }>,
    issuing: readonly Span[],
  ): void {
    this.issuing = issuing.map((s) => [s[0], s[1]] as Span)
    for (const p of windows) {
      const w = this.wins.get(p.no)
      if (w === undefined) continue
      w.speed = p.speed
      w.shifts = p.shifts.map((s) => [s[0], s[1]] as Span)
      for (const [a, b] of w.shifts) {
        this.cal.at(a, () => this.shiftStart(w))
        this.cal.at(b, () => this.shiftEnd(w))
      }
    }
  }

  /** A manager sends someone to a window nobody staffs now, until `until`. */
  staff(no: string, until: number): boolean {
    const w = this.wins.get(no)
    if (w === undefined || w.duty) return false
    const span: Span = [this.cal.now, Math.max(this.cal.now, until)]
    w.shifts.push(span)
    this.shiftStart(w)
    this.cal.at(span[1], () => this.shiftEnd(w))
    return true
  }

  /** A manager sends a window's staff away after the current person. */
  unstaff(no: string): boolean {
    const w = this.wins.get(no)
    if (w === undefined || !w.duty) return false
    w.shifts = w.shifts.filter((s) => s[1] <= this.cal.now)
    this.shiftEnd(w)
    return true
  }

  private shiftStart(w: Win) {
    w.duty = true
    w.leaving = false
    if (!w.open) {
      const d = this.exec({ op: 'open', reqId: this.reqId(), window: w.no })
      if (!d.ok) return this.anomaly(`open ${w.no}: ${d.error.code}`)
      w.open = true
    }
    if (w.paused) {
      const d = this.exec({ op: 'resume', reqId: this.reqId(), window: w.no })
      if (!d.ok) return this.anomaly(`resume ${w.no}: ${d.error.code}`)
      w.paused = false
    }
    this.tryCall(w)
  }

  private shiftEnd(w: Win) {
    // A shift that a manager ended early, or that another shift has extended, changes nothing.
    if (w.shifts.some(([a, b]) => a <= this.cal.now && this.cal.now < b)) return
    if (!w.duty) return
    w.duty = false
    if (w.current !== undefined) w.leaving = true
    else this.offDuty(w)
  }

  /**
   * Leaves the window: paused until a later shift today, else closed. When the hall has stopped
   * issuing (lunch at a point, closing time), staff first serve those who already hold a number.
   */
  private offDuty(w: Win) {
    w.leaving = false
    this.idle.delete(w.no)
    const now = this.cal.now
    const later = w.shifts.some(([a]) => a > now)
    const issuing = this.issuing.some(([a, b]) => a <= now && now < b)
    if (!issuing && this.engine.next(w.no) !== undefined) {
      w.overtime = true
      this.tryCall(w)
      return
    }
    w.overtime = false
    if (later) {
      if (!w.paused) {
        const d = this.exec({ op: 'pause', reqId: this.reqId(), window: w.no })
        if (!d.ok) return this.anomaly(`pause ${w.no}: ${d.error.code}`)
        w.paused = true
      }
    } else if (w.open) {
      const d = this.exec({ op: 'close', reqId: this.reqId(), window: w.no })
      if (!d.ok) return this.anomaly(`close ${w.no}: ${d.error.code}`)
      w.open = false
      w.paused = false
    }
  }

  private reqId(): string {
    return `sim-${(++this.reqs).toString(36)}`
  }

  /** A person walks in and takes a number (advice, if any, was handled by the runner). */
  take(person: Person, record: VisitRecord): TakeResult | undefined {
    const now = this.cal.now
    const d = this.engine.execute(
      { op: 'take', reqId: this.reqId(), item: record.item, priority: person.priority },
      this.localEstimate ? { now } : { now, wait: NO_ESTIMATE },
    )
    record.site = this.site
    if (!d.ok) {
      record.outcome = 'refused'
      record.error = d.error.code
      this.onRecord(record)
      return undefined
    }
    const r = d.result
    record.takenAt = now
    record.ticket = r.ticket
    record.ahead = r.ahead
    record.toldMin = r.wait.minutes
    const visit: Visit = { person, record, ticket: r.ticket, item: r.item, state: 'waiting' }
    this.visits.set(r.ticket, visit)
    if (Number.isFinite(person.patienceMs)) {
      visit.abandon = this.cal.after(person.patienceMs, () => this.abandon(visit))
    }
    this.wake(r.category)
    return r
  }

  /**
   * A ticket of the category is waiting: the idle windows that serve it try to call, the longest
   * idle first. They had nothing to call before, so the first that calls takes the only new work.
   */
  private wake(category: string) {
    for (const w of this.idle.values()) {
      if (this.model.windows.get(w.no)?.categories.has(category) !== true) continue
      if (this.tryCall(w)) return
    }
  }

  private canCall(w: Win): boolean {
    return (w.duty || w.overtime) && w.open && !w.paused && w.current === undefined
  }

  /** The window calls the next ticket the engine gives it; true when it called one. */
  private tryCall(w: Win): boolean {
    if (!this.canCall(w)) {
      this.idle.delete(w.no)
      return false
    }
    if (this.engine.next(w.no) === undefined) {
      if (!this.idle.has(w.no)) {
        w.idleSince = this.cal.now
        this.idle.set(w.no, w)
      }
      if (w.overtime) this.offDuty(w)
      return false
    }
    this.idle.delete(w.no)
    const d = this.exec({ op: 'call', reqId: this.reqId(), window: w.no })
    if (!d.ok) {
      this.anomaly(`call ${w.no}: ${d.error.code}`)
      return false
    }
    const visit = this.visits.get(d.result.ticket)
    if (visit === undefined) {
      this.anomaly(`call ${w.no}: unknown ticket ${d.result.ticket}`)
      return false
    }
    this.cal.cancel(visit.abandon)
    visit.state = 'called'
    w.current = visit
    const rec = visit.record
    if (rec.calledAt === undefined) {
      rec.calledAt = this.cal.now
      rec.waitMin = (this.cal.now - (rec.takenAt ?? this.cal.now)) / 60_000
    }
    rec.window = w.no
    if (visit.person.noShow) {
      const grace = this.settings.noShowGraceMs
      this.cal.after(grace / 2, () => {
        if (w.current === visit) this.exec({ op: 'recall', reqId: this.reqId(), window: w.no })
      })
      this.cal.after(grace, () => this.noshow(w, visit))
    } else if (visit.person.walkMs <= 0) this.start(w, visit)
    else this.cal.after(visit.person.walkMs, () => this.start(w, visit))
    return true
  }

  private start(w: Win, visit: Visit) {
    const d = this.exec({ op: 'start', reqId: this.reqId(), window: w.no })
    if (!d.ok) return this.anomaly(`start ${w.no}: ${d.error.code}`)
    visit.state = 'serving'
    visit.record.startedAt ??= this.cal.now
    const s = this.settings.serviceOf(visit.item)
    const u = visit.record.transfers === 0 ? visit.person.uService : visit.person.uService2
    const ms = durationAt(u, this.settings.shape, s.meanMs, s.cv) / w.speed
    this.cal.after(ms, () => this.done(w, visit))
  }

  private done(w: Win, visit: Visit) {
    const t = this.settings.transfer
    const rec = visit.record
    if (t !== undefined && rec.transfers === 0 && visit.person.uTransfer < t.probability) {
      const to = this.transferTarget(visit)
      if (to !== undefined) {
        const d = this.exec({ op: 'transfer', reqId: this.reqId(), window: w.no, toItem: to })
        if (d.ok) {
          rec.transfers++
          visit.item = to
          visit.state = 'waiting'
          w.current = undefined
          this.afterService(w)
          this.wake(this.model.items.get(to)!.category)
          return
        }
        this.anomaly(`transfer ${w.no}: ${d.error.code}`)
      }
    }
    const d = this.exec({ op: 'complete', reqId: this.reqId(), window: w.no })
    if (!d.ok) return this.anomaly(`complete ${w.no}: ${d.error.code}`)
    rec.endedAt = this.cal.now
    rec.outcome = 'served'
    this.finish(visit)
    w.current = undefined
    this.afterService(w)
  }

  private transferTarget(visit: Visit): string | undefined {
    const from = this.model.items.get(visit.item)
    const listed = this.settings.transfer?.items
    const candidates = (
      listed ??
      [...this.model.offered.values()]
        .filter((i) => i.category === from?.category)
        .map((i) => i.code)
    ).filter((c) => c !== visit.item && this.model.offered.has(c))
    if (candidates.length === 0) return undefined
    return candidates[Math.floor(visit.person.uTransferItem * candidates.length)]
  }

  private noshow(w: Win, visit: Visit) {
    if (w.current !== visit) return
    const d = this.exec({ op: 'noshow', reqId: this.reqId(), window: w.no })
    if (!d.ok) return this.anomaly(`noshow ${w.no}: ${d.error.code}`)
    visit.record.outcome = 'noshow'
    visit.record.endedAt = this.cal.now
    this.finish(visit)
    w.current = undefined
    this.afterService(w)
  }

  private afterService(w: Win) {
    if (w.leaving || (!w.duty && !w.overtime)) this.offDuty(w)
    else this.tryCall(w)
  }

  private abandon(visit: Visit) {
    if (visit.state !== 'waiting') return
    const d = this.exec({ op: 'cancel', ticket: visit.ticket, reason: 'abandoned' })
    if (!d.ok) return this.anomaly(`cancel ${visit.ticket}: ${d.error.code}`)
    visit.record.outcome = 'abandoned'
    visit.record.endedAt = this.cal.now
    visit.record.waitMin = (this.cal.now - (visit.record.takenAt ?? this.cal.now)) / 60_000
    this.finish(visit)
  }

  private finish(visit: Visit) {
    visit.state = 'ended'
    this.visits.delete(visit.ticket)
    this.onRecord(visit.record)
  }

  /** End of the day: whoever still holds a number was not served. */
  endDay(): void {
    for (const visit of this.visits.values()) {
      this.cal.cancel(visit.abandon)
      visit.record.outcome = 'unserved'
      this.onRecord(visit.record)
    }
    this.visits.clear()
    this.idle.clear()
    for (const w of this.wins.values()) {
      w.duty = false
      w.overtime = false
      w.leaving = false
      w.shifts = []
      w.current = undefined
    }
  }
}
