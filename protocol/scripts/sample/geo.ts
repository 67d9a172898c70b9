import type { Location } from '../../src/config/hall.js'
import { round } from './random.js'

/* Flat-earth offsets: fine over a district 40 km across. */

const KM_PER_DEGREE = 111.32
const rad = (deg: number) => (deg * Math.PI) / 180

/** The point `km` away from `from` on `bearing` degrees clockwise from north, to six decimals. */
export function offset(from: Location, bearing: number, km: number): Location {
  const north = km * Math.cos(rad(bearing))
  const east = km * Math.sin(rad(bearing))
  return {
    lat: round(from.lat + north / KM_PER_DEGREE, 6),
    lng: round(from.lng + east / (KM_PER_DEGREE * Math.cos(rad(from.lat))), 6),
  }
}
