import t from 'tap'
import { Changes } from '../src/projections/changes.js'
import { dayFigures, recordDuration } from '../src/projections/figures.js'
import { localTime, zoneOffsetMs } from '../src/projections/local-time.js'

function hashOf(changes: Changes, day: string): Record<string, string> {
  const hash: Record<string, string> = {}
  for (const [f, n] of changes.counters.get(day) ?? []) hash[f] = String(n)
  for (const [f, n] of changes.maxima.get(day) ?? []) hash[f] = String(n)
  return hash
}

t.test('an empty day has zeros and no averages', async (t) => {
  const f = dayFigures('2026-11-30', {})
  t.equal(f.issued, 0)
  t.same(f.wait, { count: 0, meanMin: null, maxMin: null, p50Min: null, p90Min: null })
  t.equal(f.selfServiceShare, null)
  t.equal(f.ratings.mean, null)
})

t.test(
  'wait quantiles are estimated within their buckets and never exceed the maximum',
  async (t) => {
    const changes = new Changes()
    // 10 waits: 1..10 minutes.
    for (let m = 1; m <= 10; m++) recordDuration(changes, 'd', 'w', m * 60_000)
    const f = dayFigures('d', hashOf(changes, 'd'))
    t.equal(f.wait.count, 10)
    t.equal(f.wait.meanMin, 5.5)
    t.equal(f.wait.maxMin, 10)
    t.ok(f.wait.p50Min! >= 4 && f.wait.p50Min! <= 6, `p50 ${f.wait.p50Min}`)
    t.ok(f.wait.p90Min! >= 8 && f.wait.p90Min! <= 10, `p90 ${f.wait.p90Min}`)
  },
)

t.test('a wait beyond the last bucket lands in the open bucket', async (t) => {
  const changes = new Changes()
  recordDuration(changes, 'd', 'h', 600 * 60_000)
  const hash = hashOf(changes, 'd')
  t.equal(hash['h:le:inf'], '1')
  const p90 = dayFigures('d', hash).handling.p90Min!
  t.ok(p90 > 480 && p90 <= 600, `p90 ${p90} within the open bucket, at most the maximum`)
})

t.test('maxima keep the larger value within a batch', async (t) => {
  const changes = new Changes()
  recordDuration(changes, 'd', 'w', 5000)
  recordDuration(changes, 'd', 'w', 3000)
  t.equal(changes.maxima.get('d')?.get('w:max'), 5000)
})

t.test('local days follow the hall’s zone, not UTC', async (t) => {
  // 2026-11-30 17:30 UTC is 01:30 on 1 December in Shanghai (+8, no summer time).
  const ms = Date.UTC(2026, 10, 30, 17, 30)
  t.same(localTime(ms, 'Asia/Shanghai'), { day: '2026-12-01', hour: 1, weekday: 2 })
  t.same(localTime(ms, 'UTC'), { day: '2026-11-30', hour: 17, weekday: 1 })
  t.equal(zoneOffsetMs(ms, 'Asia/Shanghai'), 8 * 3_600_000)
})

t.test('summer time changes the offset on the hour', async (t) => {
  // Europe/Berlin goes to +2 on 2026-03-29 at 01:00 UTC.
  t.equal(zoneOffsetMs(Date.UTC(2026, 2, 29, 0, 59), 'Europe/Berlin'), 3_600_000)
  t.equal(zoneOffsetMs(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin'), 7_200_000)
  t.equal(localTime(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin').hour, 3)
})
