import type { DeviceResponse } from '@qms/protocol'
import { RETRY_MEMORY_ENTRIES, RETRY_MEMORY_MS } from './dialect.js'

/*
 * A keypad that hears no answer sends the same line again, tag and all. The bridge remembers
 * each tagged request's answer for a while, so the retry gets the first answer and the queue
 * sees the request once. A tag counts as a retry only together with the same request text:
 * the same tag on another request is a keypad that rebooted or whose counter wrapped.
 */

export interface Remembered {
  reqId: string
  /** Settles with the queue's answer, however long it takes. */
  answer: Promise<DeviceResponse>
}

interface Entry extends Remembered {
  key: string
  at: number
}

export interface RetryMemory {
  /** The earlier request with this tag and text, if it is still remembered. */
  recall(tag: string, key: string, now: number): Remembered | undefined
  remember(tag: string, key: string, entry: Remembered, now: number): void
  readonly size: number
}

export function createRetryMemory(
  ttlMs = RETRY_MEMORY_MS,
  maxEntries = RETRY_MEMORY_ENTRIES,
): RetryMemory {
  // A Map iterates in insertion order: the first entry is the oldest.
  const entries = new Map<string, Entry>()
  const expire = (now: number) => {
    for (const [tag, entry] of entries) {
      if (now - entry.at < ttlMs) break
      entries.delete(tag)
    }
  }
  return {
    recall(tag, key, now) {
      expire(now)
      const entry = entries.get(tag)
      return entry?.key === key ? { reqId: entry.reqId, answer: entry.answer } : undefined
    },
    remember(tag, key, { reqId, answer }, now) {
      expire(now)
      entries.delete(tag)
      entries.set(tag, { key, reqId, answer, at: now })
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string
        entries.delete(oldest)
      }
    },
    get size() {
      return entries.size
    },
  }
}
