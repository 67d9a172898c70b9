import { QmsError, validate } from '@qms/protocol'
import { type HallStats, HallStatsJson } from './hall-stats.js'

/**
 * Reads statistics kept as JSON (from Redis, a file): the checked object, or a QmsError with
 * code BAD_REQUEST naming the first wrong field. Nothing is half-loaded.
 */
export function loadHallStats(value: unknown): HallStats {
  const r = validate(HallStatsJson, value)
  if (!r.ok)
    throw new QmsError('BAD_REQUEST', `hall statistics: ${r.error.message}`, { path: r.error.path })
  return structuredClone(r.value)
}
