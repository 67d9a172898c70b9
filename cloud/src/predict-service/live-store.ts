import { validate, type WaitPrediction } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { Learned } from '../live/mirror.js'
import { CalibrationJson, loadHallStats, type Prediction } from '../predict/index.js'
import type { RedisKeys } from '../projections/keys.js'
import type { StoredStatus } from './statuses.js'

/*
 * What the live cloud keeps in Redis for each hall, beside the projections: what the predictor
 * learned (so the next owner continues it), the predictions tickets were given at issue, the
 * per-hour counters and predicted-against-actual points (written exactly once per event by a
 * compare-and-set on the last counted seq), the latest predictions and ticket statuses (for the
 * public API on any instance).
 */

export interface StoredPredictions {
  at: string
  seq: number
  /** item → [ordinary, priority] newcomer predictions. */
  items: Record<string, [WaitPrediction, WaitPrediction | undefined]>
}

export interface AccuracyRecord {
  ticket: string
  item: string
  calledAt: string
  predictedMin: number
  lo80?: number
  hi80?: number
  lo90?: number
  hi90?: number
  actualMin: number
}

/*
 * KEYS: counted, accuracy stream, then one hour hash per day. ARGV: expected seq ('' = none),
 * new seq, stream max length, hash ttl (s), record count, the records, then per hash its field
 * count and field/increment pairs. Writes nothing when another writer counted meanwhile.
 */
const COUNT_SCRIPT = `
local counted = redis.call('GET', KEYS[1]) or ''
if counted ~= ARGV[1] then return {0, counted} end
local n = tonumber(ARGV[5])
local i = 6
for r = 1, n do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'r', ARGV[i])
  i = i + 1
end
for k = 3, #KEYS do
  local fields = tonumber(ARGV[i])
  i = i + 1
  for f = 1, fields do
    redis.call('HINCRBYFLOAT', KEYS[k], ARGV[i], ARGV[i + 1])
    i = i + 2
  end
  redis.call('EXPIRE', KEYS[k], ARGV[4])
end
redis.call('SET', KEYS[1], ARGV[2])
return {1, ARGV[2]}
`

/** A WaitPrediction without the predictor's raw figures. */
export function publicWait(p: Prediction): WaitPrediction {
  const w: WaitPrediction = { minutes: p.minutes, source: 'cloud' }
  if (p.lo80 !== undefined) w.lo80 = p.lo80
  if (p.hi80 !== undefined) w.hi80 = p.hi80
  if (p.lo90 !== undefined) w.lo90 = p.lo90
  if (p.hi90 !== undefined) w.hi90 = p.hi90
  return w
}

export function createLiveStore(opts: { redis: Redis; keys: RedisKeys }) {
  const { redis, keys } = opts
  const k = keys.live
  const parse = <T>(s: string | null | undefined): T | undefined => {
    if (s === null || s === undefined) return undefined
    try {
      return JSON.parse(s) as T
    } catch {
      return undefined
    }
  }
  return {
    /** What was learned of the hall, if kept and readable (a damaged value is ignored). */
    async learned(site: string): Promise<Learned | undefined> {
      const raw = parse<{ seq?: unknown; stats?: unknown; calibration?: unknown }>(
        await redis.get(k.learned(site)),
      )
      if (raw === undefined || typeof raw.seq !== 'number') return undefined
      try {
        const stats = loadHallStats(raw.stats)
        const cal = validate(CalibrationJson, raw.calibration)
        return { seq: raw.seq, stats, ...(cal.ok ? { calibration: cal.value } : {}) }
      } catch {
        return undefined
      }
    },
    async saveLearned(site: string, learned: Learned): Promise<void> {
      await redis.set(k.learned(site), JSON.stringify(learned))
    },
    async counted(site: string): Promise<number> {
      return Number((await redis.get(k.counted(site))) ?? 0)
    },
    async issued(site: string): Promise<Map<string, Prediction>> {
      const h = await redis.hgetall(k.issued(site))
      const out = new Map<string, Prediction>()
      for (const [ticket, json] of Object.entries(h)) {
        const p = parse<Prediction>(json)
        if (p !== undefined && typeof p.minutes === 'number') out.set(ticket, p)
      }
      return out
    },
    async writeIssued(site: string, dirty: Map<string, Prediction | undefined>): Promise<void> {
      if (dirty.size === 0) return
      const set: string[] = []
      const del: string[] = []
      for (const [ticket, p] of dirty) {
        if (p === undefined) del.push(ticket)
        else set.push(ticket, JSON.stringify(p))
      }
      const m = redis.multi()
      if (set.length > 0) m.hset(k.issued(site), ...set)
      if (del.length > 0) m.hdel(k.issued(site), ...del)
      m.expire(k.issued(site), 2 * 86_400)
      await m.exec()
    },
    /**
     * Adds counts and accuracy points for events up to `toSeq`, if the last counted seq is still
     * `expected`; false when another owner counted meanwhile (nothing written).
     */
    async writeCounts(
      site: string,
      expected: number,
      toSeq: number,
      counts: Map<string, Map<string, number>>,
      records: AccuracyRecord[],
      options: { maxLen: number; ttlSec: number },
    ): Promise<{ ok: boolean; counted: number }> {
      const hashKeys: string[] = []
      const args: (string | number)[] = [
        expected === 0 ? '' : String(expected),
        String(toSeq),
        options.maxLen,
        options.ttlSec,
        records.length,
        ...records.map((r) => JSON.stringify(r)),
      ]
      for (const [day, fields] of counts) {
        hashKeys.push(k.hours(site, day))
        args.push(fields.size)
        for (const [f, n] of fields) args.push(f, String(Math.round(n * 1000) / 1000))
      }
      const r = (await redis.eval(
        COUNT_SCRIPT,
        2 + hashKeys.length,
        k.counted(site),
        k.accuracy(site),
        ...hashKeys,
        ...args,
      )) as [number, string]
      return { ok: r[0] === 1, counted: Number(r[1] || 0) }
    },
    async writePredictions(site: string, p: StoredPredictions): Promise<void> {
      await redis.set(k.predictions(site), JSON.stringify(p))
    },
    async predictions(site: string): Promise<StoredPredictions | undefined> {
      return parse<StoredPredictions>(await redis.get(k.predictions(site)))
    },
    async predictionsOf(sites: string[]): Promise<Map<string, StoredPredictions>> {
      const out = new Map<string, StoredPredictions>()
      if (sites.length === 0) return out
      const values = await redis.mget(...sites.map((s) => k.predictions(s)))
      sites.forEach((s, i) => {
        const p = parse<StoredPredictions>(values[i])
        if (p !== undefined) out.set(s, p)
      })
      return out
    },
    /** Writes changed ticket statuses and tells every instance which changed. */
    async writeStatuses(
      site: string,
      day: string,
      changed: StoredStatus[],
      ttlSec: number,
    ): Promise<void> {
      if (changed.length === 0) return
      const fields: string[] = []
      for (const s of changed) fields.push(s.ticket, JSON.stringify(s))
      await redis
        .multi()
        .hset(k.status(site, day), ...fields)
        .expire(k.status(site, day), ttlSec)
        .publish(k.changed(site), JSON.stringify({ day, tickets: changed.map((s) => s.ticket) }))
        .exec()
    },
    async status(site: string, day: string, ticket: string): Promise<StoredStatus | undefined> {
      return parse<StoredStatus>(await redis.hget(k.status(site, day), ticket))
    },
    async accuracy(site: string, count: number): Promise<AccuracyRecord[]> {
      const entries = (await redis.xrevrange(k.accuracy(site), '+', '-', 'COUNT', count)) as Array<
        [string, string[]]
      >
      const out: AccuracyRecord[] = []
      for (const [, fields] of entries) {
        const r = parse<AccuracyRecord>(fields[1])
        if (r !== undefined) out.push(r)
      }
      return out
    },
    async hours(site: string, days: string[]): Promise<Map<string, Record<string, string>>> {
      const m = redis.multi()
      for (const d of days) m.hgetall(k.hours(site, d))
      const res = (await m.exec()) ?? []
      const out = new Map<string, Record<string, string>>()
      days.forEach((d, i) => {
        out.set(d, (res[i]?.[1] as Record<string, string>) ?? {})
      })
      return out
    },
  }
}

export type LiveStore = ReturnType<typeof createLiveStore>
