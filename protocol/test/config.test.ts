import t from 'tap'
import {
  type Catalogue,
  checkCatalogue,
  checkHall,
  type HallConfig,
  HallConfig as HallConfigSchema,
  hallCategories,
  offeredItems,
  prefixOf,
  validate,
  windowsForItem,
} from '../src/index.js'

const hash = `sha256:${'a'.repeat(64)}`

function catalogue(): Catalogue {
  return {
    version: 't1',
    branches: [
      { code: 'HJ', name: '户政', nameEn: 'Household registration' },
      { code: 'CRJ', name: '出入境', nameEn: 'Exit and entry' },
    ],
    categories: [
      { code: 'HJ-SFZ', name: '身份证', nameEn: 'ID card', branch: 'HJ', prefix: 'A' },
      { code: 'HJ-HK', name: '户口', nameEn: 'Household', branch: 'HJ', prefix: 'A' },
      {
        code: 'CRJ-ZJ',
        name: '出入境证件',
        nameEn: 'Travel documents',
        branch: 'CRJ',
        prefix: 'C',
      },
    ],
    items: [
      item('HJ-001', 'HJ-SFZ'),
      item('HJ-010', 'HJ-HK'),
      {
        ...item('CRJ-001', 'CRJ-ZJ'),
        online: true,
        onlineUrl: 'https://zhangban.example.gov.cn/item/CRJ-001',
      },
    ],
  }
}

function item(code: string, category: string) {
  return {
    code,
    name: '事项',
    category,
    keywords: [],
    pinyin: 'sx',
    meanMinutes: 8,
    online: false,
    materials: [],
    anywhere: true,
  }
}

function hall(): HallConfig {
  return {
    id: 'st-01',
    name: '城东派出所',
    kind: 'station',
    location: { lat: 30.1, lng: 120.2 },
    hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
    windows: [
      { no: '1', name: '1号窗口', categories: ['HJ-SFZ', 'HJ-HK'] },
      { no: '2', name: '2号窗口', categories: ['CRJ-ZJ'], oneStop: true },
    ],
    devices: [
      { id: 'k1', kind: 'dispenser', tokenHash: hash, printer: 'p1' },
      { id: 'c1', kind: 'caller', tokenHash: hash, window: '1' },
    ],
    printers: [{ id: 'p1', interface: 'tcp://127.0.0.1:9100', width: 80 }],
    serial: [
      { path: '/dev/ttyUSB0', baud: 9600, dialect: 'qms-line-1', device: 'c1', window: '1' },
    ],
  }
}

t.test('a consistent catalogue and hall have no issues', async (t) => {
  t.same(checkCatalogue(catalogue()), [])
  t.ok(validate(HallConfigSchema, hall()).ok)
  t.same(checkHall(hall(), catalogue()), [])
})

t.test(
  'catalogue: unknown references, repeated codes, a prefix across branches, online without link',
  async (t) => {
    const c = catalogue()
    c.categories.push({
      code: 'JG-JSZ',
      name: '驾驶证',
      nameEn: 'Licence',
      branch: 'JG',
      prefix: 'C',
    })
    c.items.push(item('HJ-001', 'HJ-XX'))
    c.items.push({ ...item('HJ-020', 'HJ-HK'), online: true })
    const paths = checkCatalogue(c).map((i) => i.path)
    t.same(
      paths.sort(),
      [
        '/categories/3/branch',
        '/categories/3/prefix',
        '/items/3',
        '/items/3/category',
        '/items/4/onlineUrl',
      ].sort(),
    )
  },
)

t.test('hall: every window’s categories exist', async (t) => {
  const h = hall()
  h.windows[0]!.categories.push('XX-YY')
  t.same(
    checkHall(h, catalogue()).map((i) => i.path),
    ['/windows/0/categories/2'],
  )
})

t.test('hall: every device’s window and printer exist', async (t) => {
  const h = hall()
  h.devices.push({ id: 'c9', kind: 'caller', tokenHash: hash, window: '9' })
  h.devices.push({ id: 'w1', kind: 'window-display', tokenHash: hash })
  h.devices.push({ id: 'k2', kind: 'dispenser', tokenHash: hash, printer: 'p9' })
  h.devices.push({ id: 'k1', kind: 'dispenser', tokenHash: hash })
  const paths = checkHall(h, catalogue()).map((i) => i.path)
  t.same(
    paths.sort(),
    ['/devices/2/window', '/devices/3/window', '/devices/4/printer', '/devices/5'].sort(),
  )
})

t.test('hall: serial keypads name an existing caller and window', async (t) => {
  const h = hall()
  h.serial = [
    { path: '/dev/ttyS0', baud: 9600, dialect: 'qms-line-1', device: 'k1', window: '7' },
    { path: '/dev/ttyS1', baud: 9600, dialect: 'qms-line-1', device: 'zz', window: '1' },
  ]
  t.same(
    checkHall(h, catalogue())
      .map((i) => i.path)
      .sort(),
    ['/serial/0/device', '/serial/0/window', '/serial/1/device'],
  )
})

t.test('hall: a point’s items exist and are served', async (t) => {
  const h = hall()
  h.windows = [{ no: '1', name: '1号窗口', categories: ['HJ-SFZ'] }]
  h.devices = []
  h.serial = []
  h.items = ['HJ-001', 'ZZ-999', 'CRJ-001']
  const issues = checkHall(h, catalogue())
  t.same(issues.map((i) => i.path).sort(), ['/items/1', '/items/2'])
  t.match(issues.find((i) => i.path === '/items/2')?.reason, /no window serves CRJ-001/)
})

t.test('hall: a prefix shared by two branches is refused', async (t) => {
  const h = hall()
  h.prefixes = { 'CRJ-ZJ': 'A' }
  t.match(checkHall(h, catalogue()), [
    { path: '/prefixes/CRJ-ZJ', reason: /branches HJ and CRJ|branches CRJ and HJ/ },
  ])
})

t.test('hall: opening hours close after they open', async (t) => {
  const h = hall()
  h.hours = [{ days: [6], open: '12:00', close: '09:00' }]
  t.same(
    checkHall(h, catalogue()).map((i) => i.path),
    ['/hours/0/close'],
  )
})

t.test('hall: a window with no category and not one-stop is refused', async (t) => {
  const h = hall()
  h.windows[1]!.oneStop = false
  h.windows[1]!.categories = []
  t.same(
    checkHall(h, catalogue()).map((i) => i.path),
    ['/windows/1/categories'],
  )
})

t.test('a one-stop window serves every category of the hall', async (t) => {
  const c = catalogue()
  const h = hall()
  t.same([...hallCategories(h, c)].sort(), ['CRJ-ZJ', 'HJ-HK', 'HJ-SFZ'])
  t.same(
    windowsForItem(c.items[2]!, h, c).map((w) => w.no),
    ['2'],
  )
  t.same(
    windowsForItem(c.items[0]!, h, c).map((w) => w.no),
    ['1', '2'],
  )
  h.items = ['HJ-001']
  t.same([...hallCategories(h, c)].sort(), ['HJ-SFZ'], 'explicit items limit a one-stop window')
  t.same(
    offeredItems(h, c).map((i) => i.code),
    ['HJ-001'],
  )
  h.items = undefined
  h.windows = [{ no: '1', name: '1号窗口', categories: [], oneStop: true }]
  t.equal(
    hallCategories(h, c).size,
    3,
    'one-stop windows listing nothing offer the whole catalogue',
  )
})

t.test('prefixes come from the catalogue unless the hall overrides them', async (t) => {
  const c = catalogue()
  const h = hall()
  t.equal(prefixOf(c.categories[0]!, h), 'A')
  h.prefixes = { 'HJ-HK': 'B' }
  t.equal(prefixOf(c.categories[1]!, h), 'B')
})

t.test('a config with a bad field is refused with its path', async (t) => {
  const h = hall() as unknown as Record<string, unknown>
  h.printers = [{ id: 'p1', interface: 'http://printer', width: 80 }]
  const r = validate(HallConfigSchema, h)
  t.equal(!r.ok && r.error.path, '/printers/0/interface')
})
