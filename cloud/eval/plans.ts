import type { Catalogue, HallConfig, Scenario } from '@qms/protocol'
import type { DutySpan, HallPlan } from '../src/predict/index.js'
import { planHallDay } from './sim.js'

/*
 * The duty plan a hall would give the cloud (its roster: shifts, the lunch rotation, who is
 * absent), from the scenario. Staff stay after the hall's last closing to serve whoever holds a
 * number (the simulator's overtime, and what halls do), so a shift that ends at the close is
 * open-ended: a window with nobody left to call simply stops.
 */

const OPEN_END = 8.64e15

export function planOf(
  scenario: Scenario,
  catalogue: Catalogue,
  hall: HallConfig,
  dayIndex = 0,
): HallPlan {
  const day = planHallDay(scenario, catalogue, hall, dayIndex)
  const closes = day.open.reduce((m, s) => Math.max(m, s[1]), 0)
  const windows: Record<string, DutySpan[]> = {}
  for (const w of day.windows) {
    windows[w.no] = w.shifts.map(([a, b]) => [a, b >= closes ? OPEN_END : b] as DutySpan)
  }
  return { windows }
}

/** The plan with a window staffed from `from` on (a manager sent someone). */
export function withStaffed(plan: HallPlan, window: string, from: number): HallPlan {
  const spans = [...(plan.windows?.[window] ?? []), [from, OPEN_END] as DutySpan]
  return { ...plan, windows: { ...plan.windows, [window]: spans } }
}
