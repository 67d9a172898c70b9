import { readFileSync } from 'node:fs'
import { defaultCatalogueFile } from '@qms/edge-agent'
import type { Catalogue, HallConfig } from '@qms/protocol'

/** The shipped catalogue. */
export function benchCatalogue(): Catalogue {
  return JSON.parse(readFileSync(defaultCatalogueFile(), 'utf8')) as Catalogue
}

/** A hall with `windows` identity-card windows, each with a caller and a screen, and dispensers. */
export function benchHall(
  site: string,
  dispensers: number,
  windows: number,
  hashToken: (token: string) => string,
): HallConfig {
  const ws = Array.from({ length: windows }, (_, i) => String(i + 1))
  return {
    id: site,
    name: '压测服务厅',
    kind: 'hub',
    location: { lat: 30.7, lng: 120.7 },
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }],
    items: ['HJ-001', 'HJ-002'],
    windows: ws.map((no) => ({ no, name: `${no}号窗口`, categories: ['HJ-SFZ'] })),
    devices: [
      ...Array.from({ length: dispensers }, (_, i) => ({
        id: `k${i + 1}`,
        kind: 'dispenser' as const,
        tokenHash: hashToken(`tok-k${i + 1}`),
      })),
      ...ws.flatMap((no) => [
        { id: `c${no}`, kind: 'caller' as const, tokenHash: hashToken(`tok-c${no}`), window: no },
        {
          id: `w${no}`,
          kind: 'window-display' as const,
          tokenHash: hashToken(`tok-w${no}`),
          window: no,
        },
      ]),
    ],
    rules: { recallLimit: 3, priorityCap: 3 },
  }
}
