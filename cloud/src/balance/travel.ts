import type { Location } from '@qms/protocol'

/*
 * Travel between halls: the great-circle distance (haversine) times a detour factor for roads,
 * at a speed, plus a fixed overhead (leaving, parking, finding the hall). Configurable because a
 * county with a ring road and one with a river and two bridges differ.
 */

export interface TravelOptions {
  /** Road distance over straight-line distance (default 1.3, typical of road networks). */
  detour?: number
  /** Door-to-door speed, km/h (default 25: a bus or a car in town). */
  speedKmh?: number
  /** Minutes added to every trip (default 5). */
  overheadMinutes?: number
}

export const TRAVEL_DEFAULTS = { detour: 1.3, speedKmh: 25, overheadMinutes: 5 } as const

const EARTH_KM = 6371

/** Great-circle distance in km. */
export function haversineKm(a: Location, b: Location): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Minutes from one place to another. */
export function travelMinutes(a: Location, b: Location, options: TravelOptions = {}): number {
  const detour = options.detour ?? TRAVEL_DEFAULTS.detour
  const speed = options.speedKmh ?? TRAVEL_DEFAULTS.speedKmh
  const overhead = options.overheadMinutes ?? TRAVEL_DEFAULTS.overheadMinutes
  return ((haversineKm(a, b) * detour) / speed) * 60 + overhead
}
