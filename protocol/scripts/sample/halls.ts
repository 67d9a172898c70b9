import type { Catalogue } from '../../src/catalogue/catalogue.js'
import type { HallConfig, Location, WindowConfig } from '../../src/config/hall.js'
import {
  DISTRICT,
  HOURS,
  HUB,
  POINTS,
  type PointRow,
  STATIONS,
  type StationRow,
} from './data/district.js'
import { hallDevices } from './devices.js'
import { offset } from './geo.js'
import { HUB_PLAN, planCategories, pointPlan, stationPlan, windowsOf } from './layouts.js'
import { hash } from './random.js'

/* Builds the hall configs of the sample district: the hub, the stations, the points. */

/** Where a hall's file says its catalogue is. */
export const HALL_CATALOGUE = '../catalogue.json'

/** Categories of the items a township point may offer: everyday 户政, 出入境, 驾驶证 and 养犬 items. */
export const POINT_CATEGORIES = [
  'HJ-SFZ',
  'HJ-JZZ',
  'HJ-ZM',
  'HJ-DJ',
  'HJ-BG',
  'HJ-FW',
  'CRJ-HZ',
  'CRJ-GA',
  'CRJ-TW',
  'CRJ-QT',
  'JG-DJ',
  'JG-JSZ',
  'JG-JY',
  'JG-WF',
  'ZA-ZH',
]

interface Draft {
  id: string
  name: string
  nameEn: string
  kind: HallConfig['kind']
  address: string
  location: Location
  hours: HallConfig['hours']
  items?: string[]
  windows: WindowConfig[]
  dispensers: number
  width: 58 | 80
}

/** A house number that stays the same run to run. */
const houseNo = (id: string) => 1 + (hash(`no:${id}`) % 298)

/** Assembles a hall in schema order, giving its printers ports from `port` on. */
function finish(d: Draft, port: number): HallConfig {
  const { devices, printers } = hallDevices(d.id, d.windows, d.dispensers, port, d.width)
  return {
    id: d.id,
    name: d.name,
    nameEn: d.nameEn,
    kind: d.kind,
    address: d.address,
    location: d.location,
    timezone: DISTRICT.timezone,
    hours: d.hours,
    catalogue: HALL_CATALOGUE,
    ...(d.items === undefined ? {} : { items: d.items }),
    windows: d.windows,
    devices,
    printers,
  }
}

function hubDraft(): Draft {
  return {
    id: HUB.id,
    name: HUB.name,
    nameEn: HUB.nameEn,
    kind: 'hub',
    address: HUB.address,
    location: offset(DISTRICT.centre, HUB.bearing, HUB.km),
    hours: HOURS.hub,
    windows: windowsOf(HUB_PLAN),
    dispensers: 4,
    width: 80,
  }
}

function stationDraft(row: StationRow, i: number, catalogue: Catalogue): Draft {
  const id = `st-${String(i + 1).padStart(2, '0')}`
  const { plan, categories } = stationPlan(row)
  const kind = row.traffic ? '综合服务厅' : '户籍服务厅'
  const kindEn = row.traffic ? 'Service Hall' : 'Household Registration Hall'
  const cats = new Set(categories)
  return {
    id,
    name: `${row.place}派出所${kind}`,
    nameEn: `${row.en} Police Station ${kindEn}`,
    kind: 'station',
    address: `${DISTRICT.name}${row.place}${row.unit}${row.road}${houseNo(id)}号`,
    location: offset(DISTRICT.centre, row.bearing, row.km),
    hours: HOURS.station,
    // A one-stop window would otherwise serve the whole catalogue: list what the station offers.
    ...(row.oneStop
      ? { items: catalogue.items.filter((it) => cats.has(it.category)).map((it) => it.code) }
      : {}),
    windows: windowsOf(plan),
    dispensers: row.windows >= 4 ? 2 : 1,
    width: 80,
  }
}

/** The point's items: its count of the most-visited 通办 items of the point categories. */
export function pointItems(row: PointRow, catalogue: Catalogue): string[] {
  const allowed = new Set(POINT_CATEGORIES)
  const chosen = catalogue.items
    .filter((it) => it.anywhere && allowed.has(it.category))
    .sort((a, b) => (b.demand ?? 0) - (a.demand ?? 0) || a.code.localeCompare(b.code))
    .slice(0, row.items)
  const wanted = new Set(chosen.map((it) => it.code))
  return catalogue.items.filter((it) => wanted.has(it.code)).map((it) => it.code)
}

function pointDraft(row: PointRow, i: number, catalogue: Catalogue): Draft {
  const id = `pt-${String(i + 1).padStart(2, '0')}`
  const items = pointItems(row, catalogue)
  const byCode = new Map(catalogue.items.map((it) => [it.code, it]))
  const categories = planCategories([items.map((code) => byCode.get(code)?.category ?? '')])
  const unitEn = row.unit === '乡' ? 'Township' : 'Town'
  return {
    id,
    name: `${row.place}${row.unit}便民服务点`,
    nameEn: `${row.en} ${unitEn} Service Point`,
    kind: 'point',
    address: `${DISTRICT.name}${row.place}${row.unit}${row.road}${houseNo(id)}号`,
    location: offset(DISTRICT.centre, row.bearing, row.km),
    hours: HOURS.point,
    items,
    windows: windowsOf(pointPlan(row, categories)),
    dispensers: 1,
    width: 58,
  }
}

/** Every hall of the district in order: hub, stations, points; printer ports run on across them. */
export function buildHalls(catalogue: Catalogue, firstPort: number): HallConfig[] {
  const drafts = [
    hubDraft(),
    ...STATIONS.map((row, i) => stationDraft(row, i, catalogue)),
    ...POINTS.map((row, i) => pointDraft(row, i, catalogue)),
  ]
  let port = firstPort
  return drafts.map((d) => {
    const hall = finish(d, port)
    port += d.dispensers
    return hall
  })
}
