/**
 * Busy-window alert rules (工位繁忙预警): pure functions over a hall or district view that list
 * the conditions true now, each with a stable key, a level, Chinese and English text and the
 * actions it suggests. Raising, acknowledging, escalating and resolving are the live cloud's.
 */
import { donorOf, hallBusier, neighboursOf } from './district-rules.js'
import { queueLong, waitLong } from './queue-rules.js'
import {
  type AlertDistrictView,
  type AlertDraft,
  type AlertHallView,
  type AlertThresholds,
  DEFAULT_THRESHOLDS,
  type RuleContext,
} from './types.js'
import { serviceLong, windowUnattended } from './window-rules.js'

export interface EvaluateOptions {
  thresholds?: Partial<AlertThresholds>
  /** Keys of alerts raised and not yet resolved (they clear with hysteresis). */
  active?: ReadonlySet<string>
}

function contextOf(options: EvaluateOptions): RuleContext {
  return {
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    active: options.active ?? new Set(),
  }
}

/** The alerts of one hall, on its own (no neighbours: no hall-busier, no staff from elsewhere). */
export function evaluateHall(view: AlertHallView, options: EvaluateOptions = {}): AlertDraft[] {
  const ctx = contextOf(options)
  return [
    ...queueLong(view, ctx),
    ...waitLong(view, ctx),
    ...serviceLong(view, ctx),
    ...windowUnattended(view, ctx),
  ]
}

/** The alerts of every hall of a district, neighbours considered. */
export function evaluateDistrict(
  district: AlertDistrictView,
  options: EvaluateOptions = {},
): AlertDraft[] {
  const ctx = contextOf(options)
  const out: AlertDraft[] = []
  for (const view of district.halls.values()) {
    const donor = donorOf(neighboursOf(district, view, ctx.thresholds.neighbourKm))
    out.push(
      ...queueLong(view, ctx, donor),
      ...waitLong(view, ctx, donor),
      ...serviceLong(view, ctx),
      ...windowUnattended(view, ctx),
      ...hallBusier(district, view, ctx),
    )
  }
  return out
}

export { relief, windowToOpen } from './actions.js'
export { donorOf, hallBusier, loadOf, neighboursOf } from './district-rules.js'
export { queueLong, waitLong } from './queue-rules.js'
export {
  type AlertDistrictView,
  type AlertDraft,
  type AlertHallView,
  type AlertLevel,
  type AlertRule,
  type AlertThresholds,
  DEFAULT_THRESHOLDS,
  type RuleContext,
  type SuggestedAction,
} from './types.js'
export { serviceLong, windowUnattended } from './window-rules.js'
