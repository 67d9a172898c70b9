import { createQueueEngine, type QueueEngine, type QueueRequest } from '@qms/edge-agent/queue'
import {
  type Catalogue,
  createManualClock,
  type HallConfig,
  type Item,
  type ManualClock,
  type WindowConfig,
} from '@qms/protocol'

/*
 * Small halls for the prediction, balancing and alert tests. Items are deterministic (cv 0)
 * unless asked, so the forward simulation's answers can be checked by hand.
 */

/** Monday 2026-01-05 09:00 in Shanghai. */
export const MONDAY_9AM = Date.UTC(2026, 0, 5, 1, 0, 0)
export const MINUTE = 60_000

export function item(
  code: string,
  category: string,
  meanMinutes: number,
  extra: Partial<Item> = {},
): Item {
  return {
    code,
    name: `事项${code}`,
    category,
    keywords: [],
    pinyin: 'sx',
    meanMinutes,
    cv: 0,
    online: false,
    materials: [],
    anywhere: true,
    ...extra,
  }
}

/** Categories ID (prefix A), HK (B) and PP (E); items I10 (10 min), I6 (6 min), H15, P12. */
export function catalogue(items?: Item[]): Catalogue {
  return {
    version: 'test',
    branches: [{ code: 'HJ', name: '户政', nameEn: 'Household' }],
    categories: [
      { code: 'ID', name: '身份证', nameEn: 'ID card', branch: 'HJ', prefix: 'A' },
      { code: 'HK', name: '户口', nameEn: 'Household', branch: 'HJ', prefix: 'B' },
      { code: 'PP', name: '护照', nameEn: 'Passport', branch: 'HJ', prefix: 'E' },
    ],
    items: items ?? [
      item('I10', 'ID', 10),
      item('I6', 'ID', 6),
      item('H15', 'HK', 15),
      item('P12', 'PP', 12, { online: true, onlineUrl: 'https://zhangban.example.gov.cn/P12' }),
    ],
  }
}

export function hall(
  id: string,
  windows: Array<Partial<WindowConfig> & { no: string }>,
  extra: Partial<HallConfig> = {},
): HallConfig {
  return {
    id,
    name: `${id}服务厅`,
    kind: 'station',
    location: { lat: 30.75, lng: 120.75 },
    hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
    windows: windows.map((w) => ({ name: `${w.no}号窗口`, categories: ['ID', 'HK', 'PP'], ...w })),
    devices: [],
    ...extra,
  }
}

export interface Harness {
  engine: QueueEngine
  clock: ManualClock
  ok(request: QueueRequest): void
  take(item: string, priority?: 'normal' | 'elderly'): string
  /** Calls at the window and starts the service; returns the ticket. */
  serve(window: string): string
}

let n = 0
export const rid = () => `t${++n}`

export function harness(h: HallConfig, c: Catalogue = catalogue(), open: string[] = []): Harness {
  const clock = createManualClock(MONDAY_9AM)
  const engine = createQueueEngine({ hall: h, catalogue: c, clock })
  const harness: Harness = {
    engine,
    clock,
    ok(request) {
      const d = engine.execute(request)
      if (!d.ok) throw new Error(`${request.op}: ${d.error.code} ${d.error.message}`)
    },
    take(code, priority = 'normal') {
      clock.advance(1000)
      const d = engine.execute({ op: 'take', reqId: rid(), item: code, priority })
      if (!d.ok) throw new Error(`take: ${d.error.code}`)
      return (d.result as { ticket: string }).ticket
    },
    serve(window) {
      const d = engine.execute({ op: 'call', reqId: rid(), window })
      if (!d.ok) throw new Error(`call: ${d.error.code}`)
      harness.ok({ op: 'start', reqId: rid(), window })
      return (d.result as { ticket: string }).ticket
    },
  }
  for (const w of open) harness.ok({ op: 'open', reqId: rid(), window: w })
  return harness
}
