import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { pinyin } from 'pinyin-pro'
import t from 'tap'
import {
  type Catalogue,
  Catalogue as CatalogueSchema,
  checkCatalogue,
  checkHall,
  type DistrictConfig,
  DistrictConfig as DistrictSchema,
  type HallConfig,
  HallConfig as HallSchema,
  type Location,
  validate,
  windowsForItem,
} from '../src/index.js'

/*
 * The sample district shipped in protocol/sample/: valid, consistent, the size the design
 * describes, and exactly what its generator (protocol/scripts/sample/) produces today.
 */

const root = new URL('../sample/', import.meta.url)
const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(new URL(path, root), 'utf8')) as T

const catalogue = await readJson<Catalogue>('catalogue.json')
const district = await readJson<DistrictConfig>('district.json')
const halls = await Promise.all(district.halls.map((path) => readJson<HallConfig>(path)))
const ofKind = (kind: HallConfig['kind']) => halls.filter((h) => h.kind === kind)

function distanceKm(a: Location, b: Location): number {
  const rad = (deg: number) => (deg * Math.PI) / 180
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h))
}

t.test('the catalogue validates and is consistent', async (t) => {
  t.same(validate(CatalogueSchema, catalogue), { ok: true, value: catalogue })
  t.same(checkCatalogue(catalogue), [])
})

t.test('the district and every hall validate and are consistent', async (t) => {
  t.same(validate(DistrictSchema, district), { ok: true, value: district })
  t.equal(district.id, 'sample')
  t.equal(district.timezone, 'Asia/Shanghai')
  t.equal(district.catalogue, 'catalogue.json')
  const onDisk = (await readdir(new URL('halls/', root))).sort()
  t.same(onDisk, district.halls.map((p) => p.replace('halls/', '')).sort(), 'no stray hall files')
  for (const hall of halls) {
    t.equal(`halls/${hall.id}.json`, district.halls[halls.indexOf(hall)], `${hall.id} file name`)
    t.equal(hall.catalogue, '../catalogue.json', `${hall.id} catalogue`)
    t.same(validate(HallSchema, hall), { ok: true, value: hall }, `${hall.id} schema`)
    t.same(checkHall(hall, catalogue), [], `${hall.id} consistency`)
    t.notOk('uplink' in hall || 'broker' in hall || 'http' in hall, `${hall.id} sets no ports`)
  }
})

t.test('the catalogue has the size of a county district', async (t) => {
  t.equal(catalogue.branches.length, 9)
  t.equal(catalogue.categories.length, 31)
  t.ok(catalogue.items.length >= 230 && catalogue.items.length <= 250, 'about 240 items')
  const anywhere = catalogue.items.filter((i) => i.anywhere).length
  t.ok(anywhere >= 110 && anywhere <= 130, `about half are 通办 (${anywhere})`)
  for (const item of catalogue.items) {
    t.ok(item.cv !== undefined && item.cv >= 0.4 && item.cv <= 0.9, `${item.code} cv`)
    t.ok(item.materials.length >= 1 && item.materials.length <= 6, `${item.code} materials`)
    t.ok(item.keywords.length >= 1, `${item.code} keywords`)
    t.ok((item.demand ?? 0) > 0, `${item.code} demand`)
    if (item.online) {
      t.equal(item.onlineUrl, `https://zhangban.example.gov.cn/item/${item.code}`, item.code)
    } else t.equal(item.onlineUrl, undefined, `${item.code} has no 掌办 link`)
  }
})

t.test('the most-visited items exist under the names the halls use', async (t) => {
  const names = new Set(catalogue.items.map((i) => i.name))
  for (const name of [
    '居民身份证换领',
    '居民身份证补领',
    '临时居民身份证',
    '户口迁入',
    '户口迁出',
    '出生登记',
    '死亡注销',
    '居住证申领',
    '居住证签注',
    '普通护照申领',
    '往来港澳通行证及签注',
    '往来台湾通行证及签注',
    '机动车驾驶证换证',
    '机动车驾驶证补证',
    '机动车注册登记',
    '机动车转移登记（过户）',
    '无犯罪记录证明',
    '户籍证明',
    '旅馆业特种行业许可证核发',
    '公章刻制业特种行业许可证核发',
    '典当业特种行业许可证核发',
  ]) {
    t.ok(names.has(name), name)
  }
  const top = [...catalogue.items].sort((a, b) => (b.demand ?? 0) - (a.demand ?? 0)).slice(0, 5)
  t.same(
    top.map((i) => i.name),
    ['居民身份证换领', '居民身份证补领', '居住证申领', '居住证签注', '往来港澳通行证及签注'],
    'identity cards, residence permits and exit-entry lead the demand',
  )
})

t.test('every item’s pinyin is the initials of its name', async (t) => {
  for (const item of catalogue.items) {
    const initials = pinyin(item.name, { pattern: 'first', toneType: 'none', type: 'array' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
    t.equal(item.pinyin, initials, item.name)
  }
  const byName = new Map(catalogue.items.map((i) => [i.name, i.pinyin]))
  t.equal(byName.get('居民身份证换领'), 'jmsfzhl')
})

t.test('one hub, 29 stations and 12 points with their windows', async (t) => {
  const [hub, ...more] = ofKind('hub')
  t.equal(more.length, 0)
  t.equal(hub?.id, 'hub')
  t.equal(hub?.windows.length, 24)
  const oneStop = hub?.windows.filter((w) => w.oneStop === true).length ?? 0
  t.ok(oneStop >= 4 && oneStop <= 6, `4–6 one-stop windows at the hub (${oneStop})`)
  t.ok(
    hub?.windows.every((w) => w.name === `${w.no}号窗口`),
    'windows are named 1号窗口, 2号窗口, …',
  )
  const stations = ofKind('station')
  t.same(
    stations.map((h) => h.id),
    Array.from({ length: 29 }, (_, i) => `st-${String(i + 1).padStart(2, '0')}`),
  )
  for (const s of stations) t.ok(s.windows.length >= 2 && s.windows.length <= 6, s.id)
  t.ok(
    stations.some((s) => s.windows.some((w) => w.oneStop === true)),
    'some one-stop windows',
  )
  const points = ofKind('point')
  t.same(
    points.map((h) => h.id),
    Array.from({ length: 12 }, (_, i) => `pt-${String(i + 1).padStart(2, '0')}`),
  )
  for (const p of points) t.ok(p.windows.length >= 1 && p.windows.length <= 2, p.id)
})

t.test('every point’s items exist and a window serves each', async (t) => {
  const codes = new Set(catalogue.items.map((i) => i.code))
  for (const point of ofKind('point')) {
    const items = point.items ?? []
    t.ok(items.length >= 30 && items.length <= 60, `${point.id} offers 30–60 items`)
    for (const code of items) {
      const item = catalogue.items.find((i) => i.code === code)
      t.ok(codes.has(code) && item !== undefined, `${point.id} ${code} exists`)
      if (item !== undefined) {
        t.ok(windowsForItem(item, point, catalogue).length > 0, `${point.id} serves ${code}`)
      }
    }
  }
})

t.test('the halls lie in a district about 40 km across, the hub near its centre', async (t) => {
  const lats = halls.map((h) => h.location.lat)
  const lngs = halls.map((h) => h.location.lng)
  const centre = {
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
    lng: (Math.min(...lngs) + Math.max(...lngs)) / 2,
  }
  const hub = halls.find((h) => h.kind === 'hub')
  t.ok(hub !== undefined && distanceKm(hub.location, centre) < 5, 'hub within 5 km of the centre')
  let widest = 0
  for (const a of halls)
    for (const b of halls) widest = Math.max(widest, distanceKm(a.location, b.location))
  t.ok(widest <= 40, `no two halls more than 40 km apart (${widest.toFixed(1)} km)`)
  t.ok(widest >= 30, `the halls spread over the district (${widest.toFixed(1)} km)`)
})

t.test('devices: demo tokens, printers and a full set per window', async (t) => {
  const ports = new Set<string>()
  for (const hall of halls) {
    for (const d of hall.devices) {
      const token = `demo-${hall.id}-${d.id}`
      const hash = `sha256:${createHash('sha256').update(token).digest('hex')}`
      t.equal(d.tokenHash, hash, `${hall.id}/${d.id} token is ${token}`)
    }
    const ids = new Set(hall.devices.map((d) => d.id))
    for (const w of hall.windows) {
      for (const letter of ['c', 'w', 's', 'e'])
        t.ok(ids.has(`${letter}${w.no}`), `${hall.id} ${letter}${w.no}`)
    }
    t.ok(ids.has('d1') && ids.has('k1'), `${hall.id} has a hall display and a dispenser`)
    const width = hall.kind === 'point' ? 58 : 80
    for (const p of hall.printers ?? []) {
      t.equal(p.width, width, `${hall.id}/${p.id} width`)
      t.notOk(ports.has(p.interface), `${p.interface} is used once`)
      ports.add(p.interface)
    }
    const dispensers = hall.devices.filter((d) => d.kind === 'dispenser')
    t.ok(
      dispensers.every((d) => d.printer !== undefined),
      `${hall.id} dispensers print`,
    )
  }
  t.ok(ports.has('tcp://127.0.0.1:9101'), 'ports start at 9101')
})

t.test('the generator reproduces the committed files byte for byte', async (t) => {
  // The generator lives outside the package's TypeScript projects, so it is loaded by URL.
  const build = (await import(new URL('../scripts/sample/build.ts', import.meta.url).href)) as {
    buildSample(): unknown
    checkSample(sample: unknown): unknown[]
    sampleFiles(sample: unknown): Map<string, string>
  }
  const sample = build.buildSample()
  t.same(build.checkSample(sample), [])
  const files = build.sampleFiles(sample)
  t.equal(files.size, 2 + halls.length)
  for (const [path, text] of files) {
    t.equal(await readFile(new URL(path, root), 'utf8'), text, path)
  }
})
