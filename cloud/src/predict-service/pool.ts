import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { createRefreshRunner, type RefreshOutput, type RefreshTask } from './run-refresh.js'

/*
 * The prediction workers: a few threads that run refreshes one at a time each, fed from one
 * queue. A hall's configuration is sent to a thread only the first time it needs it. With no
 * threads the refreshes run on the main thread (small districts, tests of the logic).
 */

export interface PredictionPool {
  run(task: Omit<RefreshTask, 'hall'>, hall: HallConfig): Promise<RefreshOutput>
  /** Tasks waiting for a thread. */
  readonly queued: number
  close(): Promise<void>
}

interface Slot {
  worker: Worker
  busy: boolean
  /** site → config key the thread holds. */
  keys: Map<string, string>
  job?: Job
}

interface Job {
  task: Omit<RefreshTask, 'hall'>
  hall: HallConfig
  resolve(out: RefreshOutput): void
  reject(err: Error): void
}

// The worker is this folder's predict-worker, as .ts under a TypeScript loader, .js when built.
const WORKER_URL = new URL(
  `./predict-worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
)

export function createPredictionPool(opts: {
  catalogue: Catalogue
  threads: number
  onError?: (err: Error) => void
}): PredictionPool {
  if (opts.threads <= 0) return inlinePool(opts.catalogue)
  const queue: Job[] = []
  const slots: Slot[] = []
  let closed = false
  let ids = 0
  const pending = new Map<number, Slot>()

  const spawn = (): Slot => {
    const worker = new Worker(WORKER_URL, { workerData: { catalogue: opts.catalogue } })
    worker.unref()
    const slot: Slot = { worker, busy: false, keys: new Map() }
    worker.on(
      'message',
      (msg: { id: number; ok: boolean; output?: RefreshOutput; error?: string }) => {
        pending.delete(msg.id)
        const job = slot.job
        slot.job = undefined
        slot.busy = false
        if (job !== undefined) {
          if (msg.ok && msg.output !== undefined) job.resolve(msg.output)
          else job.reject(new Error(msg.error ?? 'prediction failed'))
        }
        next()
      },
    )
    const fail = (err: Error) => {
      const job = slot.job
      slot.job = undefined
      const i = slots.indexOf(slot)
      if (i >= 0) slots.splice(i, 1)
      job?.reject(err)
      opts.onError?.(err)
      if (!closed) {
        slots.push(spawn())
        next()
      }
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (!closed && slots.includes(slot)) fail(new Error(`prediction worker exited (${code})`))
    })
    return slot
  }
  for (let i = 0; i < opts.threads; i++) slots.push(spawn())

  const next = () => {
    for (const slot of slots) {
      if (slot.busy) continue
      const job = queue.shift()
      if (job === undefined) return
      slot.busy = true
      slot.job = job
      const id = ++ids
      pending.set(id, slot)
      const known = slot.keys.get(job.task.site) === job.task.configKey
      slot.keys.set(job.task.site, job.task.configKey)
      slot.worker.postMessage({ id, task: known ? job.task : { ...job.task, hall: job.hall } })
    }
  }

  return {
    run(task, hall) {
      if (closed) return Promise.reject(new Error('prediction pool closed'))
      return new Promise<RefreshOutput>((resolve, reject) => {
        queue.push({ task, hall, resolve, reject })
        next()
      })
    },
    get queued() {
      return queue.length
    },
    async close() {
      if (closed) return
      closed = true
      for (const job of queue.splice(0)) job.reject(new Error('prediction pool closed'))
      await Promise.allSettled(slots.map((s) => s.worker.terminate()))
      for (const s of slots) s.job?.reject(new Error('prediction pool closed'))
    },
  }
}

function inlinePool(catalogue: Catalogue): PredictionPool {
  const runner = createRefreshRunner(catalogue)
  let closed = false
  return {
    run(task, hall) {
      if (closed) return Promise.reject(new Error('prediction pool closed'))
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve(runner.run({ ...task, hall }))
          } catch (err) {
            reject(err as Error)
          }
        })
      })
    },
    queued: 0,
    async close() {
      closed = true
    },
  }
}
