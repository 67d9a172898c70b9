import type { ConsoleHall, ItemWait } from '@qms/protocol'
import { LOAD_ORDER, type LoadLevel, loadLevel } from './load.js'

/*
 * The district view: one row per hall with its live figures and load, the district's totals, and
 * where each hall sits on the map. Pure: the page draws what these return.
 */

export interface HallRow {
  id: string
  name: string
  nameEn: string | undefined
  kind: string | undefined
  waiting: number
  windowsOpen: number
  meanWaitMin: number | null
  predictedMin: number | null
  selfServiceShare: number | null
  ratingMean: number | null
  issuedToday: number
  connected: boolean
  level: LoadLevel
  location: { lat: number; lng: number } | undefined
}

/**
 * A hall's predicted wait, one figure: each item's predicted wait for a newcomer, weighted by the
 * people waiting for it now — what the hall's queue expects. Nobody waiting: 0 when the hall has
 * predictions (a newcomer is called at once), null when it has none.
 */
export function hallPredictedWait(
  items: readonly ItemWait[] | undefined,
  waitingByItem: Readonly<Record<string, number>> | undefined,
): number | null {
  if (items === undefined || items.length === 0) return null
  let sum = 0
  let weight = 0
  for (const i of items) {
    const w = waitingByItem?.[i.item] ?? 0
    if (!(w > 0)) continue
    sum += w * i.wait.minutes
    weight += w
  }
  return weight > 0 ? sum / weight : 0
}

export function hallRows(
  halls: readonly ConsoleHall[],
  predicted: ReadonlyMap<string, number | null> = new Map(),
): HallRow[] {
  const rows = halls.map((h): HallRow => {
    const predictedMin = predicted.get(h.id) ?? null
    return {
      id: h.id,
      name: h.name ?? h.id,
      nameEn: h.nameEn,
      kind: h.kind,
      waiting: h.waiting,
      windowsOpen: h.windowsOpen,
      meanWaitMin: h.meanWaitMin,
      predictedMin,
      selfServiceShare: h.selfServiceShare,
      ratingMean: h.ratingMean,
      issuedToday: h.issuedToday,
      connected: h.connected,
      level: loadLevel({
        waiting: h.waiting,
        windowsOpen: h.windowsOpen,
        predictedMin,
        connected: h.connected,
        heard: h.lastEventAt !== undefined,
      }),
      location: h.location,
    }
  })
  // The most urgent first, then the most people waiting, then by id: a stable order.
  return rows.sort(
    (a, b) =>
      LOAD_ORDER.indexOf(a.level) - LOAD_ORDER.indexOf(b.level) ||
      b.waiting - a.waiting ||
      a.id.localeCompare(b.id),
  )
}

export interface DistrictTotals {
  halls: number
  waiting: number
  windowsOpen: number
  /** Mean wait today over every called ticket of the district. */
  meanWaitMin: number | null
  /** Predicted wait, weighted by the people waiting in each hall (halls without waits count 0). */
  predictedMin: number | null
  selfServiceShare: number | null
  ratingMean: number | null
  issuedToday: number
  byLevel: Record<LoadLevel, number>
}

/** The district's figures: sums, and means weighted by what each hall's mean is made of. */
export function districtTotals(
  halls: readonly ConsoleHall[],
  rows: readonly HallRow[],
): DistrictTotals {
  const weighted = (pick: (h: ConsoleHall) => [number | null, number]) => {
    let sum = 0
    let weight = 0
    for (const h of halls) {
      const [value, w] = pick(h)
      if (value === null || !(w > 0)) continue
      sum += value * w
      weight += w
    }
    return weight > 0 ? sum / weight : null
  }
  const byLevel: Record<LoadLevel, number> = {
    idle: 0,
    normal: 0,
    busy: 0,
    overloaded: 0,
    offline: 0,
    closed: 0,
    nodata: 0,
  }
  for (const r of rows) byLevel[r.level]++
  let pSum = 0
  let pWeight = 0
  for (const r of rows) {
    if (r.predictedMin === null || r.waiting === 0) continue
    pSum += r.predictedMin * r.waiting
    pWeight += r.waiting
  }
  const anyPrediction = rows.some((r) => r.predictedMin !== null)
  return {
    halls: halls.length,
    waiting: halls.reduce((s, h) => s + h.waiting, 0),
    windowsOpen: halls.reduce((s, h) => s + h.windowsOpen, 0),
    meanWaitMin: weighted((h) => [h.meanWaitMin, h.waitCount]),
    predictedMin: pWeight > 0 ? pSum / pWeight : anyPrediction ? 0 : null,
    selfServiceShare: weighted((h) => [h.selfServiceShare, h.issuedToday]),
    ratingMean: weighted((h) => [h.ratingMean, h.ratingCount]),
    issuedToday: halls.reduce((s, h) => s + h.issuedToday, 0),
    byLevel,
  }
}

export interface MapPoint {
  id: string
  /** 0…1 across the map, west to east. */
  x: number
  /** 0…1 down the map, north to south. */
  y: number
}

/**
 * Where each hall with a location sits on a map of the given aspect (width / height): an
 * equirectangular projection (east–west shrunk by the cosine of the latitude, right at a
 * county's scale), fitted into the box with a margin, north up.
 */
export function mapLayout(
  rows: readonly { id: string; location?: { lat: number; lng: number } | undefined }[],
  aspect: number,
  margin = 0.06,
): MapPoint[] {
  const placed = rows.filter((r) => r.location !== undefined) as {
    id: string
    location: { lat: number; lng: number }
  }[]
  if (placed.length === 0) return []
  const lats = placed.map((r) => r.location.lat)
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2
  const k = Math.cos((midLat * Math.PI) / 180)
  const xs = placed.map((r) => r.location.lng * k)
  const ys = placed.map((r) => -r.location.lat)
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const spanX = x1 - x0
  const spanY = y1 - y0
  const inner = 1 - 2 * margin
  // One scale for both axes (in box units where the width is `aspect` and the height 1); an
  // axis with no extent (one hall, or halls in a line) does not limit it.
  const limits = [
    ...(spanX > 0 ? [(aspect * inner) / spanX] : []),
    ...(spanY > 0 ? [inner / spanY] : []),
  ]
  const scale = limits.length === 0 ? 0 : Math.min(...limits)
  const offX = (aspect - spanX * scale) / 2
  const offY = (1 - spanY * scale) / 2
  return placed.map((r, i) => ({
    id: r.id,
    x: (offX + ((xs[i] as number) - x0) * scale) / aspect,
    y: offY + ((ys[i] as number) - y0) * scale,
  }))
}
