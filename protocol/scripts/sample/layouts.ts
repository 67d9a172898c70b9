import type { WindowConfig } from '../../src/config/hall.js'
import type { PointRow, StationRow } from './data/district.js'

/*
 * Which categories each window serves. A window plan lists categories per window; `null` marks a
 * one-stop window (一窗通办), which serves every category the hall offers.
 */

export type Plan = (string[] | null)[]

const HJ_FRONT = ['HJ-SFZ', 'HJ-JZZ', 'HJ-ZM']
const HJ_BACK = ['HJ-QY', 'HJ-DJ', 'HJ-BG', 'HJ-FW']
const CRJ = ['CRJ-HZ', 'CRJ-GA', 'CRJ-TW', 'CRJ-QT']
const JG_STATION = ['JG-JSZ', 'JG-WF', 'JG-JY']
const ZA = ['ZA-TH', 'ZA-BA', 'ZA-WB', 'ZA-HD', 'ZA-ZH']

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value)

/** The hub: one-stop windows at the door, then 户政, 出入境, 车驾管, 治安 and the small branches. */
export const HUB_PLAN: Plan = [
  ...times(4, null), // 1–4 综合受理 (一窗通办)
  ...times(3, HJ_FRONT), // 5–7 身份证, 居住证, 证明
  ...times(2, [...HJ_BACK, 'HJ-ZM']), // 8–9 户口
  ...times(3, CRJ), // 10–12 出入境
  ['CRJ-WG', 'CRJ-QT', 'CRJ-HZ'], // 13 外国人
  ...times(3, ['JG-DJ', 'JG-HP', 'JG-JY']), // 14–16 车管
  ...times(2, ['JG-JSZ', 'JG-KS', 'JG-HP']), // 17–18 驾管
  ['JG-WF', 'JG-SG'], // 19 违法与事故
  ...times(2, ZA), // 20–21 治安
  ['WA-SW', 'WA-BA', 'JD-YZD', 'JD-FW'], // 22 网安, 禁毒
  ['XZ-BA', 'JS-KS', 'FZ-FY'], // 23 刑侦, 监管, 法制
  null, // 24 绿色通道 (一窗通办)
]

/**
 * A station: 户政 first, then 出入境, then 车驾管 when it has it; window 1 may be one-stop. Also
 * returns the categories the station offers (those of the plan before window 1 became one-stop).
 */
export function stationPlan(row: StationRow): { plan: Plan; categories: string[] } {
  const jg = row.traffic ? JG_STATION : []
  const plans: Record<number, string[][]> = {
    2: [
      [...HJ_FRONT, ...HJ_BACK],
      [...CRJ, ...HJ_FRONT, ...jg],
    ],
    3: [HJ_FRONT, [...HJ_BACK, ...HJ_FRONT], [...CRJ, ...jg]],
    4: [HJ_FRONT, [...HJ_BACK, ...HJ_FRONT], CRJ, row.traffic ? JG_STATION : [...CRJ, ...HJ_FRONT]],
    5: [HJ_FRONT, HJ_FRONT, HJ_BACK, CRJ, row.traffic ? JG_STATION : CRJ],
    6: [HJ_FRONT, HJ_FRONT, HJ_BACK, CRJ, CRJ, row.traffic ? JG_STATION : [...CRJ, ...HJ_FRONT]],
  }
  const full = plans[row.windows]
  if (full === undefined) throw new Error(`a station has 2–6 windows, not ${row.windows}`)
  const plan: Plan = row.oneStop ? [null, ...full.slice(1)] : full
  return { plan, categories: planCategories(full) }
}

/** Every category a plan names, in first-seen order. */
export function planCategories(plans: string[][]): string[] {
  return [...new Set(plans.flat())]
}

/** A point's windows, given the categories of the items it offers (户政 ones first). */
export function pointPlan(row: PointRow, categories: string[]): Plan {
  const hj = categories.filter((c) => c.startsWith('HJ-'))
  const rest = categories.filter((c) => !c.startsWith('HJ-'))
  if (row.layout === 'single') return [null]
  if (row.layout === 'hj+onestop') return [hj, null]
  return [hj, rest]
}

/** Windows `1`, `2`, … named `1号窗口`, … from a plan. */
export function windowsOf(plan: Plan): WindowConfig[] {
  return plan.map((cats, i) => {
    const no = String(i + 1)
    const name = `${no}号窗口`
    return cats === null
      ? { no, name, categories: [], oneStop: true }
      : { no, name, categories: cats }
  })
}
