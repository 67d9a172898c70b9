import type { Alert, AlertState } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { RedisKeys } from '../projections/keys.js'
import { localTime } from '../projections/local-time.js'

/*
 * Alerts in Redis, each a hash {json, rev}. Every change is a compare-and-set on `rev` in one
 * script with the indexes it touches: the hall's open alerts by condition key (what dedupes a
 * condition), the hall's and the district's alerts by time, and the day's counters. So the
 * evaluator on the hall's owner, a manager's request on any instance and an escalation job on
 * a third never overwrite each other's step: the loser reads again and retries.
 */

/*
 * KEYS: alert, open hash, hall's set, district set, day counters.
 * ARGV: expected rev ('0' for a new alert), json, open op ('set' | 'del' | 'keep'), condition
 * key, id, raised-at score, keep-after score (older entries of the sets go), then counter names.
 */
const SAVE_SCRIPT = `
local rev = redis.call('HGET', KEYS[1], 'rev') or '0'
if rev ~= ARGV[1] then return {0, rev} end
local next = tostring(tonumber(rev) + 1)
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'rev', next)
if ARGV[3] == 'set' then
  redis.call('HSET', KEYS[2], ARGV[4], ARGV[5])
elseif ARGV[3] == 'del' then
  if redis.call('HGET', KEYS[2], ARGV[4]) == ARGV[5] then redis.call('HDEL', KEYS[2], ARGV[4]) end
end
if ARGV[1] == '0' then
  redis.call('ZADD', KEYS[3], ARGV[6], ARGV[5])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[7])
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[7])
end
for i = 8, #ARGV do redis.call('HINCRBY', KEYS[5], ARGV[i], 1) end
redis.call('EXPIRE', KEYS[5], 400 * 86400)
return {1, next}
`

export interface StoredAlert {
  alert: Alert
  rev: string
}

export type OpenOp = 'set' | 'del' | 'keep'

export function createAlertStore(opts: {
  redis: Redis
  keys: RedisKeys
  keepDays: number
  timezone: string
}) {
  const { redis, keys } = opts
  const k = keys.live
  const parse = (json: string | undefined): Alert | undefined => {
    if (json === undefined) return undefined
    try {
      return JSON.parse(json) as Alert
    } catch {
      return undefined
    }
  }
  const readMany = async (ids: string[]): Promise<StoredAlert[]> => {
    if (ids.length === 0) return []
    const m = redis.multi()
    for (const id of ids) m.hmget(k.alert(id), 'json', 'rev')
    const res = (await m.exec()) ?? []
    const out: StoredAlert[] = []
    for (const r of res) {
      const [json, rev] = (r?.[1] as [string | null, string | null]) ?? [null, null]
      const alert = parse(json ?? undefined)
      if (alert !== undefined && rev !== null) out.push({ alert, rev })
    }
    return out
  }
  return {
    async get(id: string): Promise<StoredAlert | undefined> {
      return (await readMany([id]))[0]
    },
    /** The hall's alerts held open (by condition key), resolved-while-holding included. */
    async open(site: string): Promise<Map<string, StoredAlert>> {
      const byKey = await redis.hgetall(k.alertsOpen(site))
      const stored = await readMany(Object.values(byKey))
      return new Map(stored.map((s) => [s.alert.key, s]))
    },
    /**
     * Writes the alert if its stored rev is still `rev` ('0': new); false when someone changed
     * it meanwhile. `counters` are the day's (and the hall's) counters to add one to.
     */
    async save(
      alert: Alert,
      rev: string,
      open: OpenOp,
      counters: string[] = [],
    ): Promise<{ ok: boolean; rev: string }> {
      const now = Date.parse(alert.updatedAt)
      const day = localTime(now, opts.timezone).day
      const r = (await redis.eval(
        SAVE_SCRIPT,
        5,
        k.alert(alert.id),
        k.alertsOpen(alert.site),
        k.alertsOf(alert.site),
        k.alertsAll,
        k.alertsDay(day),
        rev,
        JSON.stringify(alert),
        open,
        alert.key,
        alert.id,
        String(Date.parse(alert.raisedAt)),
        String(now - opts.keepDays * 86_400_000),
        ...counters.flatMap((c) => [c, `${c}@${alert.site}`]),
      )) as [number, string]
      if (r[0] === 1) await redis.pexpire(k.alert(alert.id), opts.keepDays * 86_400_000)
      return { ok: r[0] === 1, rev: String(r[1]) }
    },
    /** Alerts newest first, of a hall or of all, optionally in one state. */
    async list(query: { sites?: string[]; state?: AlertState; limit: number }): Promise<Alert[]> {
      const sets = query.sites === undefined ? [k.alertsAll] : query.sites.map((s) => k.alertsOf(s))
      const ids = new Set<string>()
      const scan = query.state === undefined ? query.limit : Math.max(query.limit * 5, 500)
      for (const set of sets) {
        for (const id of await redis.zrevrange(set, 0, scan - 1)) ids.add(id)
      }
      const all = (await readMany([...ids])).map((s) => s.alert)
      return all
        .filter((a) => query.state === undefined || a.state === query.state)
        .sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt))
        .slice(0, query.limit)
    },
    /** The day's counters of a hall (raised, ack, …), for the trend. */
    async dayCounts(site: string, days: string[]): Promise<Map<string, number>> {
      const m = redis.multi()
      for (const d of days) m.hget(k.alertsDay(d), `raised@${site}`)
      const res = (await m.exec()) ?? []
      return new Map(days.map((d, i) => [d, Number((res[i]?.[1] as string | null) ?? 0)]))
    },
  }
}

export type AlertStore = ReturnType<typeof createAlertStore>
