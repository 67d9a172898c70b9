import type { Clock, ClockTimer, LinkState } from '@qms/protocol'
import type { JournalReader } from '../journal/index.js'

/*
 * The link as the hall shows it (`/api/state`, `/metrics`, the hall snapshot's `link`):
 * connected, events journaled and not acknowledged by JetStream, and the age of the oldest of
 * them. Pushed to the agent when the connection changes or the backlog empties at once, other
 * changes at most once per `minGapMs` (each push republishes the hall snapshot), and every
 * `intervalMs` while there is a backlog, so its age keeps counting.
 */

export interface LinkReporterOptions {
  journal: JournalReader
  clock: Clock
  setLink(link: LinkState): void
  /** Every event up to this seq is acknowledged. */
  acked(): number
  connected(): boolean
  /** Refresh while behind or disconnected, ms (default 5 s). */
  intervalMs?: number
  /** Least time between two pushes for backlog changes, ms (default 1 s). */
  minGapMs?: number
}

export interface LinkReporter {
  /** The link now. */
  current(): LinkState
  /** Something changed; pushes now or soon. */
  update(): void
  /** Stops; pushes a last state with `connected: false`. */
  close(): void
}

export function createLinkReporter(options: LinkReporterOptions): LinkReporter {
  const { journal, clock } = options
  const intervalMs = options.intervalMs ?? 5000
  const minGapMs = options.minGapMs ?? 1000
  let pushed: LinkState | undefined
  let pushedAt = Number.NEGATIVE_INFINITY
  let since = clock.now()
  let wasConnected: boolean | undefined
  let soon: ClockTimer | undefined
  let tick: ClockTimer | undefined
  let stopped = false

  const state = (connected: boolean): LinkState => {
    const last = journal.lastSeq()
    const acked = Math.min(options.acked(), last)
    const oldest = acked < last ? journal.timeOf(acked + 1) : undefined
    return {
      connected,
      behindEvents: Math.max(0, last - acked),
      behindSec: oldest === undefined ? 0 : Math.max(0, (clock.now() - oldest) / 1000),
      since: new Date(since).toISOString(),
    }
  }

  const push = () => {
    if (soon !== undefined) clock.clearTimeout(soon)
    soon = undefined
    const connected = options.connected()
    if (connected !== wasConnected) {
      since = clock.now()
      wasConnected = connected
    }
    pushed = state(connected)
    pushedAt = clock.now()
    options.setLink(pushed)
  }

  const schedule = () => {
    tick = clock.setTimeout(() => {
      tick = undefined
      if (stopped) return
      if (pushed === undefined || !pushed.connected || pushed.behindEvents > 0) push()
      schedule()
    }, intervalMs)
    tick.unref?.()
  }

  const update = () => {
    if (stopped) return
    const connected = options.connected()
    const behind = Math.max(0, journal.lastSeq() - options.acked())
    if (pushed === undefined || connected !== pushed.connected) return push()
    if (behind === pushed.behindEvents) return
    if ((behind === 0 && pushed.behindEvents > 0) || clock.now() - pushedAt >= minGapMs)
      return push()
    if (soon === undefined) {
      soon = clock.setTimeout(
        () => {
          soon = undefined
          if (!stopped) push()
        },
        pushedAt + minGapMs - clock.now(),
      )
      soon.unref?.()
    }
  }

  push()
  schedule()

  return {
    current: () => state(options.connected()),
    update,
    close() {
      if (stopped) return
      stopped = true
      if (soon !== undefined) clock.clearTimeout(soon)
      if (tick !== undefined) clock.clearTimeout(tick)
      try {
        since = clock.now()
        options.setLink(state(false))
      } catch {
        // the journal may already be closed: the agent shows the last state it had
      }
    },
  }
}
