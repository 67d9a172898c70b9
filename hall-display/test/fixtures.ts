import {
  type CallEntry,
  type EdgeCatalogueItem,
  type Guidance,
  type HallSnapshot,
  PROTOCOL_VERSION,
  type QueueEntry,
  type WindowEntry,
} from '@qms/protocol'

/** A hall snapshot for view tests: two windows, two queues, no calls unless given. */
export function snapshot(overrides: Partial<HallSnapshot> = {}): HallSnapshot {
  return {
    v: PROTOCOL_VERSION,
    site: 'st-01',
    name: '城关派出所综合服务厅',
    nameEn: 'Chengguan Police Station Service Hall',
    ts: '2026-01-05T02:00:00.000Z',
    day: '2026-01-05',
    seq: 10,
    open: true,
    calls: [],
    windows: [
      { no: '1', name: '1号窗口', state: 'idle', oneStop: true, categories: [] },
      { no: '2', name: '2号窗口', state: 'closed', oneStop: false, categories: ['HJ-SFZ'] },
    ],
    queues: [
      queue('HJ-QY', 'B', '户口迁移', 0, 0),
      queue('HJ-SFZ', 'A', '居民身份证', 4, 22.4, { lo80: 12.2, hi80: 33.1 }),
    ],
    guidance: [],
    link: { connected: true, behindEvents: 0, behindSec: 0 },
    ...overrides,
  }
}

export function queue(
  category: string,
  prefix: string,
  name: string,
  waiting: number,
  minutes: number,
  interval: { lo80?: number; hi80?: number } = {},
): QueueEntry {
  return { category, prefix, name, waiting, wait: { minutes, ...interval, source: 'local' } }
}

export function callEntry(ticket: string, window: string, at: string, recalls = 0): CallEntry {
  return { ticket, window, windowName: `${window}号窗口`, item: 'HJ-002', at, recalls }
}

export function windowEntry(no: string, state: WindowEntry['state'], ticket?: string): WindowEntry {
  return {
    no,
    name: `${no}号窗口`,
    state,
    oneStop: false,
    categories: [],
    ...(ticket === undefined ? {} : { ticket }),
  }
}

export const hallGuidance: Guidance = {
  kind: 'hall',
  category: 'HJ-SFZ',
  text: '西湖派出所办理身份证等候更短',
  site: 'st-02',
  siteName: '西湖派出所',
  waitMin: 5,
  travelMin: 10,
  savingMin: 25,
}

export function catalogueItem(overrides: Partial<EdgeCatalogueItem> = {}): EdgeCatalogueItem {
  return {
    code: 'HJ-002',
    name: '居民身份证换领',
    nameEn: 'Resident ID card renewal',
    category: 'HJ-SFZ',
    prefix: 'A',
    keywords: ['身份证', '换证'],
    pinyin: 'jmsfzhl',
    materials: ['原居民身份证', '居民户口簿'],
    online: false,
    meanMinutes: 6,
    waiting: 3,
    wait: { minutes: 18, lo80: 10, hi80: 27, source: 'local' },
    ...overrides,
  }
}
