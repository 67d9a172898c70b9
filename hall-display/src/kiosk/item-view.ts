import type { EdgeCatalogueItem, Guidance } from '@qms/protocol'
import { formatWait, type WaitText } from '../view/format.js'

/*
 * What the kiosk shows about an item BEFORE a number is taken: what to bring, how long the wait
 * is, and whether the citizen is better served elsewhere — on the phone (掌办) or in a hall
 * nearby where the wait is shorter. A citizen who learns this after taking a number has already
 * queued for nothing.
 */

export type ItemAdvice =
  | { kind: 'online'; text: string; textEn: string; url: string }
  | {
      kind: 'hall'
      text: string
      textEn?: string
      siteName?: string
      waitMin?: number
      travelMin?: number
      savingMin?: number
    }
  | { kind: 'notice'; text: string; textEn?: string }

export interface ItemView {
  code: string
  name: string
  nameEn?: string
  materials: string[]
  waiting: number
  wait: WaitText
  advice: ItemAdvice[]
}

/** The guidance that concerns an item of a category (as the edge chooses it for a take). */
export function guidanceForItem(
  guidance: readonly Guidance[],
  item: string,
  category: string,
  now: number,
): Guidance[] {
  return guidance.filter(
    (g) =>
      (g.until === undefined || Date.parse(g.until) > now) &&
      (g.item === undefined || g.item === item) &&
      (g.category === undefined || g.category === category) &&
      (g.item !== undefined ||
        g.category !== undefined ||
        g.kind === 'notice' ||
        g.kind === 'hall'),
  )
}

/**
 * The item page: its materials, wait and advice. The 掌办 QR comes first when the item can be
 * done online (the cloud's link for it if it sent one, else the catalogue's): the citizen's phone
 * reaches it whether or not the hall's own cloud link is up.
 */
export function itemView(
  item: EdgeCatalogueItem,
  guidance: readonly Guidance[],
  options: { now: number },
): ItemView {
  const advice: ItemAdvice[] = []
  const related = guidanceForItem(guidance, item.code, item.category, options.now)
  const cloudLink = related.find((g) => g.kind === 'online' && g.url !== undefined)?.url
  const url = cloudLink ?? item.onlineUrl
  if (item.online && url !== undefined)
    advice.push({
      kind: 'online',
      url,
      text: '此事项可掌上办理：手机扫码即可办理，无需排队',
      textEn: 'This can be done on your phone: scan the code, no need to queue',
    })
  for (const g of related) {
    const en = g.textEn === undefined ? {} : { textEn: g.textEn }
    if (g.kind === 'hall')
      advice.push({
        kind: 'hall',
        text: g.text,
        ...en,
        ...(g.siteName === undefined ? {} : { siteName: g.siteName }),
        ...(g.waitMin === undefined ? {} : { waitMin: g.waitMin }),
        ...(g.travelMin === undefined ? {} : { travelMin: g.travelMin }),
        ...(g.savingMin === undefined ? {} : { savingMin: g.savingMin }),
      })
    else if (g.kind === 'notice') advice.push({ kind: 'notice', text: g.text, ...en })
  }
  return {
    code: item.code,
    name: item.name,
    ...(item.nameEn === undefined ? {} : { nameEn: item.nameEn }),
    materials: [...item.materials],
    waiting: item.waiting,
    wait: formatWait(item.wait),
    advice,
  }
}
