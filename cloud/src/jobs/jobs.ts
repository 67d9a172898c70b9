import { EventEmitter } from 'node:events'
import { type Job, type JobsOptions, Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'

/*
 * Periodic and retryable work on BullMQ queues in the cloud's Redis: prediction refresh, the
 * end-of-day figures, and (later) alert escalation. Producers fail fast when Redis is away (an
 * HTTP request that schedules a job gets an error at once, not a hang); workers wait for Redis
 * forever and retry failed jobs with backoff. Later modules give a queue its processor with
 * `handle()`; a queue without one fails its jobs, which stay visible in bull-board.
 */

export const JOB_NAMES = ['prediction-refresh', 'end-of-day', 'alert-escalation'] as const
export type JobName = (typeof JOB_NAMES)[number]
export type JobProcessor = (job: Job) => Promise<unknown>

export interface JobSchedules {
  /** Prediction refresh period (ms); 0 = not scheduled. */
  predictionEveryMs: number
  /** Cron pattern (with seconds) of the end-of-day run, in `timezone`; '' = not scheduled. */
  endOfDayPattern: string
  timezone: string
}

export interface JobsEvents {
  completed: [name: JobName, job: Job, result: unknown]
  failed: [name: JobName, job: Job | undefined, error: Error]
  error: [error: Error]
}

export interface Jobs extends EventEmitter<JobsEvents> {
  readonly queues: Readonly<Record<JobName, Queue>>
  /** Sets (or replaces) the processor of a queue. */
  handle(name: JobName, processor: JobProcessor): void
  add(name: JobName, data?: Record<string, unknown>, opts?: JobsOptions): Promise<Job>
  close(): Promise<void>
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 200 },
  removeOnFail: { count: 1000 },
}

export async function createJobs(opts: {
  redisUrl: string
  /** BullMQ key prefix (keys.bullPrefix). */
  prefix: string
  schedules: JobSchedules
  /** Run the workers in this instance (every instance may; BullMQ hands each job to one). */
  workers: boolean
}): Promise<Jobs> {
  const producer = new Redis(opts.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  })
  await producer.connect()
  const processors = new Map<JobName, JobProcessor>()
  const emitter = new EventEmitter<JobsEvents>()
  const reportError = (err: Error) => {
    if (emitter.listenerCount('error') > 0) emitter.emit('error', err)
  }
  const queues = {} as Record<JobName, Queue>
  const workers: Worker[] = []
  for (const name of JOB_NAMES) {
    const queue = new Queue(name, {
      connection: producer,
      prefix: opts.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    })
    queue.on('error', (err) => reportError(err))
    queues[name] = queue
    if (opts.workers) {
      const worker = new Worker(
        name,
        async (job) => {
          const processor = processors.get(name)
          if (processor === undefined) throw new Error(`no processor for ${name} jobs yet`)
          return await processor(job)
        },
        {
          connection: { ...redisOptions(opts.redisUrl), maxRetriesPerRequest: null },
          prefix: opts.prefix,
          concurrency: 1,
        },
      )
      worker.on('completed', (job, result) => emitter.emit('completed', name, job, result))
      worker.on('failed', (job, err) => emitter.emit('failed', name, job, err))
      worker.on('error', (err) => reportError(err))
      workers.push(worker)
    }
  }
  const { predictionEveryMs, endOfDayPattern, timezone } = opts.schedules
  if (predictionEveryMs > 0) {
    await queues['prediction-refresh'].upsertJobScheduler(
      'prediction-refresh',
      { every: predictionEveryMs },
      { name: 'refresh', data: {} },
    )
  }
  if (endOfDayPattern !== '') {
    await queues['end-of-day'].upsertJobScheduler(
      'end-of-day',
      { pattern: endOfDayPattern, tz: timezone },
      { name: 'close-day', data: {} },
    )
  }
  let closing: Promise<void> | undefined
  return Object.assign(emitter, {
    queues,
    handle(name: JobName, processor: JobProcessor) {
      processors.set(name, processor)
    },
    add(name: JobName, data: Record<string, unknown> = {}, jobOpts?: JobsOptions) {
      return queues[name].add(name, data, jobOpts)
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled(workers.map((w) => w.close()))
        await Promise.allSettled(Object.values(queues).map((q) => q.close()))
        producer.disconnect()
      })()
      return closing
    },
  })
}

/** ioredis options from a redis:// URL (BullMQ makes its own worker connections from them). */
function redisOptions(url: string): {
  host: string
  port: number
  username?: string
  password?: string
  db?: number
} {
  const u = new URL(url)
  const out: { host: string; port: number; username?: string; password?: string; db?: number } = {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
  }
  if (u.username !== '') out.username = decodeURIComponent(u.username)
  if (u.password !== '') out.password = decodeURIComponent(u.password)
  const db = u.pathname.replace('/', '')
  if (db !== '') out.db = Number(db)
  return out
}
