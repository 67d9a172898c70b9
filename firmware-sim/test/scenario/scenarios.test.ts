import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { loadScenario, resolveScenario } from '../../src/scenario/load.js'

const dir = new URL('../../scenarios/', import.meta.url).pathname

t.test('every shipped scenario loads and checks clean', async (t) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'anchor-catalogue.json')
  t.ok(files.length >= 5)
  for (const f of files) {
    const r = loadScenario(join(dir, f))
    t.ok(r.ok, `${f}${r.ok ? '' : `: ${JSON.stringify(r.issues)}`}`)
  }
  const normal = loadScenario(join(dir, 'sample-normal-day.json'))
  if (normal.ok) t.equal(normal.value.halls.length, 42, 'the whole sample district')
})

t.test('a bad scenario is refused with every problem, across the files it names', async (t) => {
  const r = resolveScenario(
    {
      name: 'bad',
      seed: 1,
      district: '../../protocol/sample/district.json',
      halls: ['no-such-hall.json'],
      days: [{ date: '2026-02-30' }, { date: '2026-03-08' }],
      arrivals: {
        demand: { 'NOPE-1': 1 },
        surges: [{ halls: ['ghost'], from: '11:00', to: '10:00', factor: 2 }],
      },
      staffing: { halls: { hub: { absent: ['99'] } } },
    },
    { baseDir: dir, label: 'bad.json' },
  )
  t.notOk(r.ok)
  if (r.ok) return
  const paths = r.issues.map((i) => i.path)
  t.ok(
    paths.some((p) => p.startsWith('bad.json#/halls/0')),
    'the missing hall file',
  )
  for (const p of [
    'bad.json#/days/0/date',
    'bad.json#/days/1/date',
    'bad.json#/arrivals/demand/NOPE-1',
    'bad.json#/arrivals/surges/0/halls/0',
    'bad.json#/arrivals/surges/0/to',
    'bad.json#/staffing/halls/hub/absent/0',
  ]) {
    t.ok(paths.includes(p), p)
  }
})

t.test('the schema stage lists every failing field at once', async (t) => {
  const r = resolveScenario(
    { name: '', seed: 1.5, days: 'monday', service: { distribution: 'gamma' } },
    { baseDir: dir },
  )
  t.notOk(r.ok)
  if (r.ok) return
  const paths = new Set(r.issues.map((i) => i.path))
  for (const p of [
    'scenario#/name',
    'scenario#/seed',
    'scenario#/days',
    'scenario#/service/distribution',
  ])
    t.ok(paths.has(p), p)
})

t.test('an inline hall that breaks the hall schema is named field by field', async (t) => {
  const r = resolveScenario(
    {
      name: 'x',
      seed: 1,
      catalogue: 'anchor-catalogue.json',
      halls: [{ id: 'BAD ID', windows: [] }],
      days: [{ date: '2026-03-02' }],
    },
    { baseDir: dir },
  )
  t.notOk(r.ok)
  if (r.ok) return
  t.ok(r.issues.some((i) => i.path === 'scenario#/halls/0/id'))
  t.ok(r.issues.some((i) => i.path === 'scenario#/halls/0/windows'))
})
