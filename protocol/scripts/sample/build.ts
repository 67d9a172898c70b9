import { type Catalogue, Catalogue as CatalogueSchema } from '../../src/catalogue/catalogue.js'
import { checkCatalogue, checkHall } from '../../src/config/consistency.js'
import {
  type DistrictConfig,
  DistrictConfig as DistrictSchema,
  type HallConfig,
  HallConfig as HallSchema,
} from '../../src/config/hall.js'
import { type Issue, validate } from '../../src/validate.js'
import { buildCatalogue } from './catalogue.js'
import { DISTRICT, FIRST_PRINTER_PORT } from './data/district.js'
import { buildHalls } from './halls.js'
import { toJson } from './json.js'

/* The whole sample, in memory: its values, its files, and every problem with them. */

export interface Sample {
  catalogue: Catalogue
  district: DistrictConfig
  halls: HallConfig[]
}

/** A problem in one of the sample's files. */
export interface FileIssue extends Issue {
  file: string
}

export const CATALOGUE_FILE = 'catalogue.json'
export const DISTRICT_FILE = 'district.json'
export const hallFile = (id: string) => `halls/${id}.json`

export function buildSample(): Sample {
  const catalogue = buildCatalogue()
  const halls = buildHalls(catalogue, FIRST_PRINTER_PORT)
  const district: DistrictConfig = {
    id: DISTRICT.id,
    name: DISTRICT.name,
    nameEn: DISTRICT.nameEn,
    timezone: DISTRICT.timezone,
    catalogue: CATALOGUE_FILE,
    halls: halls.map((h) => hallFile(h.id)),
  }
  return { catalogue, district, halls }
}

/** The files of the sample, by path relative to `protocol/sample/`, in writing order. */
export function sampleFiles(sample: Sample): Map<string, string> {
  const files = new Map<string, string>()
  files.set(CATALOGUE_FILE, toJson(sample.catalogue))
  files.set(DISTRICT_FILE, toJson(sample.district))
  for (const hall of sample.halls) files.set(hallFile(hall.id), toJson(hall))
  return files
}

function schemaIssues(file: string, result: ReturnType<typeof validate>): FileIssue[] {
  return result.ok ? [] : result.error.issues.map((i) => ({ file, ...i }))
}

/** Schema and consistency problems of every file of the sample (empty when all is well). */
export function checkSample(sample: Sample): FileIssue[] {
  const issues: FileIssue[] = [
    ...schemaIssues(CATALOGUE_FILE, validate(CatalogueSchema, sample.catalogue)),
    ...checkCatalogue(sample.catalogue).map((i) => ({ file: CATALOGUE_FILE, ...i })),
    ...schemaIssues(DISTRICT_FILE, validate(DistrictSchema, sample.district)),
  ]
  for (const hall of sample.halls) {
    const file = hallFile(hall.id)
    issues.push(...schemaIssues(file, validate(HallSchema, hall)))
    issues.push(...checkHall(hall, sample.catalogue).map((i) => ({ file, ...i })))
  }
  return issues
}
