import type { OpeningHours } from '@qms/protocol'

/*
 * A hall's local calendar, through Intl only (no time-zone data of our own). Ticket numbers
 * restart at the hall's local midnight, so the day of an instant must be the day on the wall
 * of the hall, not of the machine that runs the code.
 */

interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }

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
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Whether Intl knows this IANA time zone (e.g. `Asia/Shanghai`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

function localParts(timeZone: string, epochMs: number): LocalParts & { second: number } {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(epochMs)) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The hall-local calendar day of an instant, `YYYY-MM-DD`. */
export function localDayOf(timeZone: string, epochMs: number): string {
  const p = localParts(timeZone, epochMs)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

/** Offset of the zone from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(timeZone: string, epochMs: number): number {
  const p = localParts(timeZone, epochMs)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000))
}

/** The instant of local midnight at the start of `day` (`YYYY-MM-DD`) in the zone. */
export function startOfLocalDay(timeZone: string, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d)
  // Two rounds settle the offset even when it changes near the instant (daylight saving).
  let guess = wall - offsetAt(timeZone, wall)
  guess = wall - offsetAt(timeZone, guess)
  return guess
}

/** The first local midnight strictly after `epochMs`: when the next day's numbering starts. */
export function nextLocalMidnight(timeZone: string, epochMs: number): number {
  const p = localParts(timeZone, epochMs)
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1))
  const day = `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`
  return startOfLocalDay(timeZone, day)
}

/** Whether the hall is open at an instant by its opening hours (local weekday and HH:MM). */
export function isWithinHours(timeZone: string, hours: OpeningHours[], epochMs: number): boolean {
  const p = localParts(timeZone, epochMs)
  const hhmm = `${pad(p.hour)}:${pad(p.minute)}`
  return hours.some((h) => h.days.includes(p.weekday) && h.open <= hhmm && hhmm < h.close)
}

/**
 * Caches the bounds of the current local day so that asking for the day of an instant costs a
 * comparison, not an Intl call, on the hot path of every decision.
 */
export class LocalDayCache {
  #from = 0
  #to = -1
  #day = ''
  constructor(readonly timeZone: string) {}

  dayOf(epochMs: number): string {
    if (epochMs >= this.#from && epochMs < this.#to) return this.#day
    const day = localDayOf(this.timeZone, epochMs)
    this.#day = day
    this.#from = startOfLocalDay(this.timeZone, day)
    this.#to = nextLocalMidnight(this.timeZone, epochMs)
    return day
  }
}
