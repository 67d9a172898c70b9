import type { Catalogue } from '../catalogue/catalogue.js'
import type { Issue } from '../validate.js'
import type { HallConfig } from './hall.js'
import { hallCategories, offeredItems, windowCategories } from './offer.js'

/*
 * Checks that schemas cannot express: references that must exist, codes that must be unique.
 * Each returns every problem found (empty when consistent), with a JSON pointer to the field.
 */

function duplicates<T>(list: T[], key: (t: T) => string, path: string, what: string): Issue[] {
  const seen = new Map<string, number>()
  const issues: Issue[] = []
  list.forEach((t, i) => {
    const k = key(t)
    const first = seen.get(k)
    if (first !== undefined)
      issues.push({ path: `${path}/${i}`, reason: `${what} ${k} repeats ${path}/${first}` })
    else seen.set(k, i)
  })
  return issues
}

export function checkCatalogue(catalogue: Catalogue): Issue[] {
  const issues: Issue[] = [
    ...duplicates(catalogue.branches, (b) => b.code, '/branches', 'branch code'),
    ...duplicates(catalogue.categories, (c) => c.code, '/categories', 'category code'),
    ...duplicates(catalogue.items, (i) => i.code, '/items', 'item code'),
  ]
  const branches = new Set(catalogue.branches.map((b) => b.code))
  const prefixBranch = new Map<string, string>()
  catalogue.categories.forEach((c, i) => {
    if (!branches.has(c.branch))
      issues.push({ path: `/categories/${i}/branch`, reason: `unknown branch ${c.branch}` })
    const owner = prefixBranch.get(c.prefix)
    if (owner !== undefined && owner !== c.branch) {
      issues.push({
        path: `/categories/${i}/prefix`,
        reason: `prefix ${c.prefix} already belongs to branch ${owner}`,
      })
    } else prefixBranch.set(c.prefix, c.branch)
  })
  const categories = new Set(catalogue.categories.map((c) => c.code))
  catalogue.items.forEach((item, i) => {
    if (!categories.has(item.category)) {
      issues.push({ path: `/items/${i}/category`, reason: `unknown category ${item.category}` })
    }
    if (item.online && item.onlineUrl === undefined) {
      issues.push({
        path: `/items/${i}/onlineUrl`,
        reason: 'an item that can be done online needs its 掌办 link',
      })
    }
  })
  return issues
}

const NEEDS_WINDOW = new Set(['caller', 'window-display', 'sensor', 'evaluator'])

export function checkHall(hall: HallConfig, catalogue: Catalogue): Issue[] {
  const issues: Issue[] = [
    ...duplicates(hall.windows, (w) => w.no, '/windows', 'window'),
    ...duplicates(hall.devices, (d) => d.id, '/devices', 'device'),
    ...duplicates(hall.printers ?? [], (p) => p.id, '/printers', 'printer'),
    ...duplicates(hall.serial ?? [], (s) => s.path, '/serial', 'serial path'),
  ]
  const categories = new Map(catalogue.categories.map((c) => [c.code, c]))
  const windows = new Set(hall.windows.map((w) => w.no))
  const printers = new Set((hall.printers ?? []).map((p) => p.id))
  const devices = new Map(hall.devices.map((d) => [d.id, d]))

  hall.hours.forEach((h, i) => {
    if (h.open >= h.close)
      issues.push({
        path: `/hours/${i}/close`,
        reason: `closes at ${h.close}, not after it opens at ${h.open}`,
      })
  })
  hall.windows.forEach((w, i) => {
    if (w.oneStop !== true && w.categories.length === 0) {
      issues.push({
        path: `/windows/${i}/categories`,
        reason: 'a window serves at least one category, or is oneStop',
      })
    }
    w.categories.forEach((c, j) => {
      if (!categories.has(c))
        issues.push({ path: `/windows/${i}/categories/${j}`, reason: `unknown category ${c}` })
    })
  })
  hall.devices.forEach((d, i) => {
    if (d.window !== undefined && !windows.has(d.window)) {
      issues.push({ path: `/devices/${i}/window`, reason: `no window ${d.window} in this hall` })
    }
    if (d.window === undefined && NEEDS_WINDOW.has(d.kind)) {
      issues.push({ path: `/devices/${i}/window`, reason: `a ${d.kind} belongs to a window` })
    }
    if (d.printer !== undefined && !printers.has(d.printer)) {
      issues.push({ path: `/devices/${i}/printer`, reason: `no printer ${d.printer} in this hall` })
    }
  })
  ;(hall.serial ?? []).forEach((s, i) => {
    const d = devices.get(s.device)
    if (d === undefined)
      issues.push({ path: `/serial/${i}/device`, reason: `no device ${s.device} in this hall` })
    else if (d.kind !== 'caller')
      issues.push({
        path: `/serial/${i}/device`,
        reason: `device ${s.device} is a ${d.kind}, not a caller`,
      })
    if (!windows.has(s.window))
      issues.push({ path: `/serial/${i}/window`, reason: `no window ${s.window} in this hall` })
  })
  for (const code of Object.keys(hall.prefixes ?? {})) {
    if (!categories.has(code))
      issues.push({ path: `/prefixes/${code}`, reason: `unknown category ${code}` })
  }

  const itemCodes = new Set(catalogue.items.map((i) => i.code))
  ;(hall.items ?? []).forEach((code, i) => {
    if (!itemCodes.has(code)) issues.push({ path: `/items/${i}`, reason: `unknown item ${code}` })
  })
  const served = new Set<string>()
  for (const w of hall.windows) for (const c of windowCategories(w, hall, catalogue)) served.add(c)
  const offered = offeredItems(hall, catalogue)
  offered.forEach((item) => {
    if (!served.has(item.category)) {
      const i = (hall.items ?? []).indexOf(item.code)
      issues.push({
        path: `/items/${i}`,
        reason: `no window serves ${item.code} (category ${item.category})`,
      })
    }
  })
  if (offered.length === 0) issues.push({ path: '/items', reason: 'the hall offers no item' })

  // A prefix numbers one branch's tickets: two branches sharing one would mix their sequences.
  const prefixOwner = new Map<string, string>()
  for (const code of hallCategories(hall, catalogue)) {
    const cat = categories.get(code)
    if (cat === undefined) continue
    const prefix = hall.prefixes?.[code] ?? cat.prefix
    const owner = prefixOwner.get(prefix)
    if (owner !== undefined && owner !== cat.branch) {
      issues.push({
        path: `/prefixes/${code}`,
        reason: `prefix ${prefix} is used by branches ${owner} and ${cat.branch} in this hall`,
      })
    } else prefixOwner.set(prefix, cat.branch)
  }
  return issues
}
