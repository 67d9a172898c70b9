import type { Guidance, Item } from '@qms/protocol'
import type { BalanceHall, Recommendation } from './types.js'

/*
 * A recommendation in the words a hall shows: Chinese first, English beside it, as protocol
 * `Guidance` (kiosk before taking, printed ticket, hall screen banner, phones through the API).
 */

const whole = (m: number) => Math.max(1, Math.round(m))

/** The guidance to show for a recommendation, most useful first. */
export function guidanceOf(
  rec: Recommendation,
  item: Item,
  halls: ReadonlyMap<string, BalanceHall>,
): Guidance[] {
  const out: Guidance[] = []
  if (item.online && item.onlineUrl !== undefined) {
    out.push({
      kind: 'online',
      item: item.code,
      text: '本事项可“掌上办”：扫码即可在手机上办理，无需排队',
      textEn: 'This can be done on your phone: scan the code, no need to queue.',
      url: item.onlineUrl,
    })
  }
  if (rec.decision === 'hall' && rec.site !== undefined) {
    const hall = halls.get(rec.site)
    const name = hall?.name ?? rec.site
    const wait = whole(rec.waitMin ?? 0)
    const travel = whole(rec.travelMin ?? 0)
    const g: Guidance = {
      kind: 'hall',
      item: item.code,
      site: rec.site,
      siteName: name.slice(0, 60),
      text: `${name}办理更快：预计等候约${wait}分钟，路程约${travel}分钟`.slice(0, 200),
      textEn: `Faster at ${rec.site}: about ${wait} min wait, ${travel} min away`.slice(0, 300),
      waitMin: round(rec.waitMin ?? 0),
      travelMin: round(rec.travelMin ?? 0),
    }
    if (rec.savingMin !== undefined) {
      g.savingMin = round(rec.savingMin)
      g.text = `${g.text}，可节省约${whole(rec.savingMin)}分钟`.slice(0, 200)
      g.textEn = `${g.textEn}, saving about ${whole(rec.savingMin)} min`.slice(0, 300)
    }
    out.push(g)
  } else if (rec.stayMin !== undefined && out.length === 0) {
    out.push({
      kind: 'stay',
      item: item.code,
      text: `请在本厅等候，预计约${whole(rec.stayMin)}分钟`,
      textEn: `Please wait here: about ${whole(rec.stayMin)} min`,
      waitMin: round(rec.stayMin),
    })
  }
  return out
}

const round = (m: number) => Math.min(1440, Math.max(0, Math.round(m * 10) / 10))
