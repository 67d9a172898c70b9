import {
  type Clock,
  type ErrorBody,
  type EventEnvelope,
  QmsError,
  systemClock,
} from '@qms/protocol'
import type { Logger } from 'pino'
import type { AnswerRow, Journal, PendingEvent } from '../journal/index.js'
import {
  applyEnvelope,
  applyEvent,
  type Decision,
  type EventDraft,
  type HallModel,
  initialState,
  type QueueRules,
  type QueueState,
} from '../queue/index.js'
import { AnswerCache } from './answer-cache.js'

/** One request (or internal change) for the hall's queue, decided in turn. */
export interface Submission<R = unknown> {
  /** The op, for the answer and the metrics. */
  op: string
  /** The same (device, reqId) gets the first answer, also after a restart. */
  key?: { device: string; reqId: string }
  /** Decides against the state at `now`; must not change the state. */
  decide(state: QueueState, now: number): Decision<R>
  /** Completes a successful result before it is answered and stored (e.g. the print state). */
  finish?(result: R, events: readonly EventDraft[]): R
}

export type Outcome =
  | { ok: true; op: string; result: unknown }
  | { ok: false; op: string; error: ErrorBody }

export interface Settled {
  outcome: Outcome
  /** The events this submission journaled (none when it failed or was answered from memory). */
  events: EventEnvelope[]
  /** The answer is the stored first answer to a repeated (device, reqId). */
  replayed: boolean
}

export interface CommitInfo {
  /** Every event of the commit, in seq order. */
  events: EventEnvelope[]
  settled: Settled[]
  /** How long the journal transaction took, ms. */
  commitMs: number
}

export interface HallCoreOptions {
  model: HallModel
  journal: Journal
  clock?: Clock
  logger?: Logger
  /** Sees every event replayed from the journal at start (device presence, faults). */
  onReplay?: (event: EventEnvelope) => void
  /** Largest number of submissions decided per journal transaction (default 256). */
  maxBatch?: number
}

/**
 * The hall's authority: submissions are decided one at a time, in arrival order, against the
 * queue state; the events of every submission decided in one turn of the event loop are
 * journaled in one transaction (group commit); only then are the submissions settled, so no
 * device hears of a ticket that is not on disk. Seq order is decision order.
 */
export interface HallCore {
  readonly model: HallModel
  /** The current state (replaced, not mutated, when rebuilt after a failed commit). */
  readonly state: QueueState
  readonly journal: Journal
  submit<R>(submission: Submission<R>): Promise<Settled>
  /** Journals events that answer no request (device status, configuration). */
  record(drafts: EventDraft[]): Promise<EventEnvelope[]>
  /** Changes the rules (the cloud's config) and keeps them across restarts. */
  setRules(rules: Partial<QueueRules>): void
  onCommit(listener: (info: CommitInfo) => void): () => void
  /** Resolves once everything submitted so far is settled. */
  drain(): Promise<void>
  /** Refuses new submissions (UNAVAILABLE), settles the queued ones, stores pending answers. */
  close(): Promise<void>
}

interface Queued {
  submission: Submission
  resolve(settled: Settled): void
}

const RULES_KEY = 'rules'
/** Answers that changed nothing wait for the next commit; past this many they get their own. */
const MAX_DEFERRED = 500

export function createHallCore(options: HallCoreOptions): HallCore {
  const { model, journal } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger
  const maxBatch = options.maxBatch ?? 256
  const cache = new AnswerCache()
  const listeners = new Set<(info: CommitInfo) => void>()
  let queue: Queued[] = []
  let scheduled = false
  let closing: Promise<void> | undefined
  let idle: Array<() => void> = []
  /** Answers to submissions that changed nothing: durable with the next commit. */
  let deferred: AnswerRow[] = []

  const load = (): QueueState => {
    const state = initialState(model)
    for (const event of journal.iterate(journal.dayStart())) {
      applyEnvelope(state, event)
      options.onReplay?.(event)
    }
    const saved = journal.getMeta(RULES_KEY)
    if (saved !== undefined) state.rules = { ...state.rules, ...(JSON.parse(saved) as QueueRules) }
    return state
  }
  let state = load()

  const cachedAnswer = (key: string, device: string, reqId: string): string | undefined => {
    const hit = cache.get(key)
    if (hit !== undefined) return hit
    const stored = journal.findAnswer(device, reqId)
    if (stored !== undefined) cache.set(key, stored)
    return stored
  }

  const internal = (op: string, err: unknown): Outcome => {
    const error = err instanceof QmsError ? err : new QmsError('INTERNAL')
    return { ok: false, op, error: error.toBody() }
  }

  const flush = () => {
    scheduled = false
    const batch = queue.slice(0, maxBatch)
    queue = queue.slice(batch.length)
    if (queue.length > 0) schedule()

    const pending: PendingEvent[] = []
    const counts: number[] = []
    const outcomes: Array<{ outcome: Outcome; replayed: boolean }> = []
    const answers: AnswerRow[] = []
    const inBatch = new Map<string, string>()
    let broken = false
    for (const { submission } of batch) {
      const { key } = submission
      const cacheKey = key === undefined ? undefined : AnswerCache.key(key.device, key.reqId)
      if (key !== undefined && cacheKey !== undefined) {
        const prior = inBatch.get(cacheKey) ?? cachedAnswer(cacheKey, key.device, key.reqId)
        if (prior !== undefined) {
          outcomes.push({ outcome: JSON.parse(prior) as Outcome, replayed: true })
          counts.push(0)
          continue
        }
      }
      const now = clock.now()
      let outcome: Outcome
      let events: EventDraft[] = []
      try {
        const decision = submission.decide(state, now)
        if (decision.ok) {
          events = decision.events
          const result = submission.finish?.(decision.result, events) ?? decision.result
          for (const event of events) applyEvent(state, event, now)
          outcome = { ok: true, op: submission.op, result }
        } else {
          outcome = { ok: false, op: submission.op, error: decision.error.toBody() }
        }
      } catch (err) {
        // A fault in the rules, not in the request: the state may be half changed.
        logger?.error({ err, op: submission.op }, 'deciding a request failed')
        outcome = internal(submission.op, err)
        if (events.length > 0) broken = true
        events = []
      }
      for (const draft of events) pending.push({ draft, at: now })
      counts.push(events.length)
      outcomes.push({ outcome, replayed: false })
      if (key !== undefined && cacheKey !== undefined) {
        const response = JSON.stringify(outcome)
        inBatch.set(cacheKey, response)
        const row = { device: key.device, reqId: key.reqId, response, at: now }
        if (events.length > 0) answers.push(row)
        else deferred.push(row)
      }
    }

    let envelopes: EventEnvelope[] = []
    let commitMs = 0
    let failed: unknown
    if (pending.length > 0 || deferred.length > MAX_DEFERRED) {
      const started = performance.now()
      try {
        envelopes = journal.commit(pending, [...deferred, ...answers])
        deferred = []
      } catch (err) {
        failed = err
      }
      commitMs = performance.now() - started
    }
    if (failed !== undefined || broken) {
      // Nothing of this batch is on disk (or the state is suspect): rebuild from the journal and
      // answer every submission of the batch as failed; devices retry with the same reqId.
      logger?.error({ err: failed }, 'journal commit failed; state rebuilt from the journal')
      try {
        state = load()
      } catch (err) {
        logger?.fatal({ err }, 'rebuilding the state from the journal failed')
      }
      const error = new QmsError('UNAVAILABLE', 'the hall could not record this; try again')
      batch.forEach((q, i) => {
        const replayed = outcomes[i]?.replayed === true
        q.resolve({
          outcome: replayed
            ? outcomes[i]!.outcome
            : { ok: false, op: q.submission.op, error: error.toBody() },
          events: [],
          replayed,
        })
      })
      settleIdle()
      return
    }
    for (const [key, response] of inBatch) cache.set(key, response)
    const settled: Settled[] = []
    let offset = 0
    batch.forEach((_q, i) => {
      const n = counts[i] ?? 0
      const s = { ...outcomes[i]!, events: envelopes.slice(offset, offset + n) }
      offset += n
      settled.push(s)
    })
    if (envelopes.length > 0) {
      const info = { events: envelopes, settled, commitMs }
      for (const listener of listeners) {
        try {
          listener(info)
        } catch (err) {
          logger?.error({ err }, 'a commit listener failed')
        }
      }
    }
    batch.forEach((q, i) => {
      q.resolve(settled[i]!)
    })
    settleIdle()
  }

  const settleIdle = () => {
    if (queue.length > 0 || scheduled) return
    const waiting = idle
    idle = []
    for (const fn of waiting) fn()
  }

  function schedule() {
    if (scheduled) return
    scheduled = true
    // One turn of the event loop gathers what arrived meanwhile into one transaction.
    setImmediate(flush)
  }

  const enqueue = (submission: Submission): Promise<Settled> =>
    new Promise((resolve) => {
      queue.push({ submission, resolve })
      schedule()
    })

  const drain = () =>
    queue.length === 0 && !scheduled
      ? Promise.resolve()
      : new Promise<void>((resolve) => idle.push(resolve))

  return {
    model,
    get state() {
      return state
    },
    journal,
    submit(submission) {
      if (closing !== undefined) {
        const error = new QmsError('UNAVAILABLE', 'the hall agent is shutting down')
        return Promise.resolve({
          outcome: { ok: false, op: submission.op, error: error.toBody() },
          events: [],
          replayed: false,
        })
      }
      return enqueue(submission as Submission)
    },
    async record(drafts) {
      if (drafts.length === 0) return []
      const settled = await enqueue({
        op: 'record',
        decide: () => ({ ok: true, events: drafts, result: undefined }),
      })
      if (!settled.outcome.ok) throw new QmsError(settled.outcome.error.code)
      return settled.events
    },
    setRules(rules) {
      state.rules = { ...state.rules, ...rules }
      const saved = journal.getMeta(RULES_KEY)
      const merged = { ...(saved === undefined ? {} : JSON.parse(saved)), ...rules }
      journal.setMeta(RULES_KEY, JSON.stringify(merged))
    },
    onCommit(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    drain,
    close() {
      closing ??= (async () => {
        await drain()
        if (deferred.length > 0) {
          try {
            journal.commit([], deferred)
            deferred = []
          } catch (err) {
            logger?.warn({ err }, 'answers that changed nothing were not stored')
          }
        }
      })()
      return closing
    },
  }
}
