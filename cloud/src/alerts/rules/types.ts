import type { QueueState } from '@qms/edge-agent/queue'
import type { Location } from '@qms/protocol'
import type { HallStats } from '../../predict/learn/hall-stats.js'

/*
 * Busy-window alerts (工位繁忙预警) as pure rules over what the cloud projects of each hall. A
 * rule returns drafts for the conditions true now; the live cloud raises, escalates and resolves
 * them by their stable key, and the simulated manager of the evaluation acts on their suggested
 * actions. The same condition always has the same key, whatever its level or figures, so it is
 * raised once and updated while it lasts.
 */

export type AlertRule =
  | 'queue-long'
  | 'wait-long'
  | 'service-long'
  | 'hall-busier'
  | 'window-unattended'
export type AlertLevel = 'info' | 'warning' | 'critical'

export type SuggestedAction =
  /** Staff a window that nobody staffs now (from the back office, or `staffFrom` another hall). */
  | {
      kind: 'open-window'
      site: string
      window: string
      staffFrom?: string
      text: string
      textEn: string
    }
  /** Turn on guidance that sends people from this hall elsewhere (or online). */
  | { kind: 'diversion'; site: string; category?: string; text: string; textEn: string }
  /** Someone should look at a window (a service far too long, nobody at an open window). */
  | { kind: 'check-window'; site: string; window: string; text: string; textEn: string }

export interface AlertDraft {
  rule: AlertRule
  /** Stable: `<rule>:<site>[:<subject>]`. */
  key: string
  site: string
  level: AlertLevel
  window?: string
  category?: string
  ticket?: string
  /** The figure that crossed the threshold, and the threshold. */
  value: number
  threshold: number
  /** Chinese first; English beside it. */
  text: string
  textEn: string
  actions: SuggestedAction[]
}

export interface AlertHallView {
  readonly site: string
  readonly name: string
  readonly location: Location
  readonly now: number
  readonly state: QueueState
  /** Learned norms of handling times (default: the catalogue's). */
  readonly stats?: HallStats
  /** Predicted minutes for a newcomer per category (the predictor's); the wait rule needs them. */
  readonly waits?: ReadonlyMap<string, number>
  /** Since when the booth sensor of each window has read nobody (epoch ms). */
  readonly absentSince?: ReadonlyMap<string, number>
  /** Windows on planned leave (lunch, shift over) that should not be suggested. */
  readonly onLeave?: ReadonlySet<string>
}

export interface AlertDistrictView {
  readonly now: number
  readonly halls: ReadonlyMap<string, AlertHallView>
}

export interface AlertThresholds {
  /** People waiting per open window serving a category: warning, critical (defaults 6, 12). */
  queuePerWindow: readonly [number, number]
  /** …and at least this many waiting in all (default 8). */
  queueMinimum: number
  /** Predicted minutes for a newcomer: warning, critical (defaults 30, 45). */
  waitMinutes: readonly [number, number]
  /** A service is long past `factor` × the item's norm and `extraMinutes` over it (defaults 3, 15). */
  serviceFactor: number
  serviceExtraMinutes: number
  /** A hall's people per open window against its neighbours': ratio and minimum (defaults 2, 4). */
  busierRatio: number
  busierMinimum: number
  /** Neighbours are halls within this many km (default 12). */
  neighbourKm: number
  /** Minutes an open window may have nobody at it (default 5). */
  unattendedMinutes: number
  /** An alert already raised clears only below this share of its threshold (default 0.75). */
  clearShare: number
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  queuePerWindow: [6, 12],
  queueMinimum: 8,
  waitMinutes: [30, 45],
  serviceFactor: 3,
  serviceExtraMinutes: 15,
  busierRatio: 2,
  busierMinimum: 4,
  neighbourKm: 12,
  unattendedMinutes: 5,
  clearShare: 0.75,
}

export interface RuleContext {
  readonly thresholds: AlertThresholds
  /** Keys of alerts raised and not resolved: they hold until their figure falls below the clear share. */
  readonly active: ReadonlySet<string>
}

/** The threshold a condition must meet: lower while its alert is already active (hysteresis). */
export function bar(ctx: RuleContext, key: string, threshold: number): number {
  return ctx.active.has(key) ? threshold * ctx.thresholds.clearShare : threshold
}
