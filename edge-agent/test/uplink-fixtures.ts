import type { EventEnvelope } from '@qms/protocol'
import type { JournalReader } from '../src/journal/index.js'

/*
 * Test doubles for the uplink's parts that need no network: a journal in memory with the
 * JournalReader contract, and a JetStream stand-in that stores by message id as JetStream does
 * (a repeated id within the window is a duplicate) and lets the test decide when each publish
 * is acknowledged or fails.
 */

export interface MemoryJournal extends JournalReader {
  append(count: number, at?: number): void
  /** setCursor calls so far. */
  readonly cursorWrites: number
  /** The largest page asked of readAfter. */
  readonly largestPage: number
}

export function memoryJournal(site = 'test-hall', start = Date.UTC(2026, 0, 5, 1)): MemoryJournal {
  const events: EventEnvelope[] = []
  const cursors = new Map<string, number>()
  const listeners = new Set<(last: number) => void>()
  let cursorWrites = 0
  let largestPage = 0
  const make = (seq: number, at: number): EventEnvelope => ({
    v: 1,
    site,
    seq,
    ts: new Date(at).toISOString(),
    type: 'window.opened',
    data: { window: '1' },
  })
  return {
    append(count, at = start + events.length * 1000) {
      for (let i = 0; i < count; i++) events.push(make(events.length + 1, at))
      for (const l of listeners) l(events.length)
    },
    lastSeq: () => events.length,
    readAfter(after, limit) {
      largestPage = Math.max(largestPage, limit)
      return events.slice(after, after + limit)
    },
    onCommit(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getCursor: (name) => cursors.get(name) ?? 0,
    setCursor(name, seq) {
      cursorWrites++
      cursors.set(name, seq)
    },
    timeOf: (seq) => {
      const e = events[seq - 1]
      return e === undefined ? undefined : Date.parse(e.ts)
    },
    get cursorWrites() {
      return cursorWrites
    },
    get largestPage() {
      return largestPage
    },
  }
}

interface Pending {
  event: EventEnvelope
  resolve(ack: { duplicate: boolean }): void
  reject(err: Error): void
}

export interface FakeStream {
  publish(event: EventEnvelope): Promise<{ duplicate: boolean }>
  /** Publishes waiting for the test's decision, in the order they were made. */
  readonly pending: Pending[]
  /** Seqs stored, in stream order (each once). */
  readonly stored: number[]
  /** Every publish attempt's seq, in order. */
  readonly attempts: number[]
  /** The most publishes ever waiting at once. */
  readonly maxPending: number
  /** Stores and acknowledges the first `n` waiting publishes (all by default). */
  ackAll(n?: number): void
  /** Acknowledges one waiting publish (by seq), storing it. */
  ack(seq: number): void
  /** Fails one waiting publish without storing it. */
  fail(seq: number, err?: Error): void
  /** Acknowledges at once from now on. */
  auto(on: boolean): void
}

export function fakeStream(): FakeStream {
  const pending: Pending[] = []
  const stored: number[] = []
  const ids = new Set<number>()
  const attempts: number[] = []
  let maxPending = 0
  let automatic = false
  const store = (seq: number) => {
    const duplicate = ids.has(seq)
    if (!duplicate) {
      ids.add(seq)
      stored.push(seq)
    }
    return { duplicate }
  }
  const take = (seq: number) => {
    const i = pending.findIndex((p) => p.event.seq === seq)
    if (i < 0) throw new Error(`no publish of ${seq} is waiting`)
    return pending.splice(i, 1)[0] as Pending
  }
  return {
    publish(event) {
      attempts.push(event.seq)
      if (automatic) return Promise.resolve(store(event.seq))
      return new Promise((resolve, reject) => {
        pending.push({ event, resolve, reject })
        maxPending = Math.max(maxPending, pending.length)
      })
    },
    pending,
    stored,
    attempts,
    get maxPending() {
      return maxPending
    },
    ackAll(n = pending.length) {
      for (const p of pending.splice(0, n)) p.resolve(store(p.event.seq))
    },
    ack(seq) {
      const p = take(seq)
      p.resolve(store(seq))
    },
    fail(seq, err = new Error('timeout')) {
      take(seq).reject(err)
    },
    auto(on) {
      automatic = on
    },
  }
}

/** Lets promise callbacks run (acks are settled in microtasks). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))
