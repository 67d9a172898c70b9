import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/*
 * WAL checkpoints off the request path. A checkpoint copies the WAL into the database file and
 * syncs it: tens of milliseconds on a slow disk. Run by SQLite's automatic checkpoint it would
 * stall whichever commit crossed the threshold, and with it the event loop and every device
 * waiting for an answer. Here a worker thread with its own connection runs PASSIVE checkpoints,
 * which never wait for the writer, while the main connection only appends to the WAL.
 */

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true, result })
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.message ? err.message : err) })
  }
})
`

export interface CheckpointResult {
  busy: number
  log: number
  checkpointed: number
}

export interface Checkpointer {
  /** Asks for a checkpoint; resolves when it ran (one at a time; a request meanwhile is merged). */
  run(): Promise<CheckpointResult | undefined>
  /** Stops the worker. Idempotent. */
  close(): Promise<void>
}

export function startCheckpointer(file: string, onError?: (message: string) => void): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { file, module } })
  worker.unref()
  let running: Promise<CheckpointResult | undefined> | undefined
  let closing: Promise<void> | undefined
  worker.on('error', (err) => onError?.(err.message))
  return {
    run() {
      if (closing !== undefined) return Promise.resolve(undefined)
      running ??= new Promise<CheckpointResult | undefined>((resolve) => {
        worker.once('message', (m: { ok: boolean; result?: CheckpointResult; error?: string }) => {
          running = undefined
          if (!m.ok) onError?.(m.error ?? 'checkpoint failed')
          resolve(m.result)
        })
        worker.postMessage('checkpoint')
      })
      return running
    },
    close() {
      closing ??= (async () => {
        // Keep the process alive until the worker has closed its connection.
        worker.ref()
        await running
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
        worker.postMessage('close')
        await exited
      })()
      return closing
    },
  }
}
