import { type Clock, systemClock } from '@qms/protocol'
import { spokenText } from './spoken.js'

/*
 * The hall screen's announcement queue, kept in our own code rather than left to the Web Speech
 * API's queue: headless browsers and many Linux hall PCs have no Mandarin voice, and the order,
 * the repeats and the rule that two announcements never overlap must hold whatever speaks.
 *
 * Each announcement is a chime, then its sentence said `repeats` times, strictly one step after
 * the other and one announcement after the other, in the order they arrived. A recall arrives as
 * a new announcement (new id) and is said again; an id already seen is ignored.
 */

/** What an announcement needs to be said (the protocol's Announce has all of it). */
export interface AnnouncementIn {
  id: string
  ticket: string
  window: string
  text: string
  recall: boolean
}

export type StepKind = 'chime' | 'speech'
export type SpokenVia = 'speech' | 'audio' | 'none'

/** How a step went, as the speaker reports it. */
export interface StepOutcome {
  via: SpokenVia
  error?: string
}

/** What makes the sounds. Each call resolves when its sound has ended (or failed). */
export interface Speaker {
  chime(): Promise<StepOutcome>
  say(text: string): Promise<StepOutcome>
  /** Stops the sound now playing (a step that overran its time limit). */
  stop(): void
  /** A hint that `text` will be said soon (fetch its audio while the queue is busy). */
  prepare?(text: string): void
}

/** One step that was played: for the screen's diagnostics and for tests. */
export interface Utterance {
  /** Running number of the step. */
  n: number
  id: string
  ticket: string
  window: string
  recall: boolean
  kind: StepKind
  /** 0 for the chime, 1…repeats for the sentence. */
  repeat: number
  /** The spoken text ('' for the chime). */
  text: string
  start: number
  end: number
  via: SpokenVia
  error?: string
  /** The step overran `stepTimeoutMs` and was stopped. */
  timedOut?: boolean
}

export interface Skipped {
  id: string
  ticket: string
  reason: 'stale' | 'overflow' | 'unspeakable' | 'closed'
  at: number
}

export interface AnnouncerOptions {
  speaker: Speaker
  clock?: Clock
  /** How many times the sentence is said (default 2). */
  repeats?: number
  /** Silence between steps, ms (default 400). */
  gapMs?: number
  /** A step that has not ended after this long is stopped, ms (default 20 s). */
  stepTimeoutMs?: number
  /** An announcement that waited longer than this in the queue is skipped, ms (default 2 min). */
  maxWaitMs?: number
  /** At most this many announcements wait; beyond it the oldest waiting one is skipped (default 30). */
  maxQueue?: number
  /** Steps kept in `history` (default 300). */
  historyLimit?: number
  /** Announcement ids remembered to ignore duplicates (default 1000). */
  rememberIds?: number
}

export interface Announcer {
  /** Queues an announcement; false when its id was seen before (ignored). */
  enqueue(announcement: AnnouncementIn): boolean
  /** The steps played, oldest first, each with its start and end time. */
  readonly history: readonly Utterance[]
  /** Announcements dropped without being said, and why. */
  readonly skipped: readonly Skipped[]
  /** Announcements waiting (not counting the one being said). */
  waiting(): number
  /** True while an announcement is being said. */
  busy(): boolean
  /** Resolves when nothing is waiting or being said. */
  idle(): Promise<void>
  /** Drops what waits, stops the sound, says nothing more. */
  close(): void
}

interface Queued extends AnnouncementIn {
  spoken: string
  queuedAt: number
}

export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const { speaker } = options
  const clock = options.clock ?? systemClock
  const repeats = Math.max(1, options.repeats ?? 2)
  const gapMs = Math.max(0, options.gapMs ?? 400)
  const stepTimeoutMs = options.stepTimeoutMs ?? 20_000
  const maxWaitMs = options.maxWaitMs ?? 120_000
  const maxQueue = Math.max(1, options.maxQueue ?? 30)
  const historyLimit = Math.max(1, options.historyLimit ?? 300)
  const rememberIds = Math.max(1, options.rememberIds ?? 1000)

  const queue: Queued[] = []
  const history: Utterance[] = []
  const skipped: Skipped[] = []
  const seen = new Set<string>()
  let running = false
  let closed = false
  let n = 0
  let idleWaiters: Array<() => void> = []

  const skip = (a: AnnouncementIn, reason: Skipped['reason']) => {
    skipped.push({ id: a.id, ticket: a.ticket, reason, at: clock.now() })
    if (skipped.length > historyLimit) skipped.shift()
  }
  const remember = (id: string) => {
    seen.add(id)
    if (seen.size > rememberIds) {
      const oldest = seen.values().next().value
      if (oldest !== undefined) seen.delete(oldest)
    }
  }
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) resolve()
      else clock.setTimeout(resolve, ms)
    })

  /** Runs one step with its time limit; a step that overruns is stopped before the next starts. */
  async function step(a: Queued, kind: StepKind, repeat: number): Promise<void> {
    const start = clock.now()
    let timer: ReturnType<Clock['setTimeout']> | undefined
    const limit = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), stepTimeoutMs)
    })
    const sound = (kind === 'chime' ? speaker.chime() : speaker.say(a.spoken)).catch(
      (err: unknown): StepOutcome => ({ via: 'none', error: String(err) }),
    )
    const outcome = await Promise.race([sound, limit])
    if (timer !== undefined) clock.clearTimeout(timer)
    const u: Utterance = {
      n: ++n,
      id: a.id,
      ticket: a.ticket,
      window: a.window,
      recall: a.recall,
      kind,
      repeat,
      text: kind === 'chime' ? '' : a.spoken,
      start,
      end: start,
      via: 'none',
    }
    if (outcome === 'timeout') {
      speaker.stop()
      u.timedOut = true
      u.error = `no end after ${stepTimeoutMs} ms`
    } else {
      u.via = outcome.via
      if (outcome.error !== undefined) u.error = outcome.error
    }
    u.end = Math.max(start, clock.now())
    history.push(u)
    if (history.length > historyLimit) history.shift()
  }

  async function run(): Promise<void> {
    running = true
    try {
      for (let a = queue.shift(); a !== undefined && !closed; a = queue.shift()) {
        if (clock.now() - a.queuedAt > maxWaitMs) {
          skip(a, 'stale')
          continue
        }
        await step(a, 'chime', 0)
        for (let r = 1; r <= repeats && !closed; r++) {
          await sleep(gapMs)
          if (!closed) await step(a, 'speech', r)
        }
        if (queue.length > 0 && !closed) await sleep(gapMs * 2)
      }
    } finally {
      running = false
      const waiters = idleWaiters
      idleWaiters = []
      for (const w of waiters) w()
    }
  }

  return {
    enqueue(a) {
      if (closed || seen.has(a.id)) return false
      remember(a.id)
      const spoken = spokenText(a.text)
      if (spoken === '') {
        skip(a, 'unspeakable')
        return true
      }
      queue.push({ ...a, spoken, queuedAt: clock.now() })
      while (queue.length > maxQueue) {
        const dropped = queue.shift()
        if (dropped !== undefined) skip(dropped, 'overflow')
      }
      speaker.prepare?.(spoken)
      if (!running) void run()
      return true
    },
    get history() {
      return history
    },
    get skipped() {
      return skipped
    },
    waiting: () => queue.length,
    busy: () => running,
    idle() {
      if (!running && queue.length === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
    close() {
      if (closed) return
      closed = true
      for (const a of queue.splice(0)) skip(a, 'closed')
      speaker.stop()
    },
  }
}
