import { createHallModel, type HallModel } from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig, TakeResult } from '@qms/protocol'
import { Caller } from '../devices/caller.js'
import type { Reply } from '../devices/device.js'
import { Dispenser } from '../devices/dispenser.js'
import type { VisitRecord } from '../results/records.js'
import { durationAt } from '../scenario/distributions.js'
import type { Person } from '../scenario/people.js'
import type { Settings, Span } from '../scenario/plan.js'
import type { ScaledClock } from './scaled-clock.js'

/*
 * One hall in a live run: the same people and staff as the accelerated run, but acting through
 * simulated devices on a running edge agent, in scenario time sped up k times. The edge decides
 * everything about the queue; this side only presses buttons when a person or a clerk would.
 *
 * One difference from the accelerated run, as in a real hall: a person who gives up cannot tell
 * the kiosk, so their number stays in the queue; when it is called, the window waits, recalls,
 * and marks a no-show (recorded as abandoned, with the wait until they left).
 */

interface Visit {
  person: Person
  record: VisitRecord
  ticket: string
  item: string
  left: boolean
}

interface Staff {
  no: string
  caller: Caller
  speed: number
  shifts: Span[]
  duty: boolean
  overtime: boolean
  leaving: boolean
  open: boolean
  paused: boolean
  /** A button press is under way (requests are asynchronous). */
  busy: boolean
  current: Visit | undefined
}

export interface LiveHallOptions {
  hall: HallConfig
  catalogue: Catalogue
  url: string
  tokens: ReadonlyMap<string, string>
  clock: ScaledClock
  settings: Settings
  onRecord(record: VisitRecord): void
  /** Real ms to wait for each answer before sending again (default 5 s). */
  requestTimeoutMs?: number
}

/** Scenario ms between an idle window's checks for work it was not told about (a clerk glancing at the screen). */
const POLL_MS = 30_000

export class LiveHall {
  readonly site: string
  readonly model: HallModel
  readonly dispenser: Dispenser
  private readonly staff = new Map<string, Staff>()
  private readonly visits = new Map<string, Visit>()
  private readonly o: LiveHallOptions
  private issuing: Span[] = []
  private timers: Array<{ cancel(): void }> = []
  /** Requests the edge refused that a correct run never makes. */
  anomalies = 0
  lastAnomaly: string | undefined
  /** Visits under way (taken, not finished). */
  get open(): number {
    return this.visits.size
  }

  constructor(o: LiveHallOptions) {
    this.o = o
    this.site = o.hall.id
    this.model = createHallModel(o.hall, o.catalogue)
    const base = {
      url: o.url,
      site: o.hall.id,
      requestTimeoutMs: o.requestTimeoutMs ?? 5000,
      requestTries: 5,
    }
    const kiosk = o.hall.devices.find((d) => d.kind === 'dispenser' && o.tokens.has(d.id))
    if (kiosk === undefined) throw new Error(`hall ${o.hall.id} has no dispenser with a token`)
    this.dispenser = new Dispenser({ ...base, id: kiosk.id, token: o.tokens.get(kiosk.id)! })
    for (const w of o.hall.windows) {
      const c = o.hall.devices.find(
        (d) => d.kind === 'caller' && d.window === w.no && o.tokens.has(d.id),
      )
      if (c === undefined) continue
      const caller = new Caller({ ...base, id: c.id, window: w.no, token: o.tokens.get(c.id)! })
      this.staff.set(w.no, {
        no: w.no,
        caller,
        speed: 1,
        shifts: [],
        duty: false,
        overtime: false,
        leaving: false,
        open: false,
        paused: false,
        busy: false,
        current: undefined,
      })
    }
  }

  async connect(): Promise<void> {
    await Promise.all([
      this.dispenser.connect(),
      ...[...this.staff.values()].map((s) => s.caller.connect()),
    ])
    // Start from a known state: every window closed (a previous run may have left them open).
    for (const s of this.staff.values()) {
      await this.press(s, () => s.caller.closeWindow(), 'close')
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) t.cancel()
    this.timers = []
    await Promise.all([
      this.dispenser.close(),
      ...[...this.staff.values()].map((s) => s.caller.close()),
    ])
  }

  private later(at: number, fn: () => void) {
    this.timers.push(this.o.clock.at(at, fn))
  }

  private anomaly(what: string) {
    this.anomalies++
    this.lastAnomaly = what
  }

  /** Presses a button; an error answer is returned, a lost connection retried by the device. */
  private async press<T>(s: Staff, op: () => Promise<T>, what: string): Promise<T | undefined> {
    try {
      return await op()
    } catch (err) {
      this.anomaly(`${what} ${s.no}: ${(err as Error).message}`)
      return undefined
    }
  }

  planDay(
    windows: ReadonlyArray<{ no: string; shifts: Span[]; speed: number }>,
    issuing: readonly Span[],
  ): void {
    this.issuing = issuing.map((s) => [s[0], s[1]] as Span)
    for (const p of windows) {
      const s = this.staff.get(p.no)
      if (s === undefined) continue
      s.speed = p.speed
      s.shifts = p.shifts.map((x) => [x[0], x[1]] as Span)
      for (const [a, b] of s.shifts) {
        this.later(a, () => void this.shiftStart(s))
        this.later(b, () => void this.shiftEnd(s))
      }
    }
  }

  private async shiftStart(s: Staff) {
    s.duty = true
    s.leaving = false
    if (!s.open) {
      const r = await this.press(s, () => s.caller.openWindow(), 'open')
      if (r?.ok !== true)
        return this.anomaly(`open ${s.no}: ${r?.ok === false ? r.error.code : 'no answer'}`)
      s.open = true
    }
    if (s.paused) {
      const r = await this.press(s, () => s.caller.resume(), 'resume')
      if (r?.ok === true) s.paused = false
    }
    void this.tryCall(s)
    this.poll(s)
  }

  private poll(s: Staff) {
    this.timers.push(
      this.o.clock.after(POLL_MS, () => {
        if (!s.duty && !s.overtime) return
        void this.tryCall(s)
        this.poll(s)
      }),
    )
  }

  private shiftEnd(s: Staff) {
    const now = this.o.clock.now()
    if (s.shifts.some(([a, b]) => a <= now && now < b) || !s.duty) return
    s.duty = false
    if (s.current !== undefined || s.busy) s.leaving = true
    else void this.offDuty(s)
  }

  private async offDuty(s: Staff) {
    s.leaving = false
    const now = this.o.clock.now()
    const later = s.shifts.some(([a]) => a > now)
    const issuing = this.issuing.some(([a, b]) => a <= now && now < b)
    if (!issuing && !s.overtime && this.visitsFor(s) > 0) {
      s.overtime = true
      void this.tryCall(s)
      this.poll(s)
      return
    }
    s.overtime = false
    if (later) {
      const r = await this.press(s, () => s.caller.pause(), 'pause')
      if (r?.ok === true) s.paused = true
    } else if (s.open) {
      const r = await this.press(s, () => s.caller.closeWindow(), 'close')
      if (r?.ok === true) s.open = false
    }
  }

  /** Tickets still open that this window may serve (by category). */
  private visitsFor(s: Staff): number {
    const cats = this.model.windows.get(s.no)?.categories
    let n = 0
    for (const v of this.visits.values()) {
      if (cats?.has(this.model.items.get(v.item)?.category ?? '') === true) n++
    }
    return n
  }

  async take(person: Person, record: VisitRecord): Promise<TakeResult | undefined> {
    const now = this.o.clock.now()
    record.site = this.site
    let r: Reply<'take'>
    try {
      r = await this.dispenser.take(record.item, { priority: person.priority })
    } catch (err) {
      record.outcome = 'refused'
      record.error = (err as { code?: string }).code ?? 'TIMEOUT'
      this.o.onRecord(record)
      return undefined
    }
    if (!r.ok) {
      record.outcome = 'refused'
      record.error = r.error.code
      this.o.onRecord(record)
      return undefined
    }
    const t = r.result
    record.takenAt = now
    record.ticket = t.ticket
    record.ahead = t.ahead
    record.toldMin = t.wait.minutes
    const visit: Visit = { person, record, ticket: t.ticket, item: t.item, left: false }
    this.visits.set(t.ticket, visit)
    if (Number.isFinite(person.patienceMs)) {
      this.later(now + person.patienceMs, () => {
        if (record.calledAt === undefined) {
          visit.left = true
          record.outcome = 'abandoned'
          record.waitMin = person.patienceMs / 60_000
        }
      })
    }
    this.wake(t.category)
    return t
  }

  private wake(category: string) {
    for (const s of this.staff.values()) {
      if (this.model.windows.get(s.no)?.categories.has(category) !== true) continue
      if (s.current === undefined && !s.busy && (s.duty || s.overtime) && s.open && !s.paused) {
        void this.tryCall(s)
        return
      }
    }
  }

  private async tryCall(s: Staff): Promise<void> {
    if (s.busy || s.current !== undefined || !(s.duty || s.overtime) || !s.open || s.paused) return
    s.busy = true
    const r = await this.press(s, () => s.caller.call(), 'call')
    s.busy = false
    if (r === undefined) return
    if (!r.ok) {
      if (r.error.code !== 'NO_TICKET') this.anomaly(`call ${s.no}: ${r.error.code}`)
      else if (s.overtime) void this.offDuty(s)
      else if (s.leaving) void this.offDuty(s)
      return
    }
    const now = this.o.clock.now()
    const visit = this.visits.get(r.result.ticket)
    if (visit === undefined) {
      // Someone else's number (another kiosk, an earlier run): nobody comes.
      s.current = undefined
      await this.press(s, () => s.caller.noshow(), 'noshow')
      void this.tryCall(s)
      return
    }
    s.current = visit
    const rec = visit.record
    if (rec.calledAt === undefined && !visit.left) {
      rec.calledAt = now
      rec.waitMin = (now - (rec.takenAt ?? now)) / 60_000
    }
    rec.window = s.no
    const clock = this.o.clock
    if (visit.left || visit.person.noShow) {
      const grace = this.o.settings.noShowGraceMs
      this.later(now + grace / 2, () => void this.press(s, () => s.caller.recall(), 'recall'))
      this.later(now + grace, () => void this.noshow(s, visit))
    } else {
      this.later(now + visit.person.walkMs, () => void this.start(s, visit))
    }
    void clock
  }

  private async start(s: Staff, visit: Visit) {
    const r = await this.press(s, () => s.caller.start(), 'start')
    if (r?.ok !== true)
      return this.anomaly(`start ${s.no}: ${r?.ok === false ? r.error.code : 'no answer'}`)
    const now = this.o.clock.now()
    visit.record.startedAt ??= now
    const sv = this.o.settings.serviceOf(visit.item)
    const u = visit.record.transfers === 0 ? visit.person.uService : visit.person.uService2
    const ms = durationAt(u, this.o.settings.shape, sv.meanMs, sv.cv) / s.speed
    this.later(now + ms, () => void this.done(s, visit))
  }

  private async done(s: Staff, visit: Visit) {
    const rec = visit.record
    const t = this.o.settings.transfer
    if (t !== undefined && rec.transfers === 0 && visit.person.uTransfer < t.probability) {
      const from = this.model.items.get(visit.item)
      const candidates = (
        t.items ??
        [...this.model.offered.values()]
          .filter((i) => i.category === from?.category)
          .map((i) => i.code)
      ).filter((c) => c !== visit.item && this.model.offered.has(c))
      const to = candidates[Math.floor(visit.person.uTransferItem * candidates.length)]
      if (to !== undefined) {
        const r = await this.press(s, () => s.caller.transfer(to), 'transfer')
        if (r?.ok === true) {
          rec.transfers++
          visit.item = to
          s.current = undefined
          this.afterService(s)
          this.wake(this.model.items.get(to)!.category)
          return
        }
      }
    }
    const r = await this.press(s, () => s.caller.complete(), 'complete')
    if (r?.ok !== true)
      return this.anomaly(`complete ${s.no}: ${r?.ok === false ? r.error.code : 'no answer'}`)
    rec.endedAt = this.o.clock.now()
    rec.outcome = 'served'
    this.finish(visit)
    s.current = undefined
    this.afterService(s)
  }

  private async noshow(s: Staff, visit: Visit) {
    if (s.current !== visit) return
    const r = await this.press(s, () => s.caller.noshow(), 'noshow')
    if (r?.ok !== true)
      return this.anomaly(`noshow ${s.no}: ${r?.ok === false ? r.error.code : 'no answer'}`)
    if (!visit.left) visit.record.outcome = 'noshow'
    visit.record.endedAt = this.o.clock.now()
    this.finish(visit)
    s.current = undefined
    this.afterService(s)
  }

  private afterService(s: Staff) {
    if (s.leaving || (!s.duty && !s.overtime)) void this.offDuty(s)
    else void this.tryCall(s)
  }

  private finish(visit: Visit) {
    this.visits.delete(visit.ticket)
    this.o.onRecord(visit.record)
  }

  /** Whether every window is done for the day: nobody served and no number left to call. */
  get quiet(): boolean {
    return (
      this.visits.size === 0 &&
      [...this.staff.values()].every((s) => s.current === undefined && !s.busy)
    )
  }

  /** End of the day: close every window, record who is left as unserved. */
  async endDay(): Promise<void> {
    for (const t of this.timers) t.cancel()
    this.timers = []
    for (const v of this.visits.values()) {
      if (v.record.outcome !== 'abandoned') v.record.outcome = 'unserved'
      this.o.onRecord(v.record)
    }
    this.visits.clear()
    for (const s of this.staff.values()) {
      s.duty = false
      s.overtime = false
      s.leaving = false
      s.current = undefined
      if (s.open) {
        const r = await this.press(s, () => s.caller.closeWindow(), 'close')
        if (r?.ok === true) s.open = false
      }
    }
  }
}
