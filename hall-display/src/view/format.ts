import type { WaitPrediction } from '@qms/protocol'

/*
 * Words and numbers as the hall shows them: Chinese first, English beside it. A wait is a
 * rounded number of minutes with the 80% interval when there is one; a precise-looking "37
 * minutes" would promise more than a prediction knows.
 */

export interface WaitText {
  /** 约15分钟, 无需等候, 约2.5小时. */
  zh: string
  /** about 15 min. */
  en: string
  /** 10–20分钟 (80% interval), when the prediction has one that says more than the number. */
  rangeZh?: string
  rangeEn?: string
  /** Rounded minutes. */
  minutes: number
}

/** Rounds a wait for people: to 1 min below 10, to 5 min below 60, to 10 min above. */
export function roundMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0
  if (minutes < 10) return Math.max(1, Math.round(minutes))
  if (minutes < 60) return Math.round(minutes / 5) * 5
  return Math.round(minutes / 10) * 10
}

// Short enough for a column of the hall screen: minutes up to two hours, then half hours.
const hours = (m: number) => String(Math.round(m / 30) / 2)
const minutesZh = (m: number) => (m < 120 ? `${m}分钟` : `${hours(m)}小时`)
const minutesEn = (m: number) => (m < 120 ? `${m} min` : `${hours(m)} h`)

/** A predicted wait in words; under half a minute is "no wait". */
export function formatWait(wait: WaitPrediction | undefined): WaitText {
  if (wait === undefined || !(wait.minutes >= 0.5))
    return { zh: '无需等候', en: 'no wait', minutes: 0 }
  const minutes = roundMinutes(wait.minutes)
  const text: WaitText = {
    zh: `约${minutesZh(minutes)}`,
    en: `about ${minutesEn(minutes)}`,
    minutes,
  }
  if (wait.lo80 !== undefined && wait.hi80 !== undefined && wait.hi80 > wait.lo80) {
    const lo = Math.floor(wait.lo80)
    const hi = Math.max(lo + 1, roundUp(wait.hi80))
    if (lo !== minutes || hi !== minutes) {
      const both = hi < 120 || lo >= 120
      text.rangeZh = both
        ? `${lo < 120 ? lo : hours(lo)}–${minutesZh(hi)}`
        : `${minutesZh(lo)}–${minutesZh(hi)}`
      text.rangeEn = both
        ? `${lo < 120 ? lo : hours(lo)}–${minutesEn(hi)}`
        : `${minutesEn(lo)}–${minutesEn(hi)}`
    }
  }
  return text
}

const roundUp = (m: number) =>
  m < 10 ? Math.ceil(m) : m < 60 ? Math.ceil(m / 5) * 5 : Math.ceil(m / 10) * 10

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六']

export interface ClockText {
  /** 09:30 */
  time: string
  /** :15 */
  seconds: string
  /** 2026年1月5日 */
  date: string
  /** 星期一 */
  weekday: string
  /** Mon 5 Jan 2026 */
  dateEn: string
}

/** Whether Intl knows the zone: a name it does not know would throw and stop the clock. */
function knownZone(timeZone: string | undefined): string | undefined {
  if (timeZone === undefined) return undefined
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone })
    return timeZone
  } catch {
    return undefined
  }
}

/** The hall clock for an instant, in `timeZone` (default, or when unknown, the browser's). */
export function formatClock(epochMs: number, timeZone?: string): ClockText {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: knownZone(timeZone),
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs))
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? ''
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ]
  const weekdayEn = get('weekday')
  const month = Number(get('month'))
  return {
    time: `${get('hour')}:${get('minute')}`,
    seconds: `:${get('second')}`,
    date: `${get('year')}年${month}月${Number(get('day'))}日`,
    weekday: WEEKDAYS[weekdays.indexOf(weekdayEn)] ?? '',
    dateEn: `${weekdayEn} ${Number(get('day'))} ${months[month - 1] ?? ''} ${get('year')}`,
  }
}
