import type { Catalogue, Category, Item } from '../catalogue/catalogue.js'
import type { HallConfig, WindowConfig } from './hall.js'

/*
 * What a hall offers, derived from its configuration and the catalogue. Pure functions shared by
 * the edge (numbering, eligibility), the cloud (prediction, balancing) and the simulator.
 */

/** The categories a window serves; a one-stop window (一窗通办) serves all the hall's categories. */
export function windowCategories(
  window: WindowConfig,
  hall: HallConfig,
  catalogue: Catalogue,
): Set<string> {
  if (window.oneStop === true) return hallCategories(hall, catalogue)
  return new Set(window.categories)
}

/**
 * The categories the hall offers: those of its explicit `items`, else every category any window
 * lists (a one-stop window may list some to widen the hall). Only when no window lists any and
 * there is no item list does the hall offer the whole catalogue.
 */
export function hallCategories(hall: HallConfig, catalogue: Catalogue): Set<string> {
  if (hall.items !== undefined) {
    const byCode = new Map(catalogue.items.map((i) => [i.code, i]))
    const fromItems = new Set<string>()
    for (const code of hall.items) {
      const item = byCode.get(code)
      if (item !== undefined) fromItems.add(item.category)
    }
    return fromItems
  }
  const fromWindows = new Set<string>()
  for (const w of hall.windows) for (const c of w.categories) fromWindows.add(c)
  if (fromWindows.size > 0) return fromWindows
  return new Set(catalogue.categories.map((c) => c.code))
}

/** Items the hall offers: its explicit list, or every item of the categories its windows serve. */
export function offeredItems(hall: HallConfig, catalogue: Catalogue): Item[] {
  if (hall.items !== undefined) {
    const wanted = new Set(hall.items)
    return catalogue.items.filter((i) => wanted.has(i.code))
  }
  const cats = hallCategories(hall, catalogue)
  return catalogue.items.filter((i) => cats.has(i.category))
}

/** The ticket prefix of a category in this hall: the hall's override, else the catalogue's. */
export function prefixOf(category: Category, hall: HallConfig): string {
  return hall.prefixes?.[category.code] ?? category.prefix
}

/** Windows of the hall that may serve an item. */
export function windowsForItem(item: Item, hall: HallConfig, catalogue: Catalogue): WindowConfig[] {
  return hall.windows.filter((w) => windowCategories(w, hall, catalogue).has(item.category))
}
