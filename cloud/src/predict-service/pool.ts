import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { createRefreshRunner, type RefreshOutput, type RefreshTask } from './run-refresh.js'

/*
 * The prediction workers: a few threads that run refreshes one at a time each, fed from one
 * queue. A hall's configuration is sent to a thread only the first time it needs it. With no
 * threads the refreshes run on the main thread (small districts, tests of the logic); so they do
 * too when threads cannot start (three failures in a row with nothing done), rather than never.
 */

export interface PredictionPool {
  run(task: Omit<RefreshTask, 'hall'>, hall: HallConfig): Promise<RefreshOutput>
  /** Tasks waiting for a thread. */
  readonly queued: number
  /** Whether refreshes run on worker threads (false: on the main thread). */
  readonly threaded: boolean
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

/*
 * Run from sources (tsx), a thread does not inherit the parent's TypeScript loader: this
 * bootstrap registers tsx in the thread first. Built code never needs it.
 */
const TSX_BOOT = `const { workerData } = require('node:worker_threads')
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.url) })`

function tsxApi(): string | undefined {
  try {
    return import.meta.resolve('tsx/esm/api')
  } catch {
    return undefined
  }
}

const MAX_FAILURES = 3

export function createPredictionPool(opts: {
  catalogue: Catalogue
  threads: number
  onError?: (err: Error) => void
}): PredictionPool {
  const inline = inlinePool(opts.catalogue)
  if (opts.threads <= 0) return inline
  const queue: Job[] = []
  const slots: Slot[] = []
  let closed = false
  let ids = 0
  let boot = false
  let failures = 0
  let degraded = false

  const spawn = (): Slot => {
    const tsx = boot ? tsxApi() : undefined
    const worker =
      tsx === undefined
        ? new Worker(WORKER_URL, { workerData: { catalogue: opts.catalogue } })
        : new Worker(TSX_BOOT, {
            eval: true,
            workerData: { catalogue: opts.catalogue, tsx, url: WORKER_URL.href },
          })
    worker.unref()
    const slot: Slot = { worker, busy: false, keys: new Map() }
    worker.on(
      'message',
      (msg: { id: number; ok: boolean; output?: RefreshOutput; error?: string }) => {
        failures = 0
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
      const i = slots.indexOf(slot)
      if (i < 0) return
      slots.splice(i, 1)
      opts.onError?.(err)
      const job = slot.job
      slot.job = undefined
      if (job !== undefined) queue.unshift(job)
      if (closed) return
      if ((err as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION' && !boot) boot = true
      else failures++
      if (failures >= MAX_FAILURES) {
        degraded = true
        for (const s of slots.splice(0)) void s.worker.terminate()
      } else slots.push(spawn())
      next()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`prediction worker exited (${code})`)))
    return slot
  }
  for (let i = 0; i < opts.threads; i++) slots.push(spawn())

  const next = () => {
    if (degraded) {
      for (const job of queue.splice(0))
        inline.run(job.task, job.hall).then(job.resolve, job.reject)
      return
    }
    for (const slot of slots) {
      if (slot.busy) continue
      const job = queue.shift()
      if (job === undefined) return
      slot.busy = true
      slot.job = job
      const known = slot.keys.get(job.task.site) === job.task.configKey
      slot.keys.set(job.task.site, job.task.configKey)
      slot.worker.postMessage({
        id: ++ids,
        task: known ? job.task : { ...job.task, hall: job.hall },
      })
    }
  }

  let closing: Promise<void> | undefined
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
    get threaded() {
      return !degraded
    },
    close() {
      closing ??= (async () => {
        closed = true
        const gone = new Error('prediction pool closed')
        for (const job of queue.splice(0)) job.reject(gone)
        const all = slots.splice(0)
        for (const s of all) s.job?.reject(gone)
        await Promise.allSettled(all.map((s) => s.worker.terminate()))
      })()
      return closing
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
    threaded: false,
    async close() {
      closed = true
    },
  }
}
