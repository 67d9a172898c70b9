import type { HallModel } from '@qms/edge-agent/queue'
import type { Priority } from '@qms/protocol'
import type { HallStats } from './hall-stats.js'
import { slotOf } from './local-clock.js'

/*
 * Arrivals per category and class (normal `n`, priority `p`) and half-hour. Past days give the
 * shape of a day; today's arrivals so far scale it (a busy Monday is busier all day). With no
 * past day, the last hour's rate stands for the rest of the day.
 */

/** Weight of the past days against a new one when a day is folded into the history. */
export const DAY_DECAY = 0.8
/** Arrivals that the level of today is shrunk with (toward the usual level 1). */
const LEVEL_PRIOR = 20
const RECENT_MS = 60 * 60_000

export type ArrivalClass = 'n' | 'p'
export const classOf = (priority: Priority): ArrivalClass => (priority === 'normal' ? 'n' : 'p')
const keyOf = (category: string, cls: ArrivalClass) => `${category} ${cls}`

function counts(record: Record<string, number[]>, key: string): number[] {
  let c = record[key]
  if (c === undefined) {
    c = new Array<number>(48).fill(0)
    record[key] = c
  }
  return c
}

/** Starts a new local day: today's counts join the history. */
export function rollDay(stats: HallStats, day: string): void {
  if (stats.day === day && day !== '') return
  if (stats.day !== '' || Object.keys(stats.today).length > 0) {
    let any = false
    for (const c of Object.values(stats.today)) if (c.some((n) => n > 0)) any = true
    if (any) {
      for (const c of Object.values(stats.history)) for (let i = 0; i < 48; i++) c[i]! *= DAY_DECAY
      for (const [key, c] of Object.entries(stats.today)) {
        const h = counts(stats.history, key)
        for (let i = 0; i < 48; i++) h[i]! += c[i]!
      }
      stats.historyDays = stats.historyDays * DAY_DECAY + 1
    }
  }
  stats.day = day
  stats.today = {}
  stats.recent = {}
}

export function addArrival(
  stats: HallStats,
  model: HallModel,
  category: string,
  priority: Priority,
  at: number,
): void {
  const key = keyOf(category, classOf(priority))
  counts(stats.today, key)[slotOf(model, at)]! += 1
  const list = stats.recent[key] ?? []
  list.push(at)
  while (list.length > 0 && list[0]! < at - RECENT_MS) list.shift()
  if (list.length > 2000) list.splice(0, list.length - 2000)
  stats.recent[key] = list
}

/** Arrivals per minute over the last hour (or since the first arrival of the day, if later). */
export function recentRate(
  stats: HallStats,
  category: string,
  cls: ArrivalClass,
  at: number,
): number {
  const list = stats.recent[keyOf(category, cls)]
  if (list === undefined) return 0
  let n = 0
  for (const t of list) if (t > at - RECENT_MS && t <= at) n++
  return n / 60
}

/** How busy today is against the usual day, from every arrival so far (1 with no history). */
export function todayLevel(stats: HallStats, model: HallModel, at: number): number {
  if (stats.historyDays < 0.5) return 1
  const upTo = slotOf(model, at)
  let today = 0
  let usual = 0
  for (const [key, c] of Object.entries(stats.history)) {
    const t = stats.today[key]
    for (let i = 0; i < upTo; i++) {
      usual += c[i]! / stats.historyDays
      today += t?.[i] ?? 0
    }
  }
  return (today + LEVEL_PRIOR) / (usual + LEVEL_PRIOR)
}

/**
 * Expected arrivals per minute for a category and class in the half-hour of `slotAt` (a future
 * instant), as seen at `now`.
 */
export function arrivalRate(
  stats: HallStats,
  model: HallModel,
  category: string,
  cls: ArrivalClass,
  now: number,
  slotAt: number,
  level = todayLevel(stats, model, now),
): number {
  const h = stats.history[keyOf(category, cls)]
  if (stats.historyDays >= 0.5) {
    if (h === undefined) return 0
    return (h[slotOf(model, slotAt)]! / stats.historyDays / 30) * level
  }
  return recentRate(stats, category, cls, now)
}
