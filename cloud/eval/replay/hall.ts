import type { Catalogue, HallConfig, Item } from '@qms/protocol'
import type { LogRow } from './log.js'

/*
 * The hall a log is replayed in. With a hall file (and its catalogue) the log's items and
 * windows must be the hall's. Without one, a hall is made from the log itself — one window per
 * window named in it, each serving everything — and, when the items are not catalogue codes,
 * a catalogue with one category per class. A made-up item has no known handling time: it starts
 * at 10 minutes and is learned from the services replayed, never from ones still to come.
 */

const WINDOW = /^[A-Za-z0-9][A-Za-z0-9-]{0,7}$/

export interface ReplayHall {
  hall: HallConfig
  catalogue: Catalogue
  /** Log item → catalogue item code. */
  items: Map<string, string>
  /** Log window → hall window number. */
  windows: Map<string, string>
}

function prefixOf(i: number): string {
  const A = 65
  return i < 26
    ? String.fromCharCode(A + i)
    : String.fromCharCode(A + Math.floor(i / 26) - 1, A + (i % 26))
}

/** Makes (or checks) the hall and catalogue of a log. */
export function replayHall(
  rows: readonly LogRow[],
  given: { hall?: HallConfig; catalogue?: Catalogue; timeZone?: string },
  fallbackCatalogue: Catalogue,
): ReplayHall {
  const logItems = [...new Set(rows.map((r) => r.item))]
  const logWindows = [...new Set(rows.flatMap((r) => (r.window === undefined ? [] : [r.window])))]
  if (given.hall !== undefined) {
    const catalogue = given.catalogue ?? fallbackCatalogue
    const known = new Set(catalogue.items.map((i) => i.code))
    const unknown = logItems.filter((i) => !known.has(i))
    if (unknown.length > 0)
      throw new Error(`log items not in the hall's catalogue: ${unknown.slice(0, 5).join(', ')}`)
    const windows = new Set(given.hall.windows.map((w) => w.no))
    const missing = logWindows.filter((w) => !windows.has(w))
    if (missing.length > 0)
      throw new Error(`log windows not in the hall: ${missing.slice(0, 5).join(', ')}`)
    return {
      hall: given.hall,
      catalogue,
      items: new Map(logItems.map((i) => [i, i])),
      windows: new Map(logWindows.map((w) => [w, w])),
    }
  }
  const catalogueCodes = new Set(fallbackCatalogue.items.map((i) => i.code))
  const useCatalogue = logItems.every((i) => catalogueCodes.has(i))
  let catalogue: Catalogue
  const items = new Map<string, string>()
  if (useCatalogue) {
    catalogue = fallbackCatalogue
    for (const i of logItems) items.set(i, i)
  } else {
    const classes = logItems.slice(0, 600)
    const made: Item[] = classes.map((name, i) => ({
      code: `L${i + 1}`,
      name: name.slice(0, 60),
      category: `LC${i + 1}`,
      keywords: [],
      pinyin: 'l',
      meanMinutes: 10,
      online: false,
      materials: [],
      anywhere: false,
    }))
    classes.forEach((name, i) => {
      items.set(name, `L${i + 1}`)
    })
    catalogue = {
      version: 'log',
      branches: [{ code: 'LOG', name: '日志', nameEn: 'Log' }],
      categories: classes.map((name, i) => ({
        code: `LC${i + 1}`,
        name: name.slice(0, 30),
        nameEn: name.slice(0, 80),
        branch: 'LOG',
        prefix: prefixOf(i),
      })),
      items: made,
    }
  }
  const windows = new Map<string, string>()
  logWindows.forEach((w, i) => {
    windows.set(w, WINDOW.test(w) ? w : `W${i + 1}`)
  })
  const categories = [
    ...new Set(
      [...items.values()].map((code) => catalogue.items.find((i) => i.code === code)!.category),
    ),
  ]
  const hall: HallConfig = {
    id: 'replay',
    name: '回放服务厅',
    nameEn: 'Replayed hall',
    kind: 'station',
    location: { lat: 0, lng: 0 },
    timezone: given.timeZone ?? 'Asia/Shanghai',
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }],
    items: [...new Set(items.values())],
    windows: [...windows.values()].map((no) => ({
      no,
      name: `${no}号窗口`.slice(0, 30),
      categories,
    })),
    devices: [],
  }
  return { hall, catalogue, items, windows }
}
