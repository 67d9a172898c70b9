import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { createHallModel, type HallModel } from '@qms/edge-agent/queue'
import {
  type Catalogue,
  Catalogue as CatalogueSchema,
  DistrictConfig,
  type EventData,
  HallConfig,
  QmsError,
  validate,
} from '@qms/protocol'
import type { District } from '../district/district.js'
import { sampleDistrictPath } from '../district/district.js'

/*
 * The configuration of each hall, as the live cloud needs it to hold the hall's queue state on
 * the engine's rules: which windows serve what, what it offers, its hours and time zone. From
 * the district's hall files, corrected by what the hall's edge last announced (`site.config`:
 * the edge runs what it says, whatever the district file says). A hall known only from its
 * events gets a configuration made from its announcement; without a location it is never
 * suggested to anybody.
 */

type SiteConfigData = EventData<'site.config'>

export interface HallConfigs {
  readonly catalogue: Catalogue
  /** The hall's configuration, if known. */
  get(site: string): HallConfig | undefined
  /** The engine's model of the hall (cached until its configuration changes). */
  model(site: string): HallModel | undefined
  /** A number that changes whenever the hall's configuration does. */
  version(site: string): number
  /** Whether the hall's place is known (configured, not made up). */
  located(site: string): boolean
  /** Halls with a configuration. */
  sites(): string[]
  /** What the edge announced; true when the configuration changed. */
  announce(site: string, data: SiteConfigData): boolean
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new QmsError('CONFIG_INVALID', `${file}: ${(err as Error).message}`, { cause: err })
  }
}

async function readChecked<T>(schema: Parameters<typeof validate>[0], file: string): Promise<T> {
  const r = validate(schema, await readJson(file))
  if (!r.ok) throw new QmsError('CONFIG_INVALID', `${file}: ${r.error.message}`)
  return r.value as T
}

/** The hall files of a district file (the district module keeps only their summary). */
export async function loadHallFiles(districtFile: string): Promise<HallConfig[]> {
  const path = resolve(districtFile)
  const config = await readChecked<DistrictConfig>(DistrictConfig, path)
  const out: HallConfig[] = []
  for (const file of config.halls)
    out.push(await readChecked<HallConfig>(HallConfig, join(dirname(path), file)))
  return out
}

/** The catalogue shipped with the protocol package (for a cloud run without a district). */
export async function loadSampleCatalogue(): Promise<Catalogue> {
  return await readChecked<Catalogue>(
    CatalogueSchema,
    join(dirname(sampleDistrictPath()), 'catalogue.json'),
  )
}

/** A hall's configuration from its announcement, over what was configured. */
export function withAnnouncement(
  base: HallConfig | undefined,
  site: string,
  data: SiteConfigData,
  fallback: { location?: { lat: number; lng: number } } = {},
): HallConfig {
  const windows = data.windows.map((w) => {
    const known = base?.windows.find((b) => b.no === w.no)
    return {
      ...(known ?? {}),
      no: w.no,
      name: w.name,
      categories: w.categories,
      ...(w.oneStop ? { oneStop: true } : {}),
    }
  })
  return {
    ...(base ?? { devices: [], location: fallback.location ?? { lat: 0, lng: 0 } }),
    id: site,
    name: data.name,
    kind: data.kind,
    timezone: data.timezone,
    hours: data.hours.length > 0 ? data.hours : (base?.hours ?? ALL_DAY),
    items: data.items,
    windows: windows.length > 0 ? windows : (base?.windows ?? []),
  }
}

const ALL_DAY = [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }]

export function createHallConfigs(opts: {
  catalogue: Catalogue
  halls: readonly HallConfig[]
  district: District
}): HallConfigs {
  const configs = new Map<string, HallConfig>()
  const versions = new Map<string, number>()
  const models = new Map<string, { version: number; model: HallModel }>()
  const located = new Set<string>()
  for (const h of opts.halls) {
    configs.set(h.id, h)
    versions.set(h.id, 1)
    located.add(h.id)
  }
  for (const s of opts.district.sites.values()) if (configs.has(s.id)) located.add(s.id)
  return {
    catalogue: opts.catalogue,
    get: (site) => configs.get(site),
    version: (site) => versions.get(site) ?? 0,
    located: (site) => located.has(site),
    sites: () => [...configs.keys()],
    model(site) {
      const config = configs.get(site)
      if (config === undefined || config.windows.length === 0) return undefined
      const version = versions.get(site) ?? 0
      const cached = models.get(site)
      if (cached?.version === version) return cached.model
      const model = createHallModel(config, opts.catalogue)
      models.set(site, { version, model })
      return model
    },
    announce(site, data) {
      const base = configs.get(site)
      const districtSite = opts.district.sites.get(site)
      const next = withAnnouncement(base, site, data, {
        ...(districtSite === undefined ? {} : { location: districtSite.location }),
      })
      if (districtSite !== undefined) located.add(site)
      if (base !== undefined && JSON.stringify(base) === JSON.stringify(next)) return false
      configs.set(site, next)
      versions.set(site, (versions.get(site) ?? 0) + 1)
      return true
    },
  }
}
