/*
 * A hall's figures are kept per local day of the hall (a hall in Asia/Shanghai closes its day at
 * midnight there, not at UTC midnight). Intl is slow enough to matter at ten thousand events a
 * second, so the zone's offset is looked up once per zone and hour and cached: time zones change
 * offset only on hour boundaries in practice.
 */

export interface LocalTime {
  /** YYYY-MM-DD */
  day: string
  /** 0–23 */
  hour: number
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number
}

const HOUR_MS = 3_600_000
const MAX_CACHED = 4096
const offsets = new Map<string, number>()
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Offset of `timeZone` from UTC at `ms`, in milliseconds (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const hour = Math.floor(ms / HOUR_MS)
  const key = `${timeZone}|${hour}`
  const cached = offsets.get(key)
  if (cached !== undefined) return cached
  const at = hour * HOUR_MS
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  )
  const offset = asUtc - at
  if (offsets.size >= MAX_CACHED) offsets.clear()
  offsets.set(key, offset)
  return offset
}

/** The local day, hour and weekday of instant `ms` in `timeZone`. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const local = new Date(ms + zoneOffsetMs(ms, timeZone))
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth() + 1
  const d = local.getUTCDate()
  const day = `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
  const dow = local.getUTCDay()
  return { day, hour: local.getUTCHours(), weekday: dow === 0 ? 7 : dow }
}

/** Whether `timeZone` is a zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}
