import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { Catalogue } from '../catalogue/catalogue.js'
import { checkHall } from '../config/consistency.js'
import { HallConfig } from '../config/hall.js'
import type { Issue } from '../validate.js'
import { type Scenario, Scenario as ScenarioSchema } from './schema.js'

/*
 * A scenario is refused with every problem listed at once, so whoever writes one fixes it in
 * one go: first the schema (every failing field, not the first eight), then the references and
 * spans the schema cannot express.
 */

const checkers = new Map<TSchema, ReturnType<typeof TypeCompiler.Compile>>()
function checker(schema: TSchema) {
  let c = checkers.get(schema)
  if (c === undefined) {
    c = TypeCompiler.Compile(schema)
    checkers.set(schema, c)
  }
  return c
}

/** Every way `value` fails `schema`, as JSON pointers below `base`. */
export function schemaIssues(schema: TSchema, value: unknown, base = ''): Issue[] {
  const issues: Issue[] = []
  const seen = new Set<string>()
  for (const e of checker(schema).Errors(value)) {
    const issue = { path: base + e.path, reason: lowerFirst(e.message) }
    const key = `${issue.path}\u0000${issue.reason}`
    if (!seen.has(key)) {
      seen.add(key)
      issues.push(issue)
    }
  }
  return issues
}

export type ScenarioValidation = { ok: true; value: Scenario } | { ok: false; issues: Issue[] }

/**
 * Checks a parsed scenario file against the schema. Inline halls are checked against the hall
 * schema field by field (instead of one "expected a string or a hall" per hall).
 */
export function validateScenario(value: unknown): ScenarioValidation {
  const raw: unknown = value
  const valid: boolean = checker(ScenarioSchema).Check(raw)
  if (valid) return { ok: true, value: raw as Scenario }
  const issues: Issue[] = []
  const halls: unknown[] | undefined =
    isRecord(raw) && Array.isArray(raw.halls) ? (raw.halls as unknown[]) : undefined
  for (const issue of schemaIssues(ScenarioSchema, raw)) {
    const m = /^\/halls\/(\d+)(\/|$)/.exec(issue.path)
    if (m !== null && halls !== undefined && isRecord(halls[Number(m[1])])) continue
    issues.push(issue)
  }
  halls?.forEach((h, i) => {
    if (isRecord(h)) issues.push(...schemaIssues(HallConfig, h, `/halls/${i}`))
  })
  return { ok: false, issues }
}

/** What a scenario refers to, once its files are read. */
export interface ScenarioContext {
  catalogue: Catalogue
  /** Every hall the scenario may use, in scenario order, with where each came from (a JSON pointer or file). */
  halls: Array<{ config: import('../config/hall.js').HallConfig; source: string }>
}

const HALF_HOUR = /^([01][0-9]|2[0-3]):(00|30)$/

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1)
}

function realDate(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar day. */
export function isoWeekday(day: string): number {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay()
  return wd === 0 ? 7 : wd
}

function span(issues: Issue[], path: string, from: string, to: string) {
  if (from >= to) issues.push({ path: `${path}/to`, reason: `ends at ${to}, not after ${from}` })
}

/**
 * The checks a schema cannot express: every hall, window, item and date the scenario names must
 * exist; spans must end after they start; shares must add up. Returns every problem found.
 */
export function checkScenario(scenario: Scenario, context: ScenarioContext): Issue[] {
  const issues: Issue[] = []
  const { catalogue } = context
  if (scenario.district === undefined && scenario.halls === undefined) {
    issues.push({ path: '/halls', reason: 'name a district file or list the halls' })
  }
  const halls = new Map<string, import('../config/hall.js').HallConfig>()
  for (const { config, source } of context.halls) {
    if (halls.has(config.id)) {
      issues.push({ path: source, reason: `hall ${config.id} appears twice` })
      continue
    }
    halls.set(config.id, config)
    for (const issue of checkHall(config, catalogue)) {
      issues.push({ path: `${source}${issue.path}`, reason: issue.reason })
    }
  }
  const items = new Set(catalogue.items.map((i) => i.code))
  const hallRef = (path: string, id: string) => {
    if (!halls.has(id)) issues.push({ path, reason: `no hall ${id} in this scenario` })
    return halls.get(id)
  }
  const itemRef = (path: string, code: string) => {
    if (!items.has(code)) issues.push({ path, reason: `no item ${code} in the catalogue` })
  }
  scenario.sites?.forEach((s, i) => {
    hallRef(`/sites/${i}`, s)
  })
  const selected = [...halls.values()].filter(
    (h) => scenario.sites === undefined || scenario.sites.includes(h.id),
  )

  const dates = new Set<string>()
  scenario.days.forEach((d, i) => {
    if (!realDate(d.date)) {
      issues.push({ path: `/days/${i}/date`, reason: `${d.date} is not a calendar date` })
      return
    }
    if (dates.has(d.date)) issues.push({ path: `/days/${i}/date`, reason: `${d.date} repeats` })
    dates.add(d.date)
    const wd = isoWeekday(d.date)
    if (selected.length > 0 && !selected.some((h) => h.hours.some((o) => o.days.includes(wd)))) {
      issues.push({ path: `/days/${i}/date`, reason: `no hall of the scenario opens on ${d.date}` })
    }
  })

  const a = scenario.arrivals
  if (a?.profile !== undefined) {
    const keys = Object.keys(a.profile)
    for (const k of keys) {
      if (!HALF_HOUR.test(k))
        issues.push({
          path: `/arrivals/profile/${k}`,
          reason: 'keys are half-hours, HH:00 or HH:30',
        })
    }
    if (!Object.values(a.profile).some((w) => w > 0))
      issues.push({
        path: '/arrivals/profile',
        reason: 'at least one half-hour needs a weight above 0',
      })
  }
  for (const id of Object.keys(a?.halls ?? {})) hallRef(`/arrivals/halls/${id}`, id)
  for (const code of Object.keys(a?.demand ?? {})) itemRef(`/arrivals/demand/${code}`, code)
  a?.surges?.forEach((s, i) => {
    const p = `/arrivals/surges/${i}`
    s.halls?.forEach((h, j) => {
      hallRef(`${p}/halls/${j}`, h)
    })
    s.items?.forEach((c, j) => {
      itemRef(`${p}/items/${j}`, c)
    })
    s.dates?.forEach((d, j) => {
      if (!dates.has(d))
        issues.push({ path: `${p}/dates/${j}`, reason: `${d} is not a day of the scenario` })
    })
    span(issues, p, s.from, s.to)
  })

  for (const code of Object.keys(scenario.service?.items ?? {}))
    itemRef(`/service/items/${code}`, code)

  const st = scenario.staffing
  if (st?.lunch !== undefined) span(issues, '/staffing/lunch', st.lunch.from, st.lunch.to)
  for (const [id, hs] of Object.entries(st?.halls ?? {})) {
    const p = `/staffing/halls/${id}`
    const hall = hallRef(p, id)
    if (hall === undefined) continue
    const windows = new Set(hall.windows.map((w) => w.no))
    const windowRef = (path: string, no: string) => {
      if (!windows.has(no)) issues.push({ path, reason: `hall ${id} has no window ${no}` })
    }
    hs.absent?.forEach((no, j) => {
      windowRef(`${p}/absent/${j}`, no)
    })
    for (const [no, shifts] of Object.entries(hs.shifts ?? {})) {
      windowRef(`${p}/shifts/${no}`, no)
      shifts.forEach((s, j) => {
        span(issues, `${p}/shifts/${no}/${j}`, s.from, s.to)
      })
    }
    for (const no of Object.keys(hs.speed ?? {})) windowRef(`${p}/speed/${no}`, no)
    if (hs.absent !== undefined && hs.absent.length === hall.windows.length) {
      issues.push({
        path: `${p}/absent`,
        reason: `every window of ${id} is absent: nobody would be served`,
      })
    }
  }

  const pa = scenario.patience
  if (
    pa !== undefined &&
    pa.distribution !== 'none' &&
    !(pa.meanMinutes !== undefined && pa.meanMinutes > 0)
  ) {
    issues.push({
      path: '/patience/meanMinutes',
      reason: `a ${pa.distribution} patience needs a mean above 0`,
    })
  }
  const pr = scenario.priorities
  if (pr !== undefined) {
    const sum =
      (pr.elderly ?? 0) + (pr.disabled ?? 0) + (pr.appointment ?? 0) + (pr.enterprise ?? 0)
    if (sum > 1 + 1e-9)
      issues.push({ path: '/priorities', reason: `shares add up to ${sum}, more than 1` })
  }
  scenario.transfers?.items?.forEach((c, j) => {
    itemRef(`/transfers/items/${j}`, c)
  })
  return issues
}
