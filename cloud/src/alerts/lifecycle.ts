import {
  type Alert,
  type AlertAction,
  type AlertLevel,
  type AlertLifeEntry,
  QmsError,
} from '@qms/protocol'
import type { AlertDraft } from './rules/index.js'

/*
 * The life of a busy-window alert, as pure steps over its record: raised → acknowledged →
 * acting (each action kept) → resolved; cleared when its condition went away first; escalated
 * (a level up) while nobody acknowledged it. A step that does not fit the alert's state is a
 * CONFLICT; every step is kept in the alert's life.
 */

const LEVELS: AlertLevel[] = ['info', 'warning', 'critical']
const MAX_LIFE = 200

export const isOpen = (a: Alert) =>
  a.state === 'raised' || a.state === 'acknowledged' || a.state === 'acting'

const iso = (ms: number) => new Date(ms).toISOString()

function push(a: Alert, entry: AlertLifeEntry): void {
  a.life.push(entry)
  // A long-lived alert keeps its first steps and its latest ones.
  if (a.life.length > MAX_LIFE) a.life.splice(10, a.life.length - MAX_LIFE)
}

export function raiseAlert(draft: AlertDraft, id: string, now: number): Alert {
  const at = iso(now)
  const a: Alert = {
    id,
    key: draft.key,
    rule: draft.rule,
    site: draft.site,
    level: draft.level,
    state: 'raised',
    value: draft.value,
    threshold: draft.threshold,
    text: draft.text,
    textEn: draft.textEn,
    suggestions: draft.actions.slice(0, 8).map((s) => ({ ...s })),
    raisedAt: at,
    updatedAt: at,
    escalations: 0,
    life: [{ at, what: 'raised', level: draft.level, value: draft.value }],
  }
  if (draft.window !== undefined) a.window = draft.window
  if (draft.category !== undefined) a.category = draft.category
  if (draft.ticket !== undefined) a.ticket = draft.ticket
  return a
}

/**
 * The condition still holds with new figures: the text, value and suggestions follow it; a rise
 * of level is kept in the life (an escalation already past it is not undone). Undefined when
 * nothing worth writing changed.
 */
export function updateAlert(a: Alert, draft: AlertDraft, now: number): Alert | undefined {
  const level = LEVELS.indexOf(draft.level) > LEVELS.indexOf(a.level) ? draft.level : a.level
  if (level === a.level && draft.value === a.value && draft.text === a.text) return undefined
  const next: Alert = structuredClone(a)
  next.value = draft.value
  next.text = draft.text
  next.textEn = draft.textEn
  next.suggestions = draft.actions.slice(0, 8).map((s) => ({ ...s }))
  next.updatedAt = iso(now)
  if (level !== a.level) {
    next.level = level
    push(next, { at: iso(now), what: 'level', level, value: draft.value })
  }
  return next
}

function expectState(a: Alert, allowed: Alert['state'][], what: string): void {
  if (!allowed.includes(a.state))
    throw new QmsError('CONFLICT', `alert ${a.id} is ${a.state}; it cannot be ${what}`)
}

export function clearAlert(a: Alert, now: number): Alert {
  const next = structuredClone(a)
  next.state = 'cleared'
  next.clearedAt = iso(now)
  next.updatedAt = next.clearedAt
  push(next, { at: next.clearedAt, what: 'cleared' })
  return next
}

export function acknowledgeAlert(a: Alert, by: string, now: number, note?: string): Alert {
  expectState(a, ['raised'], 'acknowledged')
  const next = structuredClone(a)
  next.state = 'acknowledged'
  next.acknowledgedAt = iso(now)
  next.acknowledgedBy = by
  next.updatedAt = next.acknowledgedAt
  push(next, {
    at: next.acknowledgedAt,
    what: 'acknowledged',
    by,
    ...(note === undefined ? {} : { note }),
  })
  return next
}

/** An action taken on the alert (acknowledging it on the way, if nobody had). */
export function actOnAlert(a: Alert, action: AlertAction, by: string, now: number): Alert {
  expectState(a, ['raised', 'acknowledged', 'acting'], 'acted on')
  const next = a.state === 'raised' ? acknowledgeAlert(a, by, now) : structuredClone(a)
  next.state = 'acting'
  next.updatedAt = iso(now)
  push(next, { at: next.updatedAt, what: 'acted', by, action })
  return next
}

export function resolveAlert(a: Alert, by: string, now: number, note?: string): Alert {
  expectState(a, ['raised', 'acknowledged', 'acting'], 'resolved')
  const next = structuredClone(a)
  next.state = 'resolved'
  next.resolvedAt = iso(now)
  next.resolvedBy = by
  next.updatedAt = next.resolvedAt
  push(next, {
    at: next.resolvedAt,
    what: 'resolved',
    by,
    ...(note === undefined ? {} : { note }),
  })
  return next
}

/** Nobody acknowledged it in time: one level up (critical stays critical), counted. */
export function escalateAlert(a: Alert, now: number): Alert {
  expectState(a, ['raised'], 'escalated')
  const next = structuredClone(a)
  const i = Math.min(LEVELS.length - 1, LEVELS.indexOf(a.level) + 1)
  next.level = LEVELS[i]!
  next.escalations += 1
  next.updatedAt = iso(now)
  push(next, { at: next.updatedAt, what: 'escalated', level: next.level })
  return next
}

/** A reminder was sent for the alert (to a window's staff or the whole hall). */
export function notedNotice(a: Alert, now: number, note: string): Alert {
  const next = structuredClone(a)
  push(next, { at: iso(now), what: 'notified', note: note.slice(0, 200) })
  return next
}
