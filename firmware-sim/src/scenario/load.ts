import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import {
  type Catalogue,
  Catalogue as CatalogueSchema,
  checkCatalogue,
  checkScenario,
  DistrictConfig,
  type HallConfig,
  HallConfig as HallConfigSchema,
  type Issue,
  type Scenario,
  type ScenarioContext,
  schemaIssues,
  validateScenario,
} from '@qms/protocol'

/*
 * Reading a scenario and everything it names (district, catalogue, hall files), then checking
 * it all: the result is either a scenario ready to run or every problem found, each with the
 * file and JSON pointer it is about.
 */

export interface LoadedScenario {
  scenario: Scenario
  catalogue: Catalogue
  /** The halls simulated (after `sites`), in scenario order. */
  halls: HallConfig[]
  /** Every hall the scenario knows (guidance may point at any of them). */
  allHalls: HallConfig[]
}

export type LoadResult = { ok: true; value: LoadedScenario } | { ok: false; issues: Issue[] }

type Read = { ok: true; value: unknown } | { ok: false; issue: Issue }

function readJson(file: string): Read {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    return {
      ok: false,
      issue: {
        path: file,
        reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      },
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, issue: { path: file, reason: `not JSON: ${(err as Error).message}` } }
  }
}

const at = (file: string, issues: Issue[]): Issue[] =>
  issues.map((i) => ({ path: `${file}#${i.path}`, reason: i.reason }))

/** Reads and checks a scenario file. */
export function loadScenario(file: string): LoadResult {
  const read = readJson(file)
  if (!read.ok) return { ok: false, issues: [read.issue] }
  return resolveScenario(read.value, { baseDir: dirname(resolve(file)), label: file })
}

/**
 * Checks a parsed scenario and reads what it names, relative to `baseDir`. `label` prefixes the
 * scenario's own JSON pointers in issues (default `scenario`).
 */
export function resolveScenario(
  value: unknown,
  options: { baseDir: string; label?: string },
): LoadResult {
  const label = options.label ?? 'scenario'
  const v = validateScenario(value)
  if (!v.ok) return { ok: false, issues: at(label, v.issues) }
  const scenario = v.value
  const issues: Issue[] = []
  const halls: ScenarioContext['halls'] = []
  let catalogueFile: string | undefined =
    scenario.catalogue === undefined ? undefined : resolve(options.baseDir, scenario.catalogue)

  // `source` prefixes the hall's JSON pointers in issues: `file#` or `scenario#/halls/2`.
  const addHall = (raw: unknown, source: string, file: string | undefined) => {
    const hi = schemaIssues(HallConfigSchema, raw)
    if (hi.length > 0) {
      issues.push(...hi.map((i) => ({ path: `${source}${i.path}`, reason: i.reason })))
      return
    }
    const config = raw as HallConfig
    if (catalogueFile === undefined && config.catalogue !== undefined && file !== undefined) {
      catalogueFile = resolve(dirname(file), config.catalogue)
    }
    halls.push({ config, source })
  }

  if (scenario.district !== undefined) {
    const file = resolve(options.baseDir, scenario.district)
    const d = readJson(file)
    if (!d.ok) issues.push({ path: `${label}#/district`, reason: d.issue.reason })
    else {
      const di = schemaIssues(DistrictConfig, d.value)
      if (di.length > 0) issues.push(...at(file, di))
      else {
        const district = d.value as DistrictConfig
        const dir = dirname(file)
        catalogueFile ??= resolve(dir, district.catalogue)
        for (const h of district.halls) {
          const hf = resolve(dir, h)
          const r = readJson(hf)
          if (!r.ok) issues.push(r.issue)
          else addHall(r.value, `${hf}#`, hf)
        }
      }
    }
  }
  scenario.halls?.forEach((h, i) => {
    if (typeof h === 'string') {
      const hf = resolve(options.baseDir, h)
      const r = readJson(hf)
      if (!r.ok) issues.push({ path: `${label}#/halls/${i}`, reason: r.issue.reason })
      else addHall(r.value, `${hf}#`, hf)
    } else addHall(h, `${label}#/halls/${i}`, undefined)
  })

  let catalogue: Catalogue | undefined
  if (catalogueFile === undefined) {
    issues.push({
      path: `${label}#/catalogue`,
      reason: 'no catalogue: name one, or a district or hall file that does',
    })
  } else {
    const c = readJson(catalogueFile)
    if (!c.ok) issues.push(c.issue)
    else {
      const ci = schemaIssues(CatalogueSchema, c.value)
      if (ci.length > 0) issues.push(...at(catalogueFile, ci))
      else {
        catalogue = c.value as Catalogue
        issues.push(...at(catalogueFile, checkCatalogue(catalogue)))
      }
    }
  }
  if (catalogue !== undefined) {
    for (const issue of checkScenario(scenario, { catalogue, halls })) {
      // Hall issues come back prefixed with their source already; the rest are the scenario's.
      issues.push(
        issue.path.includes('#') ? issue : { path: `${label}#${issue.path}`, reason: issue.reason },
      )
    }
  }
  if (issues.length > 0 || catalogue === undefined) return { ok: false, issues }
  const allHalls = halls.map((h) => h.config)
  const selected = allHalls.filter(
    (h) => scenario.sites === undefined || scenario.sites.includes(h.id),
  )
  return { ok: true, value: { scenario, catalogue, halls: selected, allHalls } }
}
