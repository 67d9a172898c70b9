import t from 'tap'
import {
  type Catalogue,
  checkScenario,
  type HallConfig,
  isoWeekday,
  type Scenario,
  TWO_PEAK_PROFILE,
  validateScenario,
} from '../src/index.js'

const hash = `sha256:${'a'.repeat(64)}`

const catalogue: Catalogue = {
  version: 't1',
  branches: [{ code: 'HJ', name: '户政', nameEn: 'Household registration' }],
  categories: [{ code: 'HJ-SFZ', name: '身份证', nameEn: 'ID card', branch: 'HJ', prefix: 'A' }],
  items: [
    {
      code: 'HJ-001',
      name: '身份证换领',
      category: 'HJ-SFZ',
      keywords: [],
      pinyin: 'sfzhl',
      meanMinutes: 6,
      online: false,
      materials: [],
      anywhere: true,
    },
  ],
}

const hall: HallConfig = {
  id: 'h1',
  name: '一号厅',
  kind: 'station',
  location: { lat: 30, lng: 120 },
  hours: [{ days: [1, 2, 3, 4, 5], open: '08:30', close: '17:30' }],
  windows: [
    { no: '1', name: '1号窗口', categories: ['HJ-SFZ'] },
    { no: '2', name: '2号窗口', categories: ['HJ-SFZ'] },
  ],
  devices: [{ id: 'k1', kind: 'dispenser', tokenHash: hash }],
}

function scenario(extra: Partial<Scenario> = {}): Scenario {
  return { name: 'test', seed: 1, halls: [hall], days: [{ date: '2026-03-02' }], ...extra }
}

t.test('a well-formed scenario with an inline hall passes the schema and the checks', async (t) => {
  const v = validateScenario(scenario({ arrivals: { profile: TWO_PEAK_PROFILE } }))
  t.ok(v.ok)
  if (!v.ok) return
  t.same(checkScenario(v.value, { catalogue, halls: [{ config: hall, source: '/halls/0' }] }), [])
})

t.test('the schema lists every failing field, also inside inline halls', async (t) => {
  const v = validateScenario({
    name: '',
    seed: -1,
    halls: [{ ...hall, kind: 'castle' }],
    days: [],
    patience: { distribution: 'forever' },
    bogus: true,
  })
  t.notOk(v.ok)
  if (v.ok) return
  const paths = new Set(v.issues.map((i) => i.path))
  for (const p of [
    '/name',
    '/seed',
    '/days',
    '/patience/distribution',
    '/halls/0/kind',
    '/bogus',
  ]) {
    t.ok(paths.has(p), `names ${p}`)
  }
  t.notOk(paths.has('/halls/0'), 'no vague issue for the inline hall as a whole')
})

t.test('the consistency check lists every bad reference and span', async (t) => {
  const s = scenario({
    sites: ['h1', 'nowhere'],
    days: [
      { date: '2026-02-30' },
      { date: '2026-03-07' },
      { date: '2026-03-02' },
      { date: '2026-03-02' },
    ],
    arrivals: {
      profile: { '08:15': 0, '09:00': 0 },
      halls: { ghost: 100 },
      demand: { 'XX-999': 1 },
      surges: [{ halls: ['ghost'], from: '11:00', to: '10:00', factor: 2, dates: ['2027-01-01'] }],
    },
    service: { items: { 'YY-1': { meanMinutes: 3 } } },
    staffing: {
      lunch: { from: '13:00', to: '11:00', groups: 2 },
      halls: {
        h1: {
          absent: ['1', '2'],
          shifts: { '9': [{ from: '10:00', to: '09:00' }] },
          speed: { '7': 2 },
        },
        ghost: {},
      },
    },
    patience: { distribution: 'lognormal' },
    priorities: { elderly: 0.7, appointment: 0.5 },
    transfers: { probability: 0.1, items: ['ZZ-1'] },
  })
  const issues = checkScenario(s, { catalogue, halls: [{ config: hall, source: '/halls/0' }] })
  const paths = issues.map((i) => i.path)
  for (const p of [
    '/sites/1',
    '/days/0/date',
    '/days/1/date',
    '/days/3/date',
    '/arrivals/profile/08:15',
    '/arrivals/profile',
    '/arrivals/halls/ghost',
    '/arrivals/demand/XX-999',
    '/arrivals/surges/0/halls/0',
    '/arrivals/surges/0/to',
    '/arrivals/surges/0/dates/0',
    '/service/items/YY-1',
    '/staffing/lunch/to',
    '/staffing/halls/h1/absent',
    '/staffing/halls/h1/shifts/9',
    '/staffing/halls/h1/shifts/9/0/to',
    '/staffing/halls/h1/speed/7',
    '/staffing/halls/ghost',
    '/patience/meanMinutes',
    '/priorities',
    '/transfers/items/0',
  ]) {
    t.ok(paths.includes(p), `names ${p}`)
  }
  t.match(issues.find((i) => i.path === '/days/1/date')?.reason, /no hall .* opens on 2026-03-07/)
})

t.test(
  'a scenario without halls or a district says so; a hall that fails checkHall is named',
  async (t) => {
    const bad: HallConfig = { ...hall, windows: [{ no: '1', name: '1', categories: ['NOPE'] }] }
    const issues = checkScenario(
      { name: 'x', seed: 1, days: [{ date: '2026-03-02' }] },
      {
        catalogue,
        halls: [
          { config: bad, source: 'halls/h1.json#' },
          { config: hall, source: '/halls/1' },
        ],
      },
    )
    t.ok(issues.some((i) => i.path === '/halls'))
    t.ok(issues.some((i) => i.path === 'halls/h1.json#/windows/0/categories/0'))
    t.ok(issues.some((i) => i.path === '/halls/1' && /twice/.test(i.reason)))
  },
)

t.test('ISO weekdays', async (t) => {
  t.equal(isoWeekday('2026-03-02'), 1)
  t.equal(isoWeekday('2026-03-08'), 7)
})
