import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type Catalogue,
  Catalogue as CatalogueSchema,
  DistrictConfig,
  HallConfig,
  type Location,
  QmsError,
  type SiteKind,
  validate,
} from '@qms/protocol'
import type { Static, TSchema } from '@sinclair/typebox'

/*
 * The district as configured: its halls with their names, kinds and locations, and the item
 * catalogue. Halls that are not configured still appear in the cloud as soon as their events
 * arrive; the configuration only adds what the events do not say (location, address).
 */

export interface DistrictSite {
  id: string
  name: string
  nameEn?: string
  kind: SiteKind
  address?: string
  location: Location
  timezone: string
}

export interface District {
  id: string
  name: string
  nameEn?: string
  timezone: string
  sites: ReadonlyMap<string, DistrictSite>
  /** Category of an item from the catalogue. */
  categoryOf(item: string): string | undefined
  catalogue?: Catalogue
}

/** A district with no configured halls: every hall is learnt from its events. */
export function emptyDistrict(timezone = 'Asia/Shanghai'): District {
  return {
    id: 'district',
    name: 'district',
    timezone,
    sites: new Map(),
    categoryOf: () => undefined,
  }
}

async function readValid<T extends TSchema>(schema: T, file: string): Promise<Static<T>> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new QmsError('CONFIG_INVALID', `${file}: ${(err as Error).message}`, { cause: err })
  }
  const result = validate(schema, json)
  if (!result.ok) throw new QmsError('CONFIG_INVALID', `${file}: ${result.error.message}`)
  return result.value
}

/** Loads and validates a district file, its catalogue and its hall files. */
export async function loadDistrict(file: string): Promise<District> {
  const path = resolve(file)
  const base = dirname(path)
  const config = await readValid(DistrictConfig, path)
  const catalogue = await readValid(CatalogueSchema, join(base, config.catalogue))
  const sites = new Map<string, DistrictSite>()
  for (const hallFile of config.halls) {
    const hall = await readValid(HallConfig, join(base, hallFile))
    const site: DistrictSite = {
      id: hall.id,
      name: hall.name,
      kind: hall.kind,
      location: hall.location,
      timezone: hall.timezone ?? config.timezone,
    }
    if (hall.nameEn !== undefined) site.nameEn = hall.nameEn
    if (hall.address !== undefined) site.address = hall.address
    if (sites.has(hall.id))
      throw new QmsError('CONFIG_INVALID', `${hallFile}: hall ${hall.id} repeats`)
    sites.set(hall.id, site)
  }
  const categories = new Map(catalogue.items.map((i) => [i.code, i.category]))
  const district: District = {
    id: config.id,
    name: config.name,
    timezone: config.timezone,
    sites,
    categoryOf: (item) => categories.get(item),
    catalogue,
  }
  if (config.nameEn !== undefined) district.nameEn = config.nameEn
  return district
}

/** The sample district shipped with the protocol package. */
export function sampleDistrictPath(): string {
  // The protocol package's entry is <root>/src/index.ts or <root>/dist/src/index.js.
  let dir = dirname(fileURLToPath(import.meta.resolve('@qms/protocol')))
  for (let i = 0; i < 4; i++) {
    if (dir.endsWith('/src') || dir.endsWith('/dist')) dir = dirname(dir)
  }
  return join(dir, 'sample', 'district.json')
}
