import { join } from 'node:path'
import t from 'tap'
import { shorterHallPolicy } from '../../src/accelerated/policies.js'
import { runAccelerated } from '../../src/accelerated/run.js'
import { loadScenario } from '../../src/scenario/load.js'
import { peopleOf } from '../../src/scenario/people.js'
import { planHallDay, settingsOf } from '../../src/scenario/plan.js'

const dir = new URL('../../scenarios/', import.meta.url).pathname
const loaded = loadScenario(join(dir, 'sample-normal-day.json'))
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
const l = loaded.value
// A few halls keep the test quick; the rules are the same for all.
const small = {
  ...l,
  halls: l.halls.filter((h) => ['hub', 'st-01', 'st-02', 'pt-01'].includes(h.id)),
}

function people(seed: number, scenario = l.scenario) {
  const settings = settingsOf(scenario, l.catalogue)
  return small.halls.flatMap((h) =>
    peopleOf(planHallDay(scenario, l.catalogue, h, 0), seed, settings),
  )
}

t.test('the same seed gives the same people with the same attributes', async (t) => {
  const a = people(7)
  const b = people(7)
  t.ok(a.length > 500)
  t.same(a, b)
  const c = people(8)
  t.not(
    JSON.stringify(c.slice(0, 20)),
    JSON.stringify(a.slice(0, 20)),
    'another seed, other people',
  )
})

t.test('the same seed gives identical results', async (t) => {
  const r1 = runAccelerated({ scenario: small, seed: 11 })
  const r2 = runAccelerated({ scenario: small, seed: 11 })
  t.same(r1.records, r2.records)
  t.same(r1.summary, r2.summary)
  t.equal(r1.stats.anomalies, 0)
})

t.test('a different policy or staffing leaves the people identical', async (t) => {
  const base = runAccelerated({ scenario: small, seed: 11 })
  const advised = runAccelerated({
    scenario: small,
    seed: 11,
    policy: shorterHallPolicy({ minSavingMin: 5, onlineOverMin: 5 }),
  })
  const key = (r: { person: string; item: string; priority: string; arrival: number }) =>
    `${r.person} ${r.item} ${r.priority} ${r.arrival}`
  t.same(
    advised.records.map(key).sort(),
    base.records.map(key).sort(),
    'same people, items, priorities, arrival times',
  )
  t.ok(
    advised.records.some((r) => r.outcome === 'online' || r.redirectedTo !== undefined),
    'and the policy did change what some of them did',
  )
  // Staffing is not part of who the people are either.
  const short = {
    ...small,
    scenario: { ...small.scenario, staffing: { halls: { hub: { absent: ['5', '6', '7'] } } } },
  }
  t.same(people(11, short.scenario), people(11))
})
