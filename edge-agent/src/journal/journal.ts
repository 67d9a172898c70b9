import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { type EventEnvelope, PROTOCOL_VERSION, QmsError } from '@qms/protocol'
import Database from 'better-sqlite3'
import type { EventDraft } from '../queue/index.js'
import { type Checkpointer, startCheckpointer } from './checkpointer.js'
import { lockJournal } from './lock.js'
import type { JournalReader } from './reader.js'
import { SCHEMA, SCHEMA_VERSION } from './schema.js'

const DAY_START = 'dayStartSeq'

export type SyncMode = 'FULL' | 'NORMAL'

export interface JournalOptions {
  /** The SQLite file (created with its folder when missing). */
  file: string
  site: string
  /**
   * `FULL` (default): a commit is on disk before it returns, so a power cut cannot lose an
   * answered ticket. `NORMAL` in WAL mode survives a process crash but not a power cut.
   */
  synchronous?: SyncMode
  /**
   * Checkpoint the WAL on a worker thread after about this many pages (default 1000, like
   * SQLite's own); 0 leaves checkpoints to SQLite, on the committing thread.
   */
  checkpointPages?: number
  /** A checkpoint failed (the journal goes on; the WAL grows until one succeeds). */
  onCheckpointError?: (message: string) => void
}

/** An event to journal: the draft and the instant it was decided (epoch ms). */
export interface PendingEvent {
  draft: EventDraft
  at: number
}

/** The answer given to a request, kept so that the same (device, reqId) gets it again. */
export interface AnswerRow {
  device: string
  reqId: string
  /** The answer as JSON. */
  response: string
  /** Epoch ms, for pruning. */
  at: number
}

/**
 * The hall's journal: every event with the hall's next seq, the answers given to requests, and
 * named cursors, in one SQLite file in WAL mode. `commit` writes events and answers in one
 * transaction, so an answer exists exactly when its events do.
 */
export interface Journal extends JournalReader {
  readonly file: string
  /** Journals events (numbered from lastSeq + 1) and answers atomically; returns the envelopes. */
  commit(events: readonly PendingEvent[], answers: readonly AnswerRow[]): EventEnvelope[]
  /** The answer given to (device, reqId), as JSON. */
  findAnswer(device: string, reqId: string): string | undefined
  /** Seq of the latest `site.snapshot` (the current day's start), 1 when there is none. */
  dayStart(): number
  /** Committed events with seq ≥ from, in order, one at a time (for replay at start). */
  iterate(from: number): IterableIterator<EventEnvelope>
  getMeta(key: string): string | undefined
  setMeta(key: string, value: string): void
  /** Checkpoints the WAL now, on the checkpoint thread (in place when there is none). */
  checkpoint(): Promise<void>
  /** Forgets answers older than an instant; returns how many. */
  pruneAnswers(before: number): number
  /** Closes the file after a last checkpoint; idempotent (a second call returns the first's promise). */
  close(): Promise<void>
}

/** Opens (or creates) a hall's journal. Only one process may hold it: a second gets an error. */
export function openJournal(options: JournalOptions): Journal {
  mkdirSync(dirname(options.file), { recursive: true })
  const lock = lockJournal(options.file)
  const db = new Database(options.file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`)
    db.exec(SCHEMA)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION)
      throw new QmsError(
        'CONFIG_INVALID',
        `journal ${options.file} has a newer schema (${version})`,
      )
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  } catch (err) {
    db.close()
    lock.release()
    throw err
  }
  return journalOver(db, options, lock)
}

function journalOver(
  db: Database.Database,
  options: JournalOptions,
  lock: { release(): void },
): Journal {
  const site = options.site
  // Checkpoints run on a worker thread (see checkpointer.ts); SQLite's own would stall a commit.
  let checkpointer: Checkpointer | undefined
  if (options.checkpointPages !== 0) {
    try {
      checkpointer = startCheckpointer(options.file, options.onCheckpointError)
      db.pragma('wal_autocheckpoint = 0')
    } catch (err) {
      options.onCheckpointError?.((err as Error).message)
    }
  }
  const checkpointPages = options.checkpointPages ?? 1000
  let walPages = 0
  const q = {
    lastSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events'),
    insertEvent: db.prepare('INSERT INTO events (seq, ts, type, json) VALUES (?, ?, ?, ?)'),
    insertAnswer: db.prepare(
      'INSERT OR IGNORE INTO answers (device, req_id, at, response) VALUES (?, ?, ?, ?)',
    ),
    findAnswer: db.prepare<[string, string], { response: string }>(
      'SELECT response FROM answers WHERE device = ? AND req_id = ?',
    ),
    readAfter: db.prepare<[number, number], { json: string }>(
      'SELECT json FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    iterate: db.prepare<[number], { json: string }>(
      'SELECT json FROM events WHERE seq >= ? ORDER BY seq',
    ),
    timeOf: db.prepare<[number], { ts: string }>('SELECT ts FROM events WHERE seq = ?'),
    getCursor: db.prepare<[string], { seq: number }>('SELECT seq FROM cursors WHERE name = ?'),
    setCursor: db.prepare(
      'INSERT INTO cursors (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    prune: db.prepare('DELETE FROM answers WHERE at < ?'),
  }
  let last = q.lastSeq.get()?.seq ?? 0
  const listeners = new Set<(lastSeq: number) => void>()
  let closed = false
  let closing: Promise<void> | undefined

  const write = db.transaction(
    (events: readonly PendingEvent[], answers: readonly AnswerRow[]): EventEnvelope[] => {
      const out: EventEnvelope[] = []
      let seq = last
      for (const { draft, at } of events) {
        seq += 1
        const envelope = {
          v: PROTOCOL_VERSION,
          site,
          seq,
          ts: new Date(at).toISOString(),
          type: draft.type,
          data: draft.data,
        } as EventEnvelope
        q.insertEvent.run(seq, envelope.ts, envelope.type, JSON.stringify(envelope))
        // A snapshot resets the hall's state: replay at start begins at the latest one.
        if (envelope.type === 'site.snapshot') q.setMeta.run(DAY_START, String(seq))
        out.push(envelope)
      }
      for (const a of answers) q.insertAnswer.run(a.device, a.reqId, a.at, a.response)
      return out
    },
  )

  const ensureOpen = () => {
    if (closed) throw new QmsError('UNAVAILABLE', 'the journal is closed')
  }

  return {
    file: options.file,
    lastSeq: () => last,
    commit(events, answers) {
      ensureOpen()
      if (events.length === 0 && answers.length === 0) return []
      const out = write.immediate(events, answers)
      // About one page per event and per answer; past the threshold, checkpoint off-thread.
      walPages += events.length + answers.length
      if (checkpointer !== undefined && walPages >= checkpointPages) {
        walPages = 0
        void checkpointer.run().then((result) => {
          // Under writes that never pause, a passive checkpoint never catches up and the WAL is
          // never reused. Past a hard bound, restart it here, once, at the cost of one stall.
          if (result !== undefined && result.log > checkpointPages * 20 && !closed)
            db.pragma('wal_checkpoint(RESTART)')
        })
      }
      if (out.length > 0) {
        last = out[out.length - 1]!.seq
        for (const listener of listeners) {
          try {
            listener(last)
          } catch {
            // A listener's failure is its own; the commit stands.
          }
        }
      }
      return out
    },
    dayStart: () => Number(q.getMeta.get(DAY_START)?.value ?? 1),
    findAnswer: (device, reqId) => q.findAnswer.get(device, reqId)?.response,
    readAfter(after, limit) {
      ensureOpen()
      return q.readAfter.all(after, limit).map((r) => JSON.parse(r.json) as EventEnvelope)
    },
    *iterate(from) {
      for (const r of q.iterate.iterate(from)) yield JSON.parse(r.json) as EventEnvelope
    },
    onCommit(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    getCursor: (name) => q.getCursor.get(name)?.seq ?? 0,
    setCursor(name, seq) {
      ensureOpen()
      q.setCursor.run(name, seq)
    },
    timeOf(seq) {
      const row = q.timeOf.get(seq)
      return row === undefined ? undefined : Date.parse(row.ts)
    },
    getMeta: (key) => q.getMeta.get(key)?.value,
    setMeta(key, value) {
      ensureOpen()
      q.setMeta.run(key, value)
    },
    pruneAnswers: (before) => q.prune.run(before).changes,
    async checkpoint() {
      ensureOpen()
      if (checkpointer !== undefined) await checkpointer.run()
      else db.pragma('wal_checkpoint(PASSIVE)')
    },
    close() {
      if (closing !== undefined) return closing
      closed = true
      listeners.clear()
      closing = (async () => {
        await checkpointer?.close()
        try {
          db.pragma('wal_checkpoint(TRUNCATE)')
        } finally {
          db.close()
          lock.release()
        }
      })()
      return closing
    },
  }
}
