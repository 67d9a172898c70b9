import type { CurrentCall, DeviceLive, WindowLive } from '@qms/protocol'
import type { SiteInfo, SiteState, TicketRecord } from './state.js'
import { emptySiteState } from './state.js'

/*
 * How a hall's live state is laid out in Redis hashes and read back. Values are JSON; the layout
 * is in keys.ts. Reading is forgiving: an entry that does not parse is left out (and logged by
 * the caller), since the next events rewrite it anyway.
 */

export interface StoredSite {
  checkpoint: Record<string, string>
  info: Record<string, string>
  windows: Record<string, string>
  tickets: Record<string, string>
  devices: Record<string, string>
}

export interface Checkpoint {
  /** Last applied seq. */
  seq: number
  /** JetStream sequence to read the hall's subject from when resuming (0: from the start). */
  stream: number
  applied: number
  skipped: number
  ts?: string
}

export function parseCheckpoint(hash: Record<string, string>): Checkpoint {
  const checkpoint: Checkpoint = {
    seq: Number(hash.seq ?? 0),
    stream: Number(hash.stream ?? 0),
    applied: Number(hash.applied ?? 0),
    skipped: Number(hash.skipped ?? 0),
  }
  if (hash.ts !== undefined) checkpoint.ts = hash.ts
  return checkpoint
}

function parseEntries<T>(hash: Record<string, string>, bad: string[]): Map<string, T> {
  const out = new Map<string, T>()
  for (const [key, json] of Object.entries(hash)) {
    try {
      out.set(key, JSON.parse(json) as T)
    } catch {
      bad.push(key)
    }
  }
  return out
}

/** A hall's state from its stored hashes; `bad` collects entries that did not parse. */
export function decodeSite(
  site: string,
  timezone: string,
  stored: StoredSite,
  bad: string[] = [],
): SiteState {
  const state = emptySiteState(site, stored.info.timezone ?? timezone)
  const checkpoint = parseCheckpoint(stored.checkpoint)
  state.seq = checkpoint.seq
  if (checkpoint.ts !== undefined) state.ts = checkpoint.ts
  const info: SiteInfo = {}
  const i = stored.info
  if (i.name !== undefined) info.name = i.name
  if (i.nameEn !== undefined) info.nameEn = i.nameEn
  if (i.kind !== undefined) info.kind = i.kind as SiteInfo['kind'] & string
  if (i.configHash !== undefined) info.configHash = i.configHash
  if (i.items !== undefined) {
    try {
      info.items = JSON.parse(i.items) as string[]
    } catch {
      bad.push('info.items')
    }
  }
  state.info = info
  if (i.day !== undefined) state.day = i.day
  if (i.calls !== undefined) {
    try {
      state.calls = JSON.parse(i.calls) as CurrentCall[]
    } catch {
      bad.push('info.calls')
    }
  }
  state.windows = parseEntries<WindowLive>(stored.windows, bad)
  state.tickets = parseEntries<TicketRecord>(stored.tickets, bad)
  state.devices = parseEntries<DeviceLive>(stored.devices, bad)
  return state
}

/** The stored value of one info field. */
export function encodeInfo(state: SiteState, field: string): string | undefined {
  switch (field) {
    case 'name':
      return state.info.name
    case 'nameEn':
      return state.info.nameEn
    case 'kind':
      return state.info.kind
    case 'configHash':
      return state.info.configHash
    case 'items':
      return state.info.items === undefined ? undefined : JSON.stringify(state.info.items)
    case 'timezone':
      return state.timezone
    case 'day':
      return state.day
    case 'calls':
      return JSON.stringify(state.calls)
    default:
      return undefined
  }
}
