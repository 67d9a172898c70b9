import type { Clock, ClockTimer, RpcRequestOf, RpcResultOf } from '@qms/protocol'
import type { JournalReader } from '../journal/index.js'
import { backoffMs } from './backoff.js'
import type { UplinkMetrics } from './metrics.js'
import type { PublishEvent } from './outbox.js'

/*
 * `qms.rpc.<site>.replay {fromSeq, toSeq?}`: the cloud found a gap and asks the hall to publish
 * a range again (cloud/README.md, "Gaps"). The answer is immediate — the range the hall will
 * publish: `toSeq` at most its last seq, so events the hall never journaled are not vouched for —
 * then the events follow, with their original message ids, in order, a bounded page at a time.
 * JetStream's duplicate window or the cloud's seq check absorbs what it already had.
 *
 * It runs beside the outbox and never touches its cursor: the outbox's order and acknowledged
 * prefix are its own. The cloud asks again with a back-off until the gap fills; what this
 * replayer had published and JetStream acknowledged shortly before is not published again.
 */

export interface ReplayerOptions {
  journal: JournalReader
  clock: Clock
  /** Replay publishes in flight at most (default 64). */
  window?: number
  /** A range published and acknowledged within this is not published again, ms (default 60 s). */
  coverMs?: number
  retryMs?: number
  retryMaxMs?: number
  metrics?: UplinkMetrics
  onFailure?(error: unknown, seq: number): void
}

export interface Replayer {
  /** Answers a replay request and queues the range. */
  request(request: RpcRequestOf<'replay'>): RpcResultOf<'replay'>
  resume(publish: PublishEvent): void
  pause(): void
  /** Events queued for replay, not yet published. */
  pending(): number
  /** Stops; what is queued is dropped (the cloud asks again). */
  close(): void
}

type Range = [from: number, to: number]

/** Adds a range to sorted disjoint ranges, merging what touches. */
export function addRange(ranges: Range[], from: number, to: number): Range[] {
  const all = [...ranges, [from, to] as Range].sort((a, b) => a[0] - b[0])
  const out: Range[] = []
  for (const r of all) {
    const last = out.at(-1)
    if (last !== undefined && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1])
    else out.push([r[0], r[1]])
  }
  return out
}

export function createReplayer(options: ReplayerOptions): Replayer {
  const { journal, clock, metrics } = options
  const window = options.window ?? 64
  const coverMs = options.coverMs ?? 60_000
  let ranges: Range[] = []
  let publish: PublishEvent | undefined
  let running = false
  let stopped = false
  let attempts = 0
  let retry: ClockTimer | undefined
  /** What this replayer published and had acknowledged lately. */
  let covered: { from: number; to: number; at: number } | undefined
  /** The page being published now. */
  let busy: { from: number; to: number } | undefined

  const work = async () => {
    if (running) return
    running = true
    try {
      while (!stopped && publish !== undefined && retry === undefined && ranges.length > 0) {
        const fn = publish
        const [from, to] = ranges[0] as Range
        const page = journal.readAfter(from - 1, Math.min(window, to - from + 1))
        if (page.length === 0 || (page[0]?.seq ?? from) > to) {
          ranges.shift()
          continue
        }
        const end = Math.min(to, page.at(-1)?.seq ?? from)
        if (end >= to) ranges.shift()
        else (ranges[0] as Range)[0] = end + 1
        busy = { from, to: end }
        const results = await Promise.allSettled(page.map((e) => fn(e)))
        busy = undefined
        const failed = results.findIndex((r) => r.status === 'rejected')
        if (failed >= 0) {
          const seq = page[failed]?.seq ?? from
          ranges = addRange(ranges, seq, end)
          attempts++
          options.onFailure?.((results[failed] as PromiseRejectedResult).reason, seq)
          retry = clock.setTimeout(
            () => {
              retry = undefined
              void work()
            },
            backoffMs(attempts, options.retryMs ?? 500, options.retryMaxMs ?? 30_000),
          )
          retry.unref?.()
          metrics?.replayed.inc(results.filter((r) => r.status === 'fulfilled').length)
          break
        }
        attempts = 0
        metrics?.replayed.inc(page.length)
        const now = clock.now()
        covered =
          covered !== undefined && now - covered.at < coverMs && covered.to + 1 >= from
            ? { from: Math.min(covered.from, from), to: Math.max(covered.to, end), at: now }
            : { from, to: end, at: now }
      }
    } catch (err) {
      options.onFailure?.(err, ranges[0]?.[0] ?? 0)
    } finally {
      running = false
    }
  }

  return {
    request({ fromSeq, toSeq }) {
      const last = journal.lastSeq()
      const to = Math.min(toSeq ?? last, last)
      const count = Math.max(0, to - fromSeq + 1)
      metrics?.replays.inc({ result: count > 0 ? 'ok' : 'empty' })
      if (count > 0 && !stopped) {
        // Not again what was just acknowledged, nor the page on its way now.
        let from = fromSeq
        const c = covered !== undefined && clock.now() - covered.at < coverMs ? covered : undefined
        for (;;) {
          if (c !== undefined && from >= c.from && from <= c.to) from = c.to + 1
          else if (busy !== undefined && from >= busy.from && from <= busy.to) from = busy.to + 1
          else break
        }
        if (from <= to) {
          ranges = addRange(ranges, from, to)
          void work()
        }
      }
      return { fromSeq, toSeq: Math.max(0, to), count }
    },
    resume(fn) {
      publish = fn
      if (retry !== undefined) clock.clearTimeout(retry)
      retry = undefined
      attempts = 0
      void work()
    },
    pause() {
      publish = undefined
    },
    pending: () => ranges.reduce((n, [from, to]) => n + to - from + 1, 0),
    close() {
      stopped = true
      ranges = []
      if (retry !== undefined) clock.clearTimeout(retry)
      retry = undefined
    },
  }
}
