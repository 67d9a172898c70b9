import type { Advice, Policy, Predictor } from './hooks.js'

/*
 * Example hooks, small on purpose: the cloud's real balancing, guidance and prediction plug in
 * through the same interfaces (hooks.ts). They also serve the CLI (`--policy`, `--predictor`).
 */

export interface ShorterHallOptions {
  /** Advise another hall only when it saves at least this many minutes, travel included (default 15). */
  minSavingMin?: number
  /** Advise 掌办 for items that can be done online when the local wait is over this (default 10). */
  onlineOverMin?: number
}

/**
 * Advises 掌办 when the item can be done online and the wait here is long, else the hall where
 * the edge's local estimate plus the travel is shortest, when that saves enough.
 */
export function shorterHallPolicy(options: ShorterHallOptions = {}): Policy {
  const minSaving = options.minSavingMin ?? 15
  const onlineOver = options.onlineOverMin ?? 10
  return {
    name: 'shorter-hall',
    onArrival({ person, item, hall, district }): Advice | undefined {
      const here = hall.estimateMin(person.item)
      if (item.online && here > onlineOver) return { kind: 'online' }
      let best: { site: string; total: number } | undefined
      for (const other of district.halls.values()) {
        if (other.site === hall.site || !other.offers(person.item) || other.serving() === 0)
          continue
        const total = district.travelMinutes(hall.site, other.site) + other.estimateMin(person.item)
        if (best === undefined || total < best.total) best = { site: other.site, total }
      }
      if (best !== undefined && here - best.total >= minSaving)
        return { kind: 'hall', site: best.site }
      return { kind: 'stay' }
    },
  }
}

/** The naive baseline: people ahead × the item's catalogue mean ÷ windows serving now. */
export const aheadTimesMeanPredictor: Predictor = {
  name: 'ahead-x-mean',
  predict({ person, hall, district, ahead }) {
    const item = district.catalogue.items.find((i) => i.code === person.item)
    const windows = Math.max(1, hall.serving())
    return ((ahead + 0.5) * (item?.meanMinutes ?? 10)) / windows
  },
}

/** What the hall told the person: the edge's local estimate, recorded as a predictor for comparison. */
export const edgeLocalPredictor: Predictor = {
  name: 'edge-local',
  predict: ({ told }) => told.minutes,
}
