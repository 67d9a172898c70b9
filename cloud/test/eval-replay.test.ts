import { readFileSync } from 'node:fs'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { QmsError } from '@qms/protocol'
import t from 'tap'
import { score } from '../eval/metrics.js'
import { type LogRow, readLog } from '../eval/replay/log.js'
import { replayLog } from '../eval/replay/replay.js'
import { createBaselines, createForwardPredictor, type Prediction } from '../src/predict/index.js'

/*
 * The replay mode on the shipped sample log: every predictor is scored, and — the canary —
 * nothing a predictor says at an arrival changes when the log's future is rewritten.
 */

const root = new URL('../../', import.meta.url)
const csv = readFileSync(new URL('cloud/eval/replay/sample-log.csv', root), 'utf8')
const catalogue = JSON.parse(
  readFileSync(new URL('protocol/sample/catalogue.json', root), 'utf8'),
) as Catalogue
const hall = JSON.parse(
  readFileSync(new URL('protocol/sample/halls/st-01.json', root), 'utf8'),
) as HallConfig
const predictors = () => [createForwardPredictor({ runs: 24 }), ...createBaselines()]

t.test('the sample log replays and every predictor is scored', async (t) => {
  const rows = readLog(csv)
  t.ok(rows.length > 150)
  const r = replayLog(rows, catalogue, { hall, predictors: predictors() })
  t.same(r.anomalies, [])
  const called = rows.filter((x) => x.start !== undefined).length
  for (const p of r.predictors)
    t.equal(p.rows.length, called, `${p.name}: one score per ticket called`)
  const forward = score(r.predictors[0]!.rows)
  t.ok(
    forward.mae < score(r.predictors.find((p) => p.name === 'les')!.rows).mae,
    'forward beats LES on its own log',
  )
  const made = replayLog(rows, catalogue, { predictors: predictors() })
  t.equal(
    made.hall.windows.length,
    new Set(rows.flatMap((x) => (x.window === undefined ? [] : [x.window]))).size,
    'a hall made from the log has its windows',
  )
})

t.test(
  'future-leak canary: rewriting what happens after a moment changes no prediction before it',
  async (t) => {
    const rows = readLog(csv)
    const cut = Date.parse('2026-03-02T10:30:00+08:00')
    const later = (ms: number | undefined) =>
      ms === undefined || ms <= cut ? ms : ms + 37 * 60_000
    // After the cut: arrivals, calls, ends and departures move; later people become slower,
    // more priority, and some leave.
    const rewritten: LogRow[] = rows.map((r, i) => {
      const x: LogRow = { ...r, arrival: later(r.arrival)! }
      if (r.start !== undefined) x.start = later(r.start)!
      if (r.end !== undefined) x.end = r.end > cut ? later(r.end)! + 20 * 60_000 : r.end
      if (r.leftAt !== undefined) x.leftAt = later(r.leftAt)!
      if (r.arrival > cut && i % 3 === 0) x.priority = 'elderly'
      return x
    })
    const seen = (rs: LogRow[]) => {
      const out = new Map<string, Array<Prediction | undefined>>()
      replayLog(rs, catalogue, {
        hall,
        predictors: predictors(),
        onPrediction: (ticket, p) => out.set(ticket, [...p]),
      })
      return out
    }
    const a = seen(rows)
    const b = seen(rewritten)
    const before = rows.filter((r) => r.arrival <= cut).map((r) => r.ticket)
    t.ok(before.length > 40, `${before.length} arrivals before the cut`)
    let same = 0
    for (const ticket of before) {
      if (JSON.stringify(a.get(ticket)) === JSON.stringify(b.get(ticket))) same++
      else t.fail(`prediction for ${ticket} changed`)
    }
    t.equal(same, before.length, 'every prediction before the cut is identical')
    const after = rows.filter((r) => r.arrival > cut).map((r) => r.ticket)
    t.ok(
      after.some((x) => JSON.stringify(a.get(x)) !== JSON.stringify(b.get(x))),
      'and the canary can sing: later ones did change',
    )
  },
)

t.test('a bad log is refused whole, every problem named with its line', async (t) => {
  const bad = [
    'ticket,item,priority,arrival,service_start,service_end,outcome,left_at,window',
    'A1,HJ-002,normal,2026-03-02T09:00:00+08:00,2026-03-02T08:59:00+08:00,2026-03-02T09:10:00+08:00,served,,1',
    'A2,HJ-002,vip,2026-03-02T09:00:00+08:00,,,abandoned,2026-03-02T09:30:00+08:00,',
    'A3,HJ-002,normal,2026-03-02 09:00:00,,,abandoned,2026-03-02T09:30:00+08:00,',
    'A4,HJ-002,normal,2026-03-02T09:00:00+08:00,,,served,,',
    'A4,HJ-002,normal,2026-03-02T09:00:00+08:00,,,left,,',
  ].join('\n')
  t.throws(() => readLog(bad), { code: 'BAD_REQUEST' })
  try {
    readLog(bad)
  } catch (err) {
    t.ok(err instanceof QmsError)
    const m = (err as Error).message
    t.match(m, /line 2: service_start before arrival/)
    t.match(m, /line 3: priority "vip"/)
    t.match(m, /line 4: arrival is not a time with an offset/)
    t.match(m, /line 5: served needs service_start, service_end and window/)
    t.match(m, /line 6: ticket A4 appears twice/)
    t.match(m, /line 6: outcome "left"/)
  }
  t.throws(() => readLog('ticket,item\nA1,X'), {
    code: 'BAD_REQUEST',
    message: /missing column "arrival"/,
  })
})

t.test('quoted fields, CRLF and a byte-order mark are read', async (t) => {
  const text =
    '\ufeffticket,item,arrival,outcome,left_at\r\n"A,1",HJ-002,1772413200000,abandoned,"1772414000000"\r\n'
  const [r] = readLog(text)
  t.equal(r?.ticket, 'A,1')
  t.equal(r?.arrival, 1772413200000)
  t.equal(r?.priority, 'normal')
})
