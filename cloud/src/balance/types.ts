import type { Item, Location, Priority } from '@qms/protocol'
import type { DutySpan } from '../predict/plan.js'
import type { PendingArrivals } from './pending.js'
import type { TravelOptions } from './travel.js'

/*
 * What the balancer sees of a district: each hall's place, what it offers, when it issues
 * numbers, and its predicted waits. Built by the live cloud from its projections and the
 * predictor, and by the evaluation from the simulated halls.
 */

export interface BalanceHall {
  readonly site: string
  readonly name: string
  readonly location: Location
  /** Whether the hall offers the item. */
  offers(item: string): boolean
  /** Spans of today when the hall issues numbers, epoch ms, in order. */
  readonly open: readonly DutySpan[]
  /** Predicted minutes until a newcomer taking a number now for the item would be called. */
  waitFor(item: string, priority: Priority): number | undefined
  /** People ahead of a newcomer for the item (the queue length JSQ compares). */
  queueFor(item: string, priority: Priority): number
  /** People per minute the hall's open windows get through for the item's category. */
  serviceRate(item: string): number
  /** Categories sharing windows with the item's (whose pending arrivals delay it). */
  related(item: string): ReadonlySet<string>
  /**
   * How busy the windows serving the item are now: arrivals over capacity (0 idle, 1 saturated).
   * Each person who joins a saturated queue delays everyone who comes after them until it
   * clears, which the person's own wait does not show.
   */
  pressure?(item: string): number
}

export interface BalanceOptions {
  travel?: TravelOptions
  /** Minutes to a hall's end of issuing that a person must still have when called (default 10). */
  closingMarginMinutes?: number
  /** A hall is suggested only if it saves the person at least this many minutes… (default 5) */
  minSavingMinutes?: number
  /** …and at least this share of the wait here (default 0.2). */
  minSavingShare?: number
  /** Halls farther than this are never suggested (default 60 minutes). */
  maxTravelMinutes?: number
  /** Suggest 掌办 for items that can be done online when the wait here is at least this (default 0). */
  onlineFromMinutes?: number
  /** Share of people who act on advice: weight of each one counted as on the way (default 0.3). */
  acceptance?: number
  /**
   * Among the halls clearly better for the person, prefer the one where their joining delays
   * the fewest who come after (default true); else the one best for the person alone.
   */
  externality?: boolean
}

export const BALANCE_DEFAULTS = {
  closingMarginMinutes: 10,
  minSavingMinutes: 5,
  minSavingShare: 0.2,
  maxTravelMinutes: 60,
  onlineFromMinutes: 0,
  acceptance: 0.3,
  externality: true,
} as const

/** Where the person is: inside a hall, or somewhere (a phone's location). */
export type Whereabouts = { readonly site: string } | { readonly location: Location }

export interface BalanceRequest {
  readonly now: number
  readonly item: Item
  readonly priority?: Priority
  readonly from: Whereabouts
  readonly halls: ReadonlyMap<string, BalanceHall>
  readonly pending?: PendingArrivals
  /** Minutes between two halls, when the caller knows better than straight lines (the simulator does). */
  travel?(from: Whereabouts, to: BalanceHall): number
}

export interface Candidate {
  site: string
  waitMin: number
  travelMin: number
  /** People on their way there, counted as ahead. */
  pendingMin: number
  /** Trip + wait + people on the way: what the person would spend. */
  totalMin: number
  /** The person's total plus the delay their joining would cause others there. */
  costMin?: number
  /** Why the hall was not suggested, when it was not. */
  rejected?: 'closed' | 'closes' | 'far' | 'unknown'
}

export interface Recommendation {
  decision: 'stay' | 'hall' | 'online'
  /** The hall to go to, for `hall`. */
  site?: string
  /** Predicted minutes here (undefined when the person is not in a hall, or it does not offer the item). */
  stayMin?: number
  waitMin?: number
  travelMin?: number
  savingMin?: number
  /** Halls considered, best first. */
  candidates: Candidate[]
}
