import type { Redis } from 'ioredis'
import { APPLY_SCRIPT } from './apply-script.js'
import type { Checkpoint } from './codec.js'
import { decodeSite, parseCheckpoint } from './codec.js'
import type { RedisKeys } from './keys.js'
import type { SiteState } from './state.js'

/*
 * The Redis side of the projection, kept thin: load a hall's state, and write many halls'
 * batches in one pipeline (one round trip), each batch one run of the atomic apply script.
 */

/** One hall's part of a write. */
export interface SiteWrite {
  site: string
  /** Stored last-applied seq the batch was computed from. */
  expectedSeq: number
  /** Last-applied seq after the batch. */
  newSeq: number
  applied: number
  skipped: number
  /** JetStream sequence to resume the hall's subject from after the batch. */
  resume: number
  lastTs: string
  ops: string[]
}

export type WriteResult =
  | { status: 'applied' }
  | { status: 'fenced' }
  | { status: 'conflict'; storedSeq: number }
  | { status: 'error'; error: Error }

/** Extra commands sent in the same round trip, outside the atomic step (counters of rejects…). */
export type SideCommand = [command: string, ...args: string[]]

export interface ProjectionStore {
  load(
    site: string,
    defaultTimezone: string,
  ): Promise<{ state: SiteState; checkpoint: Checkpoint; bad: string[] }>
  write(writes: SiteWrite[], side?: SideCommand[]): Promise<WriteResult[]>
}

type ApplyRedis = Redis & {
  qmsApply(...args: string[]): Promise<number[]>
}

/**
 * Op arguments per script call, at most (about 3,000 events): Redis runs a script alone, so each
 * call stays short and other clients (readers, BullMQ) get their turn between calls.
 */
const MAX_ARGS_PER_CALL = 20_000

export function createProjectionStore(opts: {
  redis: Redis
  keys: RedisKeys
  instanceId: string
}): ProjectionStore {
  const { keys, instanceId } = opts
  const redis = opts.redis as ApplyRedis
  if (typeof redis.qmsApply !== 'function') {
    redis.defineCommand('qmsApply', { lua: APPLY_SCRIPT })
  }
  return {
    async load(site, defaultTimezone) {
      const results = await redis
        .multi()
        .hgetall(keys.checkpoint(site))
        .hgetall(keys.info(site))
        .hgetall(keys.windows(site))
        .hgetall(keys.tickets(site))
        .hgetall(keys.devices(site))
        .exec()
      if (results === null) throw new Error(`loading ${site}: transaction aborted`)
      const values = results.map(([err, value]) => {
        if (err) throw err
        return value as Record<string, string>
      })
      const [checkpoint, info, windows, tickets, devices] = values as [
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
      ]
      const bad: string[] = []
      const state = decodeSite(
        site,
        defaultTimezone,
        { checkpoint, info, windows, tickets, devices },
        bad,
      )
      return { state, checkpoint: parseCheckpoint(checkpoint), bad }
    },

    async write(writes, side = []) {
      if (writes.length === 0 && side.length === 0) return []
      const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & {
        qmsApply(...args: string[]): unknown
      }
      // Halls go into as few script calls as the size limit allows.
      const calls: SiteWrite[][] = []
      let size = Number.POSITIVE_INFINITY
      for (const w of writes) {
        if (size + w.ops.length > MAX_ARGS_PER_CALL) {
          calls.push([])
          size = 0
        }
        calls[calls.length - 1]!.push(w)
        size += w.ops.length + 7
      }
      for (const call of calls) {
        const keyArgs: string[] = []
        const argv: string[] = [instanceId]
        for (const w of call) {
          keyArgs.push(keys.checkpoint(w.site), keys.lease(w.site))
          argv.push(
            String(w.expectedSeq),
            String(w.newSeq),
            String(w.applied),
            String(w.skipped),
            String(w.resume),
            w.lastTs,
            String(w.ops.length),
            ...w.ops,
          )
        }
        pipeline.qmsApply(String(keyArgs.length), ...keyArgs, ...argv)
      }
      for (const [command, ...args] of side) pipeline.call(command, ...args)
      let results: [Error | null, unknown][] | null
      try {
        results = await pipeline.exec()
      } catch (err) {
        return writes.map(() => ({ status: 'error', error: err as Error }))
      }
      const out: WriteResult[] = []
      calls.forEach((call, c) => {
        const [err, reply] = results?.[c] ?? [new Error('no reply'), undefined]
        call.forEach((_, i) => {
          if (err) {
            out.push({ status: 'error', error: err })
            return
          }
          const codes = reply as number[]
          const code = codes[i * 2]
          if (code === 1) out.push({ status: 'applied' })
          else if (code === -1) out.push({ status: 'fenced' })
          else if (code === -2) out.push({ status: 'conflict', storedSeq: codes[i * 2 + 1] ?? 0 })
          else
            out.push({ status: 'error', error: new Error(`malformed write for ${call[i]!.site}`) })
        })
      })
      return out
    },
  }
}
