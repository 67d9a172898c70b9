import type { QueueState, TicketRecord } from '@qms/edge-agent/queue'
import type { Priority, WaitPrediction } from '@qms/protocol'
import type { HallStats } from './learn/hall-stats.js'
import type { HallPlan } from './plan.js'

/*
 * The predictor interface: a hall's queue state (the engine's, as the cloud projects it from the
 * hall's events), what was learned about the hall, the time, and whom to predict for. Every
 * predictor — the forward simulation and each baseline — answers through it, so the evaluation
 * and the live cloud treat them alike.
 */

/** A waiting ticket, or a newcomer who would take a ticket for an item now. */
export type PredictTarget =
  | { readonly ticket: string }
  | { readonly item: string; readonly priority?: Priority }

export interface PredictInput {
  readonly state: QueueState
  readonly stats: HallStats
  /** Epoch ms. */
  readonly now: number
  /** The hall's duty plan (shifts, lunch, closing), when known. */
  readonly plan?: HallPlan
}

/** A prediction and the raw figures it came from, kept to learn from when it comes true. */
export interface Prediction extends WaitPrediction {
  minutes: number
  /** The interval before calibration (what calibration learns from). */
  raw?: {
    minutes: number
    lo80: number
    hi80: number
    lo90: number
    hi90: number
  }
}

export interface WaitPredictor {
  /** Short stable name, used in tables (`forward`, `ql`, `les` …). */
  readonly name: string
  /** What it is, in a few words. */
  readonly label: string
  /** Predicts the minutes from now until each target is called; undefined for an unknown target. */
  predict(input: PredictInput, targets: readonly PredictTarget[]): Array<Prediction | undefined>
  /** The wait that came true for an earlier prediction (feeds the interval calibration). */
  observe(prediction: Prediction, actualMinutes: number): void
  /** The predictor's learned calibration, as JSON (to keep it in Redis). */
  toJSON(): unknown
}

/** A target resolved against the state. */
export interface ResolvedTarget {
  item: string
  category: string
  priority: Priority
  /** The waiting ticket, for a ticket target. */
  ticket?: TicketRecord
  /** Minutes it has waited already (0 for a newcomer). */
  waited: number
}

/** Resolves a target; undefined for an unknown item or a ticket that is not waiting. */
export function resolveTarget(
  state: QueueState,
  target: PredictTarget,
  now: number,
): ResolvedTarget | undefined {
  if ('ticket' in target) {
    const t = state.open.get(target.ticket)
    if (t === undefined || t.state !== 'waiting') return undefined
    return {
      item: t.item,
      category: t.category,
      priority: t.priority,
      ticket: t,
      waited: Math.max(0, (now - t.issuedAt) / 60_000),
    }
  }
  const item = state.model.offered.get(target.item)
  if (item === undefined) return undefined
  return {
    item: item.code,
    category: item.category,
    priority: target.priority ?? 'normal',
    waited: 0,
  }
}

const MAX = 1440
const round1 = (m: number) => Math.round(Math.min(MAX, Math.max(0, m)) * 10) / 10

/** A protocol WaitPrediction from figures in minutes, clamped and rounded to 0.1 minute. */
export function toPrediction(
  r: { minutes: number; lo80: number; hi80: number; lo90: number; hi90: number },
  raw?: Prediction['raw'],
): Prediction {
  const p: Prediction = {
    minutes: round1(r.minutes),
    lo80: round1(Math.min(r.lo80, r.minutes)),
    hi80: round1(Math.max(r.hi80, r.minutes)),
    lo90: round1(Math.min(r.lo90, r.lo80, r.minutes)),
    hi90: round1(Math.max(r.hi90, r.hi80, r.minutes)),
    source: 'cloud',
  }
  if (raw !== undefined) p.raw = raw
  return p
}
