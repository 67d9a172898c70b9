import type { QueueEngine } from '@qms/edge-agent/queue'
import type { Catalogue, HallConfig, Item, WaitPrediction } from '@qms/protocol'
import type { Person } from '../scenario/people.js'

/*
 * Where other parts of the system plug into a run: a *policy* (guidance, balancing, a simulated
 * manager) and *predictors* (wait predictions recorded beside the actual wait). Hooks see the
 * halls through the edge's own queue engine; they must not change it (clone it to look ahead).
 */

/** A hall during a run. */
export interface HallView {
  readonly site: string
  readonly hall: HallConfig
  /** The hall's live queue engine: query it (`estimate`, `waiting`, `ahead`, `state`), or `clone()` it to look ahead; never `execute` on it. */
  readonly engine: QueueEngine
  /** Whether the hall offers the item. */
  offers(item: string): boolean
  /** People waiting now (every item). */
  waiting(): number
  /** Windows open and not paused now. */
  serving(): number
  /** The edge's local wait estimate for a newcomer, minutes. */
  estimateMin(item: string): number
}

export interface DistrictView {
  /** Virtual time, epoch ms. */
  readonly now: number
  readonly catalogue: Catalogue
  /** Every hall of the run, by id. */
  readonly halls: ReadonlyMap<string, HallView>
  /** Door-to-door minutes from one hall to another at the scenario's travel speed. */
  travelMinutes(from: string, to: string): number
}

/** What a policy advises a person on arrival. */
export type Advice = { kind: 'stay' } | { kind: 'online' } | { kind: 'hall'; site: string }

export interface ArrivalContext {
  readonly now: number
  readonly person: Readonly<Person>
  readonly item: Item
  /** The hall the person walked into. */
  readonly hall: HallView
  readonly district: DistrictView
}

export interface ManagerContext {
  readonly now: number
  readonly district: DistrictView
  /**
   * Staffs a window that nobody staffs now (a manager sends someone) until `untilMs` (default:
   * the end of the hall's day). False when the hall or window is unknown or already staffed.
   */
  openWindow(site: string, window: string, untilMs?: number): boolean
  /** Sends a window's staff away after the current person. False when not staffed. */
  closeWindow(site: string, window: string): boolean
}

/**
 * A guidance / balancing policy. `onArrival` runs for each person walking into their home hall,
 * before they take a number: advice to go online is followed when the item can be done online and
 * the person is among the scenario's `guidance.online` share; advice to go to another hall when it
 * offers the item and the person is among the `guidance.hall` share (they arrive there after the
 * travel time and take a number without being advised again). `onTick` runs every `tickMinutes`
 * of virtual time while halls are open.
 */
export interface Policy {
  readonly name: string
  onArrival?(ctx: ArrivalContext): Advice | undefined
  readonly tickMinutes?: number
  onTick?(ctx: ManagerContext): void
}

export interface PredictionContext {
  readonly now: number
  readonly person: Readonly<Person>
  readonly hall: HallView
  readonly district: DistrictView
  /** The number just taken, and the people ahead the hall counted. */
  readonly ticket: string
  readonly ahead: number
  /** What the hall told the person (the edge's local estimate). */
  readonly told: WaitPrediction
}

/**
 * A wait predictor, called right after each number is taken; its answer (minutes, or a
 * prediction with intervals) is recorded beside the actual wait as `predictions[name]`.
 */
export interface Predictor {
  readonly name: string
  predict(ctx: PredictionContext): number | WaitPrediction | undefined
}

/** The policy that advises nothing: everybody stays. */
export const stayPolicy: Policy = { name: 'stay' }
