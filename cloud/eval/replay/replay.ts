import {
  createQueueEngine,
  type EventDraft,
  type QueueEngine,
  type QueueRequest,
} from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig } from '@qms/protocol'
import {
  createBaselines,
  createForwardPredictor,
  createHallStats,
  learnEvent,
  type Prediction,
  type WaitPredictor,
} from '../../src/predict/index.js'
import type { Scored } from '../metrics.js'
import type { PredictorRows } from '../predict-eval.js'
import { replayHall } from './hall.js'
import type { LogRow } from './log.js'

/*
 * Replay: a hall's log played through the queue engine in time order, so that at each arrival
 * the hall's state is what the hall knew then — who was waiting, who was at which window, which
 * windows were open — and every predictor is asked for that ticket's wait with the statistics
 * learned from the log so far. The waits the log shows are the truth they are scored against.
 *
 * What the log does not say is inferred from what was known at the time only: a window opens
 * at its first call of the day, and is taken as paused after IDLE_PAUSE_MIN minutes without a
 * call (it resumes at its next call). The call order is the log's (the engine is told which
 * ticket each window called), so a hall with other rules than ours replays as it happened.
 */

const IDLE_PAUSE_MIN = 30
/** Order of events at the same instant: ends free windows first; an arrival precedes its call. */
const ORDER = { end: 0, leave: 1, arrival: 2, call: 3 } as const

type Step =
  | { at: number; kind: 'arrival'; row: LogRow }
  | { at: number; kind: 'call'; row: LogRow }
  | { at: number; kind: 'end'; row: LogRow }
  | { at: number; kind: 'leave'; row: LogRow }

export interface ReplayOptions {
  hall?: HallConfig
  catalogue?: Catalogue
  /** Time zone of a hall made from the log (default Asia/Shanghai). */
  timeZone?: string
  /** Forward runs per prediction (default 64). */
  runs?: number
  /** Predictors to score (default: the forward simulation and every baseline). */
  predictors?: WaitPredictor[]
  /** Called with each ticket's predictions as they are made (for tests: nothing from the future). */
  onPrediction?(ticket: string, predictions: ReadonlyArray<Prediction | undefined>): void
}

export interface ReplayResult {
  hall: HallConfig
  tickets: number
  predictors: PredictorRows[]
  /** Rows the engine could not follow (e.g. a window serving an item it does not serve). */
  anomalies: string[]
}

export function replayLog(
  rows: readonly LogRow[],
  fallbackCatalogue: Catalogue,
  options: ReplayOptions = {},
): ReplayResult {
  const made = replayHall(rows, options, fallbackCatalogue)
  const predictors = options.predictors ?? [
    createForwardPredictor({ runs: options.runs ?? 64 }),
    ...createBaselines(),
  ]
  const steps: Step[] = []
  for (const row of rows) {
    steps.push({ at: row.arrival, kind: 'arrival', row })
    if (row.start !== undefined) steps.push({ at: row.start, kind: 'call', row })
    if (row.end !== undefined) steps.push({ at: row.end, kind: 'end', row })
    if (row.leftAt !== undefined) steps.push({ at: row.leftAt, kind: 'leave', row })
  }
  steps.sort((a, b) => a.at - b.at || ORDER[a.kind] - ORDER[b.kind] || a.row.line - b.row.line)
  const start = steps[0]?.at ?? 0
  let now = start
  const clock = { now: () => now, setTimeout: () => ({}), clearTimeout: () => undefined }
  const engine: QueueEngine = createQueueEngine({
    hall: made.hall,
    catalogue: made.catalogue,
    clock,
  })
  const stats = createHallStats(made.hall.id)
  const anomalies: string[] = []
  const ticketOf = new Map<string, string>()
  const pending = new Map<
    string,
    { predictions: Array<Prediction | undefined>; ahead: number; load: number; arrival: number }
  >()
  const scored: PredictorRows[] = predictors.map((p) => ({
    name: p.name,
    label: p.label,
    rows: [],
  }))
  const lastEnd = new Map<string, number>()
  let req = 0

  const exec = (request: QueueRequest): boolean => {
    const d = engine.decide(request, { now })
    if (!d.ok) return false
    for (const e of d.events) {
      engine.apply([e], now)
      learnEvent(stats, engine.state, e as EventDraft, now)
    }
    return true
  }
  const rid = () => `replay-${++req}`
  const pauseIdle = () => {
    for (const w of engine.state.windows.values()) {
      if (!w.open || w.paused || w.current !== undefined) continue
      if (now - (lastEnd.get(w.no) ?? now) >= IDLE_PAUSE_MIN * 60_000)
        exec({ op: 'pause', window: w.no, reqId: rid() })
    }
  }

  for (const step of steps) {
    now = step.at
    pauseIdle()
    const row = step.row
    const ticket = ticketOf.get(row.ticket)
    switch (step.kind) {
      case 'arrival': {
        const d = engine.decide(
          {
            op: 'issue',
            item: made.items.get(row.item)!,
            priority: row.priority,
            channel: 'kiosk',
          },
          { now },
        )
        if (!d.ok) {
          anomalies.push(`line ${row.line}: ${d.error.code} ${d.error.message}`)
          break
        }
        for (const e of d.events) {
          engine.apply([e], now)
          learnEvent(stats, engine.state, e as EventDraft, now)
        }
        const t = d.result.ticket
        ticketOf.set(row.ticket, t)
        const input = { state: engine.state, stats, now }
        const predictions = predictors.map((p) => p.predict(input, [{ ticket: t }])[0])
        options.onPrediction?.(row.ticket, predictions)
        let serving = 0
        let waiting = 0
        for (const w of engine.state.windows.values()) if (w.open && !w.paused) serving++
        for (const x of engine.state.open.values()) if (x.state === 'waiting') waiting++
        pending.set(row.ticket, {
          predictions,
          ahead: engine.ahead(t) ?? 0,
          load: waiting / Math.max(1, serving),
          arrival: row.arrival,
        })
        break
      }
      case 'call': {
        if (ticket === undefined) break
        const window = made.windows.get(row.window!)!
        const w = engine.state.windows.get(window)
        if (w !== undefined && (!w.open || w.paused)) exec({ op: 'open', window, reqId: rid() })
        if (w?.current !== undefined && engine.state.open.has(w.current)) {
          anomalies.push(
            `line ${row.line}: window ${row.window} called before its last service ended`,
          )
          exec({ op: 'complete', window, reqId: rid() })
        }
        if (!exec({ op: 'callTicket', window, ticket, reqId: rid() })) {
          anomalies.push(
            `line ${row.line}: window ${row.window} cannot call ${row.item} by the hall's configuration`,
          )
          break
        }
        // A no-show never starts: the window waits, then marks it.
        if (row.outcome !== 'noshow') exec({ op: 'start', window, reqId: rid() })
        const p = pending.get(row.ticket)
        if (p !== undefined) {
          pending.delete(row.ticket)
          const actual = (now - p.arrival) / 60_000
          predictors.forEach((predictor, i) => {
            const prediction = p.predictions[i]
            if (prediction === undefined) return
            predictor.observe(prediction, actual)
            const r: Scored = {
              minutes: prediction.minutes,
              lo80: prediction.lo80,
              hi80: prediction.hi80,
              lo90: prediction.lo90,
              hi90: prediction.hi90,
              actual,
              ahead: p.ahead,
              load: p.load,
              site: made.hall.id,
              at: p.arrival,
            }
            scored[i]!.rows.push(r)
          })
        }
        break
      }
      case 'end': {
        if (ticket === undefined) break
        const window = made.windows.get(row.window!)!
        if (engine.state.windows.get(window)?.current !== ticket) break
        exec({ op: row.outcome === 'noshow' ? 'noshow' : 'complete', window, reqId: rid() })
        lastEnd.set(window, now)
        break
      }
      case 'leave': {
        if (ticket === undefined) break
        if (engine.state.open.get(ticket)?.state === 'waiting')
          exec({ op: 'cancel', ticket, reason: 'abandoned' })
        pending.delete(row.ticket)
        break
      }
    }
  }
  return { hall: made.hall, tickets: rows.length, predictors: scored, anomalies }
}
