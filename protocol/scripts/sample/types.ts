/*
 * The shapes of the hand-written source tables. Item codes are not written by hand: they are
 * numbered in table order within each branch (`HJ-001`, `HJ-002`, …), so append new items at the
 * end of a branch to keep existing codes stable.
 */

export interface ItemRow {
  /** Name as the halls show it. */
  name: string
  en: string
  /** Mean handling time, minutes. */
  min: number
  /** Relative share of visits. */
  d: number
  kw: string[]
  mat: string[]
  /** Can be done fully online (掌办). */
  online?: boolean
  /** 通办: can be handled at any hall of the district. */
  any?: boolean
  /** Coefficient of variation; when absent a stable value in 0.4–0.9 is derived from the code. */
  cv?: number
}

export interface CategoryRow {
  code: string
  name: string
  en: string
  prefix: string
  items: ItemRow[]
}

export interface BranchRow {
  code: string
  name: string
  en: string
  categories: CategoryRow[]
}
