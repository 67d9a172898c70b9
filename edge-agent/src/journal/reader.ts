import type { EventEnvelope } from '@qms/protocol'

/**
 * Read access to a hall's journal, for the uplink: what was committed, in seq order, and durable
 * named cursors (the uplink keeps the seq the cloud acknowledged).
 */
export interface JournalReader {
  /** Highest committed seq (0 when empty). */
  lastSeq(): number
  /** Committed events with seq > after, in seq order, at most `limit`. */
  readAfter(after: number, limit: number): EventEnvelope[]
  /** Called after every commit with the new last seq; returns an unsubscribe function. */
  onCommit(listener: (lastSeq: number) => void): () => void
  /** A durable named cursor (e.g. the uplink's acknowledged seq), 0 if never set. */
  getCursor(name: string): number
  setCursor(name: string, seq: number): void
  /** Time of the event with this seq (epoch ms), for "seconds behind". */
  timeOf(seq: number): number | undefined
}
