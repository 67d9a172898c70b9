import {
  applyEnvelope,
  findTicket,
  type HallModel,
  initialState,
  type QueueState,
} from '@qms/edge-agent/queue'
import type { EventData, EventEnvelope } from '@qms/protocol'
import {
  type CalibrationState,
  createForwardPredictor,
  createHallStats,
  type HallStats,
  learnEvent,
  type Prediction,
  type WaitPredictor,
} from '../predict/index.js'
import { localTime } from '../projections/local-time.js'
import { EventSequencer, type Ready } from './sequencer.js'

/*
 * One hall's queue state as the engine holds it at the hall, rebuilt from the hall's events of
 * the day and advanced event by event — what the predictor, the balancer and the alert rules
 * take. Beside it, what the live cloud keeps from those events: the statistics the predictor
 * learns (each event once, by seq, across owners), the first calls with the wait a ticket was
 * told at issue (for the calibration and the accuracy chart), per-hour counters, and since when
 * each booth sensor has read nobody. No I/O: the owner feeds it and writes what it keeps.
 */

export interface Learned {
  /** Last event seq learned from. */
  seq: number
  stats: HallStats
  calibration?: CalibrationState
}

/** A waiting ticket's first call, with what it was told at issue. */
export interface CallOutcome {
  seq: number
  ticket: string
  item: string
  calledAt: number
  actualMin: number
  predicted?: Prediction
}

/** Counter increments: `<day>` → `<hour>:<field>` → n. */
export type HourCounts = Map<string, Map<string, number>>

export interface MirrorOptions {
  model: HallModel
  learned?: Learned
  /** Events at or below this seq were counted (hour counters, accuracy) by an earlier owner. */
  countedSeq?: number
  /** The predictions tickets were given at issue, as an earlier owner kept them. */
  issued?: Map<string, Prediction>
  /** Options of the forward predictor (its calibration learns from the first calls). */
  predictor?: Parameters<typeof createForwardPredictor>[0]
}

const MINUTE = 60_000

export class HallMirror {
  readonly model: HallModel
  state: QueueState
  readonly sequencer = new EventSequencer()
  stats: HallStats
  learnedSeq: number
  readonly predictor: WaitPredictor
  countedSeq: number
  /** Highest seq whose counts are in `counts` / `outcomes` and not yet written. */
  pendingCountSeq: number
  readonly issued: Map<string, Prediction>
  /** Tickets whose issue prediction changed since the last write (undefined: deleted). */
  readonly issuedDirty = new Map<string, Prediction | undefined>()
  counts: HourCounts = new Map()
  outcomes: CallOutcome[] = []
  /** Tickets issued since the last look, with their category (people who saw the guidance). */
  arrivals: Array<{ ticket: string; category: string; at: number }> = []
  readonly absentSince = new Map<string, number>()
  /** Newcomer predictions of the last refresh and when they were made. */
  newcomers: { at: number; map: ReadonlyMap<string, Prediction> } | undefined
  /** The last `site.config` the edge announced since the last look. */
  announced: EventData<'site.config'> | undefined
  /** Events applied since the last look. */
  changes = 0
  /** Tickets named by events since the last look. */
  readonly touched = new Set<string>()
  /** The stream was read to its end at least once: what follows is happening now. */
  live = false

  constructor(opts: MirrorOptions) {
    this.model = opts.model
    this.state = initialState(opts.model)
    this.stats = opts.learned?.stats ?? createHallStats(opts.model.site)
    this.learnedSeq = opts.learned?.seq ?? 0
    this.predictor = createForwardPredictor({
      ...opts.predictor,
      ...(opts.learned?.calibration === undefined ? {} : { state: opts.learned.calibration }),
    })
    this.countedSeq = opts.countedSeq ?? 0
    this.pendingCountSeq = this.countedSeq
    this.issued = opts.issued ?? new Map()
  }

  get applied(): number {
    return this.sequencer.applied
  }

  /** What was learned, as JSON for Redis. */
  learned(): Learned {
    return {
      seq: this.learnedSeq,
      stats: this.stats,
      calibration: this.predictor.toJSON() as CalibrationState,
    }
  }

  /** Offers an event as the stream delivered it; applies what is now in order. */
  offer(event: EventEnvelope): number {
    const ready = this.sequencer.offer(event)
    for (const r of ready) this.apply(r)
    return ready.length
  }

  /** Applies events released by the sequencer (baseAt, skip). */
  applyAll(ready: Ready[]): void {
    for (const r of ready) this.apply(r)
  }

  private apply({ event, reset }: Ready): void {
    const at = Date.parse(event.ts)
    // A journal's first event starts the hall's day (a snapshot brings its own): the engine's
    // rules treat a state without a day as one whose day must first be rolled over.
    if (reset)
      this.state = initialState(this.model, event.type === 'site.snapshot' ? undefined : at)
    const before =
      event.type === 'ticket.called' ? findTicket(this.state, event.data.ticket) : undefined
    applyEnvelope(this.state, event)
    const learning = event.seq > this.learnedSeq
    if (learning) {
      learnEvent(this.stats, this.state, event, at)
      this.learnedSeq = event.seq
    }
    const counting = event.seq > this.countedSeq
    if (counting) this.pendingCountSeq = Math.max(this.pendingCountSeq, event.seq)
    this.changes++
    const named = (event.data as { ticket?: unknown }).ticket
    if (typeof named === 'string') this.touched.add(named)
    switch (event.type) {
      case 'ticket.issued': {
        if (counting) this.count(at, 'issued')
        const d = event.data
        if (this.live) {
          this.arrivals.push({ ticket: d.ticket, category: d.category, at })
          const key = d.priority === 'normal' ? d.item : `${d.item} priority`
          const told = this.newcomers?.map.get(key)
          if (told !== undefined && !this.issued.has(d.ticket)) this.setIssued(d.ticket, told)
        }
        return
      }
      case 'ticket.called': {
        const t = this.state.open.get(event.data.ticket)
        const first =
          event.data.mode !== 'callback' &&
          before?.calledAt === undefined &&
          t !== undefined &&
          t.transfers === 0
        if (!first || t === undefined) return
        const actualMin = Math.max(0, (at - t.issuedAt) / MINUTE)
        const predicted = this.issued.get(t.ticket)
        if (predicted !== undefined) this.setIssued(t.ticket, undefined)
        if (learning && predicted !== undefined) this.predictor.observe(predicted, actualMin)
        if (!counting) return
        this.count(at, 'called')
        this.count(at, 'wsum', actualMin)
        if (predicted !== undefined) {
          this.count(at, 'pn')
          this.count(at, 'psum', predicted.minutes)
          this.count(at, 'asum', actualMin)
        }
        this.outcomes.push({
          seq: event.seq,
          ticket: t.ticket,
          item: t.item,
          calledAt: at,
          actualMin,
          ...(predicted === undefined ? {} : { predicted }),
        })
        return
      }
      case 'ticket.completed':
        if (counting) this.count(at, 'served')
        return
      case 'ticket.noshow':
        if (counting) this.count(at, 'noshow')
        return
      case 'ticket.cancelled':
        if (counting && event.data.reason !== 'dayEnd') this.count(at, 'cancelled')
        if (this.issued.has(event.data.ticket)) this.setIssued(event.data.ticket, undefined)
        return
      case 'ticket.transferred':
        if (event.data.toSite !== undefined && this.issued.has(event.data.ticket))
          this.setIssued(event.data.ticket, undefined)
        return
      case 'booth.presence':
        if (event.data.present) this.absentSince.delete(event.data.window)
        else if (!this.absentSince.has(event.data.window))
          this.absentSince.set(event.data.window, at)
        return
      case 'window.opened':
      case 'window.closed':
        // A window opened anew is watched afresh; the sensor's next reading starts the count.
        this.absentSince.delete(event.data.window)
        return
      case 'site.config':
        this.announced = event.data
        return
      default:
        return
    }
  }

  /** Records the prediction a ticket got at issue (the first one it was given). */
  setIssued(ticket: string, prediction: Prediction | undefined): void {
    if (prediction === undefined) this.issued.delete(ticket)
    else this.issued.set(ticket, prediction)
    this.issuedDirty.set(ticket, prediction)
  }

  private count(at: number, field: string, n = 1): void {
    const local = localTime(at, this.model.timeZone)
    let day = this.counts.get(local.day)
    if (day === undefined) {
      day = new Map()
      this.counts.set(local.day, day)
    }
    const key = `${local.hour}:${field}`
    day.set(key, (day.get(key) ?? 0) + n)
  }

  /**
   * Takes what is to be written (counts, outcomes) and the seq they run to; the writer sets
   * `countedSeq` once they are stored.
   */
  takeCounts(): { counts: HourCounts; outcomes: CallOutcome[]; toSeq: number } | undefined {
    if (this.pendingCountSeq <= this.countedSeq) return undefined
    const out = { counts: this.counts, outcomes: this.outcomes, toSeq: this.pendingCountSeq }
    this.counts = new Map()
    this.outcomes = []
    return out
  }
}
