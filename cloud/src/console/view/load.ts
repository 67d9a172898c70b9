/*
 * How loaded a hall is, in one word and one colour for the district map: from the predicted wait
 * of a newcomer and the people waiting per open window. A hall whose link is down is shown as
 * offline (its figures are as old as its last event), a hall with nothing open and nobody
 * waiting as closed, and a hall the cloud has never heard from as without data (a hall not yet
 * connected, which must not bury the halls that are).
 */

export type LoadLevel = 'idle' | 'normal' | 'busy' | 'overloaded' | 'offline' | 'closed' | 'nodata'

export interface LoadInput {
  waiting: number
  windowsOpen: number
  /** Predicted wait of a newcomer, minutes, when known. */
  predictedMin?: number | null | undefined
  /** The hall's link to the cloud. */
  connected: boolean
  /** The hall has sent events at some time (default true). */
  heard?: boolean
}

/** Thresholds: a busy hall makes people wait 20 minutes or queue 6 per window. */
export const LOAD_THRESHOLDS = {
  busyMin: 20,
  overloadedMin: 45,
  busyPerWindow: 6,
  overloadedPerWindow: 12,
} as const

export function loadLevel(h: LoadInput): LoadLevel {
  if (!h.connected) return h.heard === false ? 'nodata' : 'offline'
  if (h.windowsOpen === 0 && h.waiting === 0) return 'closed'
  const perWindow = h.waiting / Math.max(1, h.windowsOpen)
  const wait = h.predictedMin ?? 0
  const th = LOAD_THRESHOLDS
  // Nobody to serve them: however few, they wait without end.
  if (h.windowsOpen === 0 && h.waiting > 0) return 'overloaded'
  if (wait >= th.overloadedMin || perWindow >= th.overloadedPerWindow) return 'overloaded'
  if (wait >= th.busyMin || perWindow >= th.busyPerWindow) return 'busy'
  return h.waiting > 0 ? 'normal' : 'idle'
}

/** The colour of a level on the map and in the lists (readable on white and on dark blue). */
export const LOAD_COLOURS: Record<LoadLevel, string> = {
  idle: '#43a047',
  normal: '#7cb342',
  busy: '#fb8c00',
  overloaded: '#e53935',
  offline: '#9e9e9e',
  closed: '#78909c',
  nodata: '#455a64',
}

/** Levels from the most to the least urgent: lists show the halls in this order. */
export const LOAD_ORDER: readonly LoadLevel[] = [
  'overloaded',
  'busy',
  'offline',
  'normal',
  'idle',
  'closed',
  'nodata',
]
