import type { PublicHall, WaitPrediction } from '@qms/protocol'
import { haversineKm } from '../../balance/travel.js'

/*
 * Choosing a hall on the phone: the halls that offer the item, with the predicted wait there and,
 * when the browser gave a location, how far each is. The list puts open halls first and, among
 * them, the one where the person is served soonest — travel (at city speed) plus wait.
 */

export interface HallChoice {
  id: string
  name: string
  nameEn: string | undefined
  address: string | undefined
  open: boolean
  waiting: number
  /** The predicted wait for the item (or the hall's shortest one when no item is chosen). */
  wait: WaitPrediction | undefined
  distanceKm: number | undefined
  /** Travel at `speedKmh` plus the wait: what the list is sorted by. */
  soonestMin: number | undefined
}

export interface Place {
  lat: number
  lng: number
}

/** Great-circle distance, km: the balancer's, so the phone and the advice agree. */
export const distanceKm = haversineKm

/** `1.2公里` / `850米`. */
export function distanceText(km: number | undefined): { zh: string; en: string } | undefined {
  if (km === undefined) return undefined
  if (km < 1) {
    const m = Math.max(50, Math.round((km * 1000) / 50) * 50)
    return { zh: `${m}米`, en: `${m} m` }
  }
  const v = km < 10 ? km.toFixed(1) : String(Math.round(km))
  return { zh: `${v}公里`, en: `${v} km` }
}

export function hallChoices(
  halls: readonly PublicHall[],
  opts: { item?: string | undefined; here?: Place | undefined; speedKmh?: number } = {},
): HallChoice[] {
  const speed = opts.speedKmh ?? 25
  const choices: HallChoice[] = []
  for (const h of halls) {
    let wait: WaitPrediction | undefined
    if (opts.item !== undefined) {
      const w = h.items.find((i) => i.item === opts.item)
      if (w === undefined) continue // the hall does not offer the item
      wait = w.wait
    } else if (h.items.length > 0) {
      wait = h.items.reduce((a, b) => (b.wait.minutes < a.wait.minutes ? b : a)).wait
    }
    const km = opts.here === undefined ? undefined : distanceKm(opts.here, h.location)
    const travel = km === undefined ? 0 : (km / speed) * 60
    choices.push({
      id: h.id,
      name: h.name,
      nameEn: h.nameEn,
      address: h.address,
      open: h.open,
      waiting: h.waiting,
      wait,
      distanceKm: km,
      soonestMin: wait === undefined ? undefined : wait.minutes + travel,
    })
  }
  return choices.sort(
    (a, b) =>
      Number(b.open) - Number(a.open) ||
      (a.soonestMin ?? Number.POSITIVE_INFINITY) - (b.soonestMin ?? Number.POSITIVE_INFINITY) ||
      (a.distanceKm ?? 0) - (b.distanceKm ?? 0) ||
      a.id.localeCompare(b.id),
  )
}
