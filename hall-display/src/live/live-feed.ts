import { type Clock, type ClockTimer, type EdgeWsMessage, systemClock } from '@qms/protocol'
import { type BackoffOptions, backoffDelay } from './backoff.js'

/*
 * The pages' link to the edge's `/ws` feed. The edge sends the hall snapshot when a client
 * connects and on every change, and every announcement as it happens; so after any break the
 * page connects again (exponential back-off with jitter) and the first message resynchronises
 * it completely. Announcements made while the link was down are not replayed: a call is said
 * when it happens or not at all, and the screen shows it from the snapshot.
 *
 * The edge sends nothing while the hall is quiet, and a browser cannot see a half-open TCP
 * connection, so a link silent for `staleMs` is dropped and made again (cheap: one snapshot).
 */

/** The part of a WebSocket the feed uses; the browser's WebSocket and `ws` both fit. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  close(code?: number, reason?: string): void
}

export type FeedStateName = 'connecting' | 'open' | 'waiting' | 'closed'

export interface FeedState {
  state: FeedStateName
  /** Failed attempts since the feed last delivered a snapshot. */
  attempt: number
  /** While waiting: the delay before the next attempt, ms. */
  delayMs?: number
  /** When the last snapshot arrived (clock ms), if one did. */
  lastSnapshotAt?: number
}

export interface FeedStats {
  connections: number
  messages: number
  /** Messages that were not valid feed messages; ignored. */
  invalid: number
  /** Links dropped for staying silent longer than `staleMs`. */
  stale: number
}

export interface LiveFeedOptions {
  /** Opens a new socket to the edge's `/ws`. */
  connect: () => SocketLike
  /** Checks one message; undefined for anything that is not a valid feed message. */
  parse: (data: unknown) => EdgeWsMessage | undefined
  onMessage: (message: EdgeWsMessage) => void
  onState?: (state: FeedState) => void
  clock?: Clock
  backoff?: BackoffOptions
  random?: () => number
  /** Drop and remake a link that has been silent this long, ms (default 90 s). */
  staleMs?: number
}

export interface LiveFeed {
  start(): void
  state(): FeedState
  readonly stats: FeedStats
  /** Closes the socket and stops reconnecting. */
  close(): void
}

export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const clock = options.clock ?? systemClock
  const staleMs = options.staleMs ?? 90_000
  const stats: FeedStats = { connections: 0, messages: 0, invalid: 0, stale: 0 }
  let current: FeedState = { state: 'closed', attempt: 0 }
  let socket: SocketLike | undefined
  let retryTimer: ClockTimer | undefined
  let staleTimer: ClockTimer | undefined
  let stopped = false
  let started = false

  const setState = (next: FeedState) => {
    current = next
    options.onState?.(next)
  }
  const clearStale = () => {
    if (staleTimer !== undefined) clock.clearTimeout(staleTimer)
    staleTimer = undefined
  }
  const armStale = (s: SocketLike) => {
    clearStale()
    staleTimer = clock.setTimeout(() => {
      if (s !== socket) return
      stats.stale++
      drop(s)
    }, staleMs)
  }

  /** Forgets a socket (closing it) and schedules the next attempt. */
  function drop(s: SocketLike) {
    if (s !== socket) return
    socket = undefined
    clearStale()
    s.onopen = s.onmessage = s.onclose = s.onerror = null
    try {
      s.close()
    } catch {
      // Already closed or never opened: nothing to release.
    }
    if (stopped) return
    const attempt = current.attempt + 1
    const delayMs = backoffDelay(attempt, options.backoff, options.random)
    setState({ ...current, state: 'waiting', attempt, delayMs })
    retryTimer = clock.setTimeout(() => {
      retryTimer = undefined
      open()
    }, delayMs)
  }

  function open() {
    if (stopped) return
    setState({ ...current, state: 'connecting', delayMs: undefined })
    let s: SocketLike
    try {
      s = options.connect()
    } catch {
      // A URL the browser refuses, or no network stack: retry as after a failed connection.
      const placeholder: SocketLike = {
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
        close() {},
      }
      socket = placeholder
      drop(placeholder)
      return
    }
    socket = s
    stats.connections++
    armStale(s)
    s.onopen = () => {
      if (s === socket) setState({ ...current, state: 'open', delayMs: undefined })
    }
    s.onmessage = (event) => {
      if (s !== socket) return
      armStale(s)
      const message = options.parse(event.data)
      if (message === undefined) {
        stats.invalid++
        return
      }
      stats.messages++
      if (message.type === 'snapshot') {
        // Only a snapshot proves the link works end to end: then the back-off starts over.
        setState({ state: 'open', attempt: 0, lastSnapshotAt: clock.now() })
      }
      options.onMessage(message)
    }
    s.onclose = () => drop(s)
    s.onerror = () => drop(s)
  }

  return {
    start() {
      if (started || stopped) return
      started = true
      open()
    },
    state: () => current,
    stats,
    close() {
      if (stopped) return
      stopped = true
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer)
      retryTimer = undefined
      const s = socket
      if (s !== undefined) drop(s)
      setState({ ...current, state: 'closed', delayMs: undefined })
    },
  }
}

/**
 * Parses a feed message: JSON text, at most `maxBytes` characters, checked by `check` (the
 * protocol's schema in the pages). Undefined for anything else.
 */
export function parseFeedMessage(
  data: unknown,
  check: (value: unknown) => value is EdgeWsMessage,
  maxChars = 1_000_000,
): EdgeWsMessage | undefined {
  if (typeof data !== 'string' || data.length > maxChars) return undefined
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return undefined
  }
  return check(value) ? value : undefined
}
