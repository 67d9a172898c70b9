import type { Changes } from './changes.js'
import { encodeInfo } from './codec.js'
import type { RedisKeys } from './keys.js'
import type { SiteState } from './state.js'

/*
 * Turns a batch's changes into the flat op list the apply script runs (apply-script.ts). Ops:
 *
 *   H key n f1 v1 … fn vn     HSET of n fields
 *   D key n f1 … fn           HDEL of n fields
 *   I key field amount        HINCRBY
 *   M key field value         keep the larger of the stored and given value
 *   X key maxlen json         XADD key MAXLEN ~ maxlen * r json
 *   K key                     DEL
 *   E key seconds             EXPIRE
 *   S key member              SADD
 */

export interface WriteLimits {
  /** Entries kept in a hall's history stream (approximately, MAXLEN ~). */
  historyMaxLen: number
  /** How long a day's figures are kept, in seconds. */
  dayTtlSec: number
}

/**
 * What the writer already did in this worker's lifetime, so that a steady trickle of events does
 * not repeat it every round: the hall is in the `sites` set, these days' keys have their expiry.
 * A new worker (after a restart or a move) starts empty and does it once again.
 */
export interface WriteMemo {
  announced: boolean
  expiring: Set<string>
}

export const newWriteMemo = (): WriteMemo => ({ announced: false, expiring: new Set() })

function hashOps(
  ops: string[],
  key: string,
  names: Iterable<string>,
  value: (name: string) => string | undefined,
): void {
  const set: string[] = []
  const del: string[] = []
  for (const name of names) {
    const v = value(name)
    if (v === undefined) del.push(name)
    else set.push(name, v)
  }
  if (set.length > 0) ops.push('H', key, String(set.length / 2), ...set)
  if (del.length > 0) ops.push('D', key, String(del.length), ...del)
}

/** The ops that bring a hall's stored projection from before the batch to `state`. */
export function planWrite(
  keys: RedisKeys,
  state: SiteState,
  changes: Changes,
  limits: WriteLimits,
  memo: WriteMemo = newWriteMemo(),
): string[] {
  const site = state.site
  const ops: string[] = []
  if (changes.reset) {
    ops.push('K', keys.tickets(site), 'K', keys.windows(site))
    for (const no of state.tickets.keys()) changes.tickets.add(no)
    for (const no of state.windows.keys()) changes.windows.add(no)
  }
  const json =
    <T>(map: Map<string, T>) =>
    (name: string) => {
      const v = map.get(name)
      return v === undefined ? undefined : JSON.stringify(v)
    }
  hashOps(ops, keys.tickets(site), changes.tickets, json(state.tickets))
  hashOps(ops, keys.windows(site), changes.windows, json(state.windows))
  hashOps(ops, keys.devices(site), changes.devices, json(state.devices))
  hashOps(ops, keys.info(site), changes.info, (f) => encodeInfo(state, f))
  for (const [day, fields] of changes.counters) {
    const key = keys.day(site, day)
    for (const [field, amount] of fields) ops.push('I', key, field, String(amount))
  }
  for (const [day, fields] of changes.maxima) {
    const key = keys.day(site, day)
    for (const [field, value] of fields) ops.push('M', key, field, String(value))
  }
  const days = new Set([...changes.counters.keys(), ...changes.maxima.keys()])
  for (const day of days) {
    if (memo.expiring.has(day)) continue
    ops.push('E', keys.day(site, day), String(limits.dayTtlSec))
    memo.expiring.add(day)
  }
  const history = keys.history(site)
  for (const entry of changes.history) {
    ops.push('X', history, String(limits.historyMaxLen), JSON.stringify(entry))
  }
  if (!memo.announced) {
    ops.push('S', keys.sites, site)
    memo.announced = true
  }
  return ops
}
