import type { Lang } from './i18n.js'

/*
 * Numbers as the console shows them: minutes to one decimal below ten, shares as percentages,
 * satisfaction on the 1–5 scale, times of day in the hall's zone. A missing figure is "—".
 */

export const NONE = '—'

export function minutesText(min: number | null | undefined, lang: Lang): string {
  if (min === null || min === undefined || !Number.isFinite(min)) return NONE
  const v = min < 10 ? Math.round(min * 10) / 10 : Math.round(min)
  return lang === 'zh' ? `${v}分钟` : `${v} min`
}

export function shareText(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NONE
  return `${(share * 100).toFixed(1)}%`
}

export function ratingText(mean: number | null | undefined): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return NONE
  return `${mean.toFixed(2)} / 5`
}

export function countText(n: number | null | undefined): string {
  return n === null || n === undefined ? NONE : n.toLocaleString('en-US')
}

/** `HH:MM` (or `HH:MM:SS`) of an instant in a time zone. */
export function clockText(
  iso: string | number | undefined,
  timeZone: string,
  seconds = false,
): string {
  if (iso === undefined) return NONE
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return NONE
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hour12: false,
  }).format(d)
}

/** How long ago, in words: 刚刚 / just now, 3分钟前 / 3 min ago, 2小时前 / 2 h ago. */
export function agoText(iso: string | undefined, now: number, lang: Lang): string {
  if (iso === undefined) return NONE
  const ms = now - new Date(iso).getTime()
  if (!Number.isFinite(ms)) return NONE
  const min = Math.floor(ms / 60_000)
  if (min < 1) return lang === 'zh' ? '刚刚' : 'just now'
  if (min < 60) return lang === 'zh' ? `${min}分钟前` : `${min} min ago`
  const h = Math.floor(min / 60)
  if (h < 48) return lang === 'zh' ? `${h}小时前` : `${h} h ago`
  return lang === 'zh' ? `${Math.floor(h / 24)}天前` : `${Math.floor(h / 24)} d ago`
}
