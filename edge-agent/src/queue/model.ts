import {
  type Catalogue,
  type Category,
  type HallConfig,
  type Item,
  offeredItems,
  prefixOf,
  type WindowConfig,
  windowCategories,
} from '@qms/protocol'
import { LocalDayCache } from './local-time.js'

/** The rules that shape who is called next; the hall file's `rules`, changed by the cloud. */
export interface QueueRules {
  /** How often a called ticket may be recalled (default 3). */
  recallLimit: number
  /** Priority tickets called in a row by a window while an ordinary eligible ticket waits (default 3). */
  priorityCap: number
}

export const DEFAULT_RULES: QueueRules = { recallLimit: 3, priorityCap: 3 }
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

export interface WindowModel {
  no: string
  name: string
  oneStop: boolean
  config: WindowConfig
  /** Categories this window serves (all of the hall's for a one-stop window). */
  categories: ReadonlySet<string>
}

/**
 * Everything fixed about a hall for a day: the catalogue and what the hall offers, its windows
 * and who serves what, its prefixes and time zone. Built once from the hall file; shared by every
 * state and clone.
 */
export interface HallModel {
  readonly site: string
  readonly hall: HallConfig
  readonly catalogue: Catalogue
  readonly timeZone: string
  /** Every catalogue item by code (an unknown code is UNKNOWN_ITEM, a known one not offered ITEM_NOT_OFFERED). */
  readonly items: ReadonlyMap<string, Item>
  readonly categories: ReadonlyMap<string, Category>
  /** Items this hall offers, in catalogue order. */
  readonly offered: ReadonlyMap<string, Item>
  readonly windows: ReadonlyMap<string, WindowModel>
  /** Windows that serve a category. */
  readonly windowsByCategory: ReadonlyMap<string, readonly string[]>
  /**
   * Categories that share at least one window with a category: the tickets a window serving this
   * category might call instead, so the people "ahead" as that ticket's windows see it.
   */
  readonly coServed: ReadonlyMap<string, ReadonlySet<string>>
  /** Ticket prefix of each category in this hall. */
  readonly prefixes: ReadonlyMap<string, string>
  /** Rules from the hall file, with defaults. */
  readonly rules: QueueRules
  /** Hashes a person id into the key kept in events (the edge passes a salted HMAC). */
  readonly hashPerson: (personId: string) => string
  /** Local day of an instant in the hall's time zone. */
  dayOf(epochMs: number): string
}

export interface HallModelOptions {
  /**
   * Turns a person id into the key kept in state and events (16–64 hex characters). The edge
   * passes a salted HMAC; the default, an unsalted 64-bit FNV-1a, is for simulations only.
   */
  hashPerson?: (personId: string) => string
}

/** Builds the model of a hall. The config is assumed valid (`HallConfig` schema and `checkHall`). */
export function createHallModel(
  hall: HallConfig,
  catalogue: Catalogue,
  options: HallModelOptions = {},
): HallModel {
  const items = new Map(catalogue.items.map((i) => [i.code, i]))
  const categories = new Map(catalogue.categories.map((c) => [c.code, c]))
  const offered = new Map(offeredItems(hall, catalogue).map((i) => [i.code, i]))
  const windows = new Map<string, WindowModel>()
  const windowsByCategory = new Map<string, string[]>()
  for (const w of hall.windows) {
    const cats = windowCategories(w, hall, catalogue)
    windows.set(w.no, {
      no: w.no,
      name: w.name,
      oneStop: w.oneStop === true,
      config: w,
      categories: cats,
    })
    for (const c of cats) {
      const list = windowsByCategory.get(c)
      if (list === undefined) windowsByCategory.set(c, [w.no])
      else list.push(w.no)
    }
  }
  const coServed = new Map<string, Set<string>>()
  for (const [category, nos] of windowsByCategory) {
    const set = new Set<string>()
    for (const no of nos) for (const c of windows.get(no)!.categories) set.add(c)
    coServed.set(category, set)
  }
  const prefixes = new Map<string, string>()
  for (const c of catalogue.categories) prefixes.set(c.code, prefixOf(c, hall))
  const timeZone = hall.timezone ?? DEFAULT_TIME_ZONE
  const days = new LocalDayCache(timeZone)
  return {
    site: hall.id,
    hall,
    catalogue,
    timeZone,
    items,
    categories,
    offered,
    windows,
    windowsByCategory,
    coServed,
    prefixes,
    rules: {
      recallLimit: hall.rules?.recallLimit ?? DEFAULT_RULES.recallLimit,
      priorityCap: hall.rules?.priorityCap ?? DEFAULT_RULES.priorityCap,
    },
    hashPerson: options.hashPerson ?? fnv1a64,
    dayOf: (epochMs) => days.dayOf(epochMs),
  }
}

/** 64-bit FNV-1a as 16 hex digits: deterministic and dependency-free, not a secret-keeping hash. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n
  for (const ch of new TextEncoder().encode(text)) {
    h ^= BigInt(ch)
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}
