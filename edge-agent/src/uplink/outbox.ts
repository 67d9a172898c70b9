import type { Clock, ClockTimer, EventEnvelope } from '@qms/protocol'
import type { JournalReader } from '../journal/index.js'
import { backoffMs } from './backoff.js'
import type { UplinkMetrics } from './metrics.js'

/*
 * The outbox: every journaled event goes to JetStream, in seq order, with message id
 * `<site>:<seq>` (DESIGN.md, NATS contract). It reads the journal after the durable cursor in
 * pages and keeps at most `window` publishes waiting for their PubAck, so memory stays bounded
 * however long the backlog. The cursor only moves over a contiguous acknowledged prefix: a
 * restart resends from the first event JetStream did not confirm, and JetStream's duplicate
 * window (or the cloud's seq check) absorbs what was stored twice.
 *
 * Order. Publishes go out in seq order on one connection, so JetStream stores them in that
 * order. After a failure nothing new is sent: the outbox waits until the failed batch's other
 * publishes have settled and for a back-off, then starts again from the first unacknowledged
 * seq. After a lost connection it starts again from there as soon as the link is back; nats.js
 * discards what it had buffered for the dead connection, so nothing of the old batch can
 * overtake the resend.
 */

export type PublishEvent = (event: EventEnvelope) => Promise<{ duplicate: boolean }>

/** A failed publish, with a short reason for metrics and logs. */
export class PublishFailure extends Error {
  override readonly name = 'PublishFailure'
  constructor(
    readonly reason: string,
    cause: unknown,
  ) {
    super(`publish failed: ${reason}`, { cause })
  }
}

export interface OutboxOptions {
  journal: JournalReader
  clock: Clock
  /** Publishes waiting for their PubAck at most (default 256). */
  window?: number
  /** The journal cursor holding the last seq acknowledged with all before it (default `uplink`). */
  cursor?: string
  /** The cursor is written at most this often, ms (default 250: each write is a synced commit). */
  cursorFlushMs?: number
  /** First wait after a failed publish, ms, doubling up to `retryMaxMs` (default 500, 30 s). */
  retryMs?: number
  retryMaxMs?: number
  metrics?: UplinkMetrics
  /** A publish failed; the outbox will send it again (for logs). */
  onFailure?(error: unknown, seq: number, attempt: number): void
  /** The acknowledged prefix moved, or the outbox stopped, failed or resumed. */
  onProgress?(): void
}

export interface OutboxStatus {
  /** Every event up to this seq is acknowledged by JetStream. */
  acked: number
  /** Highest seq handed to the current connection. */
  sent: number
  inFlight: number
  /** Publishing through a connection now. */
  running: boolean
  /** A publish failed; waiting to try again. */
  failing: boolean
}

export interface Outbox {
  /** Publishes through `publish` from the first unacknowledged event (the link is up). */
  resume(publish: PublishEvent): void
  /** The link is down: publish nothing; what was in flight is sent again on resume. */
  pause(): void
  status(): OutboxStatus
  /**
   * Stops publishing what is journaled after now, waits up to `timeoutMs` for what is journaled
   * until now to be acknowledged, and writes the cursor. Idempotent.
   */
  close(timeoutMs: number): Promise<void>
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { journal, clock, metrics } = options
  const window = options.window ?? 256
  const name = options.cursor ?? 'uplink'
  const flushMs = options.cursorFlushMs ?? 250
  const retryMs = options.retryMs ?? 500
  const retryMaxMs = options.retryMaxMs ?? 30_000
  if (!Number.isInteger(window) || window < 1) throw new RangeError('window must be at least 1')

  const stored = journal.getCursor(name)
  let acked = Math.min(stored, journal.lastSeq())
  if (acked !== stored) journal.setCursor(name, acked) // a cursor beyond the journal: start over
  let saved = acked
  let lastSaveAt = Number.NEGATIVE_INFINITY
  let saveTimer: ClockTimer | undefined
  let next = acked + 1
  /** Acknowledged seqs above the contiguous prefix. */
  const ahead = new Set<number>()
  /** Publishes not yet settled, per batch; batches below `floor` were on a lost connection. */
  const outstanding = new Map<number, number>()
  let epoch = 0
  let floor = 0
  let publish: PublishEvent | undefined
  let failing = false
  let retry: ClockTimer | undefined
  let attempts = 0
  let pumping = false
  let target = Number.POSITIVE_INFINITY
  let stopped = false
  let closing: Promise<void> | undefined
  let closeCheck: (() => void) | undefined

  const progress = () => {
    try {
      options.onProgress?.()
    } catch {
      // a listener's problem is not the outbox's
    }
  }
  const inFlight = () => outstanding.get(epoch) ?? 0
  const unsettledOnThisLink = () => {
    let n = 0
    for (const [e, count] of outstanding) if (e >= floor && e < epoch) n += count
    return n
  }
  const settle = (e: number) => {
    const n = (outstanding.get(e) ?? 1) - 1
    if (n <= 0) outstanding.delete(e)
    else outstanding.set(e, n)
  }

  const save = () => {
    if (saveTimer !== undefined) clock.clearTimeout(saveTimer)
    saveTimer = undefined
    if (acked <= saved) return
    journal.setCursor(name, acked)
    saved = acked
    lastSaveAt = clock.now()
  }
  const scheduleSave = () => {
    if (saveTimer !== undefined || stopped) return
    const wait = lastSaveAt + flushMs - clock.now()
    if (wait <= 0) save()
    else {
      saveTimer = clock.setTimeout(() => {
        saveTimer = undefined
        if (stopped) return
        try {
          save()
        } catch (err) {
          options.onFailure?.(err, acked, attempts)
        }
      }, wait)
      saveTimer.unref?.()
    }
  }

  const markAcked = (seq: number) => {
    if (seq <= acked) return
    if (seq !== acked + 1) {
      ahead.add(seq)
      return
    }
    acked = seq
    while (ahead.delete(acked + 1)) acked++
    try {
      scheduleSave()
    } catch (err) {
      options.onFailure?.(err, acked, attempts)
    }
    progress()
  }

  const restart = () => {
    failing = false
    next = acked + 1
    progress()
    pump()
  }

  const fail = (error: unknown, seq: number) => {
    attempts++
    options.onFailure?.(error, seq, attempts)
    epoch++
    failing = true
    retry = clock.setTimeout(
      () => {
        retry = undefined
        if (failing && unsettledOnThisLink() === 0) restart()
      },
      backoffMs(attempts, retryMs, retryMaxMs),
    )
    retry.unref?.()
    progress()
  }

  const settled = (
    e: number,
    seq: number,
    startedAt: number,
    error: unknown,
    ack?: { duplicate: boolean },
  ) => {
    settle(e)
    if (stopped) return
    if (ack !== undefined) {
      metrics?.acked.inc({ duplicate: ack.duplicate ? 'true' : 'false' })
      metrics?.ackSeconds.observe(Math.max(0, clock.now() - startedAt) / 1000)
      if (e === epoch) attempts = 0
      markAcked(seq)
    } else {
      metrics?.publishFailures.inc({
        reason: error instanceof PublishFailure ? error.reason : 'error',
      })
      if (e === epoch && publish !== undefined) fail(error, seq)
    }
    if (failing && retry === undefined && unsettledOnThisLink() === 0) restart()
    else pump()
    closeCheck?.()
  }

  const send = (event: EventEnvelope, fn: PublishEvent) => {
    const e = epoch
    const seq = event.seq
    outstanding.set(e, (outstanding.get(e) ?? 0) + 1)
    next = seq + 1
    metrics?.published.inc()
    const startedAt = clock.now()
    let sent: Promise<{ duplicate: boolean }>
    try {
      sent = fn(event)
    } catch (err) {
      sent = Promise.reject(err)
    }
    sent.then(
      (ack) => settled(e, seq, startedAt, undefined, ack),
      (err: unknown) => settled(e, seq, startedAt, err ?? new Error('publish failed')),
    )
  }

  /**
   * Events read ahead, from seq `next` on: one journal query per page rather than one per freed
   * place in the window. At most a window's worth, so memory stays at two windows of envelopes.
   */
  let page: EventEnvelope[] = []
  let pageAt = 0

  function pump(): void {
    const fn = publish
    if (fn === undefined || failing || pumping || stopped) return
    pumping = true
    try {
      if (next <= acked) next = acked + 1
      const last = Math.min(journal.lastSeq(), target)
      while (inFlight() < window && next <= last && publish === fn && !failing) {
        if (pageAt >= page.length || page[pageAt]?.seq !== next) {
          page = journal.readAfter(next - 1, Math.min(window, last - next + 1))
          pageAt = 0
          if (page.length === 0) break
        }
        const event = page[pageAt++] as EventEnvelope
        if (event.seq > last) break
        send(event, fn)
      }
    } catch (err) {
      // The journal closed under us (shutdown) or failed: nothing was lost, the next start resends.
      options.onFailure?.(err, next, attempts)
    } finally {
      pumping = false
    }
  }

  const unsubscribe = journal.onCommit(() => pump())

  return {
    resume(fn) {
      if (stopped) return
      if (publish === fn && !failing) return pump()
      if (retry !== undefined) clock.clearTimeout(retry)
      retry = undefined
      publish = fn
      failing = false
      attempts = 0
      epoch++
      floor = epoch
      next = acked + 1
      progress()
      pump()
    },
    pause() {
      if (publish === undefined) return
      publish = undefined
      if (retry !== undefined) clock.clearTimeout(retry)
      retry = undefined
      failing = false
      epoch++
      floor = epoch
      progress()
      closeCheck?.()
    },
    status: () => ({
      acked,
      sent: next - 1,
      inFlight: inFlight(),
      running: publish !== undefined && !failing && !stopped,
      failing,
    }),
    close(timeoutMs) {
      closing ??= (async () => {
        target = journal.lastSeq()
        pump()
        await new Promise<void>((resolve) => {
          let timer: ClockTimer | undefined
          const done = () => {
            if (timer !== undefined) clock.clearTimeout(timer)
            closeCheck = undefined
            resolve()
          }
          closeCheck = () => {
            if (acked >= target || publish === undefined || failing) done()
          }
          timer = clock.setTimeout(done, timeoutMs)
          closeCheck()
        })
        unsubscribe()
        try {
          save()
        } catch (err) {
          // The journal closed first: the cursor stays where it was written last; resends are
          // absorbed by the duplicate window and the cloud's seq check.
          options.onFailure?.(err, acked, attempts)
        } finally {
          stopped = true
          publish = undefined
          if (retry !== undefined) clock.clearTimeout(retry)
          retry = undefined
          progress()
        }
      })()
      return closing
    },
  }
}
