import { pinyin } from 'pinyin-pro'
import type { Catalogue, Item } from '../../src/catalogue/catalogue.js'
import { CRJ } from './data/crj.js'
import { HJ } from './data/hj.js'
import { JG } from './data/jg.js'
import { FZ, JD, JS, WA, XZ } from './data/misc.js'
import { ZA } from './data/za.js'
import { round, seeded } from './random.js'
import type { BranchRow, ItemRow } from './types.js'

/* Builds the sample catalogue from the hand-written tables. */

export const CATALOGUE_VERSION = 'sample-2026.1'

/** The nine branches (警种) of the sample, in the order the hub's windows run. */
export const BRANCHES: BranchRow[] = [HJ, CRJ, JG, ZA, WA, JD, XZ, JS, FZ]

/** The fictional 掌办 (handle-on-the-phone) site. */
export const ONLINE_BASE = 'https://zhangban.example.gov.cn/item/'

/** Pinyin initials of a name for kiosk search: `居民身份证换领` → `jmsfzhl`. */
export function initials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

function itemOf(row: ItemRow, code: string, category: string): Item {
  const online = row.online === true
  return {
    code,
    name: row.name,
    nameEn: row.en,
    category,
    keywords: row.kw,
    pinyin: initials(row.name),
    meanMinutes: row.min,
    cv: row.cv ?? round(0.4 + 0.5 * seeded(`cv:${code}`)(), 2),
    online,
    ...(online ? { onlineUrl: `${ONLINE_BASE}${code}` } : {}),
    materials: row.mat,
    anywhere: row.any === true,
    demand: row.d,
  }
}

export function buildCatalogue(branches: BranchRow[] = BRANCHES): Catalogue {
  const catalogue: Catalogue = {
    version: CATALOGUE_VERSION,
    branches: [],
    categories: [],
    items: [],
  }
  for (const branch of branches) {
    catalogue.branches.push({ code: branch.code, name: branch.name, nameEn: branch.en })
    let n = 0
    for (const cat of branch.categories) {
      catalogue.categories.push({
        code: cat.code,
        name: cat.name,
        nameEn: cat.en,
        branch: branch.code,
        prefix: cat.prefix,
      })
      for (const row of cat.items) {
        n += 1
        catalogue.items.push(itemOf(row, `${branch.code}-${String(n).padStart(3, '0')}`, cat.code))
      }
    }
  }
  return catalogue
}
