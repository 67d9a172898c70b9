import { haversineKm } from '../../balance/travel.js'
import { relief, serving } from './actions.js'
import {
  type AlertDistrictView,
  type AlertDraft,
  type AlertHallView,
  bar,
  type RuleContext,
} from './types.js'

/*
 * A hall far busier than its neighbours: people per open window against the median of the
 * halls within reach. Suggests opening a window (with staff from the quietest neighbour when one
 * can spare someone) and diversion to the neighbours.
 */

/** People waiting per open window (waiting people count double when no window is open). */
export function loadOf(view: AlertHallView): number {
  let waiting = 0
  for (const t of view.state.open.values()) if (t.state === 'waiting') waiting++
  let open = 0
  for (const no of view.state.model.windows.keys()) if (serving(view.state, no)) open++
  return open === 0 ? waiting * 2 : waiting / open
}

export function neighboursOf(
  district: AlertDistrictView,
  view: AlertHallView,
  km: number,
): AlertHallView[] {
  const out: AlertHallView[] = []
  for (const other of district.halls.values()) {
    if (other.site !== view.site && haversineKm(view.location, other.location) <= km)
      out.push(other)
  }
  return out
}

/** A neighbour that can spare someone: at least two windows open and almost nobody waiting. */
export function donorOf(neighbours: readonly AlertHallView[]): AlertHallView | undefined {
  let best: AlertHallView | undefined
  let bestLoad = Number.POSITIVE_INFINITY
  for (const n of neighbours) {
    let open = 0
    for (const no of n.state.model.windows.keys()) if (serving(n.state, no)) open++
    const load = loadOf(n)
    if (open >= 2 && load < 0.5 && load < bestLoad) {
      best = n
      bestLoad = load
    }
  }
  return best
}

const median = (values: number[]) => {
  if (values.length === 0) return 0
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function hallBusier(
  district: AlertDistrictView,
  view: AlertHallView,
  ctx: RuleContext,
): AlertDraft[] {
  const neighbours = neighboursOf(district, view, ctx.thresholds.neighbourKm)
  if (neighbours.length === 0) return []
  const load = loadOf(view)
  const around = median(neighbours.map(loadOf))
  const key = `hall-busier:${view.site}`
  const threshold = Math.max(
    ctx.thresholds.busierMinimum,
    ctx.thresholds.busierRatio * Math.max(around, 0.5),
  )
  if (load < bar(ctx, key, threshold)) return []
  const rounded = Math.round(load * 10) / 10
  return [
    {
      rule: 'hall-busier',
      key,
      site: view.site,
      level: load >= 2 * threshold ? 'critical' : 'warning',
      value: rounded,
      threshold: Math.round(threshold * 10) / 10,
      text: `${view.name}每窗口等候${rounded}人，周边服务点仅约${Math.round(around * 10) / 10}人`,
      textEn: `${view.site}: ${rounded} waiting per window, about ${Math.round(around * 10) / 10} at the halls around it`,
      actions: relief(view, undefined, donorOf(neighbours)),
    },
  ]
}
