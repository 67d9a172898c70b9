import type { HallModel } from '@qms/edge-agent/queue'
import type { Guidance, Item } from '@qms/protocol'
import type { BalanceOptions } from '../balance/index.js'
import type { BalanceSnapshot } from './balance-snapshot.js'
import type { DistrictView } from './district-view.js'
import { recommendFor } from './recommend.js'

/*
 * The guidance banner of a hall (hall screen, kiosk before taking, printed ticket): a manager's
 * notices first; then, for each busy category (its newcomer wait at least `busyMinutes`), the
 * 掌办 link of its items that can be done on the phone, and — while diversion is on — a nearby
 * hall that is clearly shorter for it ("X厅 更短"), by the balancer. At most 16 entries (the
 * protocol's limit), the busiest categories first.
 */

export interface ManualNotice {
  text: string
  textEn?: string
  /** ISO instant after which it is not shown. */
  until?: string
}

export interface BannerInput {
  model: HallModel
  snapshot: BalanceSnapshot | undefined
  view: DistrictView
  diversion: boolean
  manual: readonly ManualNotice[]
  busyMinutes: number
  now: number
  balance?: BalanceOptions
}

const MAX = 16
const ONLINE_PER_CATEGORY = 2

const byDemand = (a: Item, b: Item) => (b.demand ?? 0) - (a.demand ?? 0)

/** The busy categories of a hall, busiest first, with their newcomer wait. */
export function busyCategories(
  model: HallModel,
  snapshot: BalanceSnapshot | undefined,
  busyMinutes: number,
): Array<{ category: string; minutes: number }> {
  if (snapshot === undefined) return []
  const worst = new Map<string, number>()
  for (const [code, [minutes]] of Object.entries(snapshot.waits)) {
    const c = model.offered.get(code)?.category
    if (c !== undefined && minutes > (worst.get(c) ?? -1)) worst.set(c, minutes)
  }
  return [...worst]
    .filter(([, m]) => m >= busyMinutes)
    .sort((a, b) => b[1] - a[1])
    .map(([category, minutes]) => ({ category, minutes }))
}

export function bannerOf(input: BannerInput): Guidance[] {
  const { model, now } = input
  const out: Guidance[] = []
  for (const n of input.manual) {
    if (n.until !== undefined && Date.parse(n.until) <= now) continue
    const g: Guidance = { kind: 'notice', text: n.text }
    if (n.textEn !== undefined) g.textEn = n.textEn
    if (n.until !== undefined) g.until = n.until
    out.push(g)
  }
  for (const { category } of busyCategories(model, input.snapshot, input.busyMinutes)) {
    const items = [...model.offered.values()].filter((i) => i.category === category).sort(byDemand)
    for (const item of items.filter((i) => i.online && i.onlineUrl).slice(0, ONLINE_PER_CATEGORY)) {
      out.push({
        kind: 'online',
        item: item.code,
        category,
        text: `${item.name}可“掌上办”：扫码即可在手机上办理，无需排队`.slice(0, 200),
        textEn:
          `${item.nameEn ?? item.code} can be done on your phone: scan the code, no need to queue.`.slice(
            0,
            300,
          ),
        url: item.onlineUrl!,
      })
    }
    if (!input.diversion) continue
    // The category's most asked-for item that any hall may handle (通办) and needs the hall.
    const movable = items.find((i) => i.anywhere && !(i.online && i.onlineUrl))
    if (movable === undefined) continue
    const { rec, result } = recommendFor(
      input.view,
      movable,
      { site: model.site },
      { now, ...(input.balance === undefined ? {} : { balance: input.balance }) },
    )
    if (rec.decision !== 'hall' || rec.site === undefined) continue
    const advice = result.guidance.find((g) => g.kind === 'hall')
    if (advice === undefined) continue
    const name = model.categories.get(category)?.name ?? category
    const { item: _item, ...rest } = advice
    out.push({
      ...rest,
      category,
      text: `${name}业务：${advice.text}`.slice(0, 200),
      ...(advice.textEn === undefined
        ? {}
        : { textEn: `${category}: ${advice.textEn}`.slice(0, 300) }),
    })
  }
  return out.slice(0, MAX)
}
