import type { HallModel, QueueState } from '@qms/edge-agent/queue'
import type { Priority } from '@qms/protocol'
import { type BalanceHall, balanceHallOf } from '../balance/index.js'
import type { HallStats, Prediction } from '../predict/index.js'
import { openingSpans } from '../predict/index.js'

/*
 * What the balancer needs of a hall, as plain JSON: the owner of the hall writes it at each
 * refresh, so that any instance can advise a person about every hall without holding the halls'
 * queue states. Per item the predicted waits of a newcomer; per category the people ahead, how
 * fast the open windows get through them and how saturated they are.
 */

export interface BalanceSnapshot {
  site: string
  /** Epoch ms of the refresh. */
  at: number
  seq: number
  /** item → [ordinary, priority] minutes for a newcomer. */
  waits: Record<string, [number, number | undefined]>
  categories: Record<
    string,
    { rate: number; pressure: number; queue: number; queuePriority: number }
  >
}

const round2 = (n: number) => Math.round(n * 100) / 100

/** The snapshot of a hall from its state, statistics and the newcomer predictions of a refresh. */
export function balanceSnapshot(
  state: QueueState,
  stats: HallStats,
  newcomers: ReadonlyMap<string, Prediction>,
  seq: number,
  now: number,
): BalanceSnapshot {
  const waits: BalanceSnapshot['waits'] = {}
  for (const item of state.model.offered.keys()) {
    const n = newcomers.get(item)
    if (n === undefined) continue
    waits[item] = [n.minutes, newcomers.get(`${item} priority`)?.minutes]
  }
  const hall = balanceHallOf(state, stats, {
    now,
    waitFor: (item, priority) =>
      priority === 'normal' ? waits[item]?.[0] : (waits[item]?.[1] ?? waits[item]?.[0]),
  })
  const categories: BalanceSnapshot['categories'] = {}
  for (const item of state.model.offered.values()) {
    if (categories[item.category] !== undefined) continue
    categories[item.category] = {
      rate: round2(hall.serviceRate(item.code)),
      pressure: round2(hall.pressure?.(item.code) ?? 0),
      queue: hall.queueFor(item.code, 'normal'),
      queuePriority: hall.queueFor(item.code, 'elderly'),
    }
  }
  return { site: state.model.site, at: now, seq, waits, categories }
}

/**
 * A BalanceHall from a hall's snapshot and model. Waits older than `staleMs` are unknown: a hall
 * whose owner stopped refreshing is not suggested on old figures.
 */
export function hallFromSnapshot(
  model: HallModel,
  snapshot: BalanceSnapshot | undefined,
  now: number,
  staleMs: number,
): BalanceHall {
  const fresh = snapshot !== undefined && now - snapshot.at <= staleMs ? snapshot : undefined
  const category = (item: string) => model.items.get(item)?.category ?? ''
  const cat = (item: string) => fresh?.categories[category(item)]
  return {
    site: model.site,
    name: model.hall.name,
    location: model.hall.location,
    open: openingSpans(model, now),
    offers: (item) => model.offered.has(item),
    waitFor(item: string, priority: Priority) {
      const w = fresh?.waits[item]
      if (w === undefined) return undefined
      return priority === 'normal' ? w[0] : (w[1] ?? w[0])
    },
    queueFor: (item, priority) =>
      (priority === 'normal' ? cat(item)?.queue : cat(item)?.queuePriority) ?? 0,
    serviceRate: (item) => cat(item)?.rate ?? 0,
    related: (item) => model.coServed.get(category(item)) ?? new Set(),
    pressure: (item) => cat(item)?.pressure ?? 0,
  }
}
