import { QmsError } from '@qms/protocol'
import Database from 'better-sqlite3'

/**
 * One agent per journal. A small SQLite file next to the journal is written once in EXCLUSIVE
 * locking mode, which keeps its file lock until it is closed; the operating system drops the
 * lock when the process dies, so a killed agent never leaves a stale lock behind. (The journal
 * itself stays in shared mode so that its checkpoints can run on another thread.)
 */
export function lockJournal(file: string): { release(): void } {
  // No busy wait: a held lock means another agent, and that is an answer at once.
  const lock = new Database(`${file}.lock`, { timeout: 0 })
  try {
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)')
    lock.prepare('DELETE FROM holder').run()
    lock
      .prepare('INSERT INTO holder (pid, since) VALUES (?, ?)')
      .run(process.pid, new Date().toISOString())
  } catch (err) {
    lock.close()
    if ((err as { code?: string }).code === 'SQLITE_BUSY')
      throw new QmsError('CONFIG_INVALID', `journal ${file} is in use by another agent`, {
        cause: err,
      })
    throw err
  }
  let released = false
  return {
    release() {
      if (released) return
      released = true
      lock.close()
    },
  }
}
