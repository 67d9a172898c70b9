import { type HallSnapshot, type LinkState, PROTOCOL_VERSION, type QueueEntry } from '@qms/protocol'
import type { CloudAdvice } from '../cloud/advice.js'
import {
  callEntries,
  iso,
  isWithinHours,
  type QueueState,
  queueEntries,
  windowEntries,
} from '../queue/index.js'

/**
 * The cloud's wait for a category: the prediction for its most visited item that has one.
 * Undefined when the cloud said nothing fresh about any of its items.
 */
function cloudCategoryWait(state: QueueState, advice: CloudAdvice, category: string, now: number) {
  let best: { demand: number; wait: QueueEntry['wait'] } | undefined
  for (const item of state.model.offered.values()) {
    if (item.category !== category) continue
    const wait = advice.itemWait(item.code, now)
    const demand = item.demand ?? 0
    if (wait !== undefined && (best === undefined || demand > best.demand)) best = { demand, wait }
  }
  return best?.wait
}

export interface SnapshotInput {
  state: QueueState
  seq: number
  now: number
  advice: CloudAdvice
  link: LinkState
}

/** Everything a hall screen shows, from the queue state and the cloud's advice. */
export function buildSnapshot({ state, seq, now, advice, link }: SnapshotInput): HallSnapshot {
  const { model } = state
  const queues = queueEntries(state, now).map((q) => {
    const wait = cloudCategoryWait(state, advice, q.category, now)
    return wait === undefined ? q : { ...q, wait }
  })
  const snapshot: HallSnapshot = {
    v: PROTOCOL_VERSION,
    site: model.site,
    name: model.hall.name,
    ts: iso(now),
    day: state.day === '' ? model.dayOf(now) : state.day,
    seq,
    open: isWithinHours(model.timeZone, model.hall.hours, now),
    calls: callEntries(state),
    windows: windowEntries(state).slice(0, 128),
    queues,
    guidance: advice.hallGuidance(now),
    link,
    timezone: model.timeZone,
  }
  if (model.hall.nameEn !== undefined) snapshot.nameEn = model.hall.nameEn
  const diversion = advice.diversion()
  if (diversion !== undefined) snapshot.diversion = diversion
  return snapshot
}
