import t from 'tap'
import type { BalanceOutcome } from '../eval/balance-eval.js'
import { AHEAD_BANDS, byBand, LOAD_BANDS, type Scored, score } from '../eval/metrics.js'
import { balanceTargets, predictionTargets, table } from '../eval/report.js'

/* The scores on rows worked out by hand. */

const row = (minutes: number, actual: number, extra: Partial<Scored> = {}): Scored => ({
  minutes,
  actual,
  lo80: minutes - 2,
  hi80: minutes + 2,
  lo90: minutes - 4,
  hi90: minutes + 4,
  ahead: 0,
  load: 0,
  ...extra,
})

t.test('errors, bias, the share told too little, coverage and width', async (t) => {
  const s = score([row(10, 10), row(10, 13), row(10, 25), row(20, 10)])
  t.equal(s.n, 4)
  t.equal(s.mae, (0 + 3 + 15 + 10) / 4)
  t.equal(s.mse, (0 + 9 + 225 + 100) / 4)
  t.equal(s.rmse, Math.sqrt(s.mse))
  t.equal(s.bias, (0 - 3 - 15 + 10) / 4)
  t.equal(s.under10, 1 / 4, 'only the 25-minute wait was more than 10 minutes past its 10')
  t.equal(s.cover80, 1 / 4, '10 in [8, 12]; 13, 25 and 10 (for 20) outside')
  t.equal(s.cover90, 2 / 4, '13 is in [6, 14] too')
  t.equal(s.width80, 4)
  t.equal(s.width90, 8)
  t.equal(s.p90, 15, 'the 90th percentile of |e| of four rows is the largest')
  t.ok(Number.isNaN(score([]).mae), 'no rows: no figures')
})

t.test('bands split rows by people ahead and by load', async (t) => {
  const rows = [
    row(1, 1, { ahead: 0, load: 0.5 }),
    row(1, 2, { ahead: 3, load: 1.5 }),
    row(1, 3, { ahead: 50, load: 9 }),
  ]
  t.same(
    byBand(rows, AHEAD_BANDS).map((b) => b.scores.n),
    [1, 1, 0, 0, 0, 1],
  )
  t.same(
    byBand(rows, LOAD_BANDS).map((b) => b.scores.n),
    [1, 1, 0, 0, 1],
  )
})

t.test('the prediction targets compare forward against the baselines', async (t) => {
  const good = Array.from({ length: 10 }, (_, i) => row(10, 10 + (i % 2), { load: i % 3 }))
  const bad = Array.from({ length: 10 }, (_, i) => row(5, 10 + (i % 2), { load: i % 3 }))
  const targets = predictionTargets([
    { name: 'forward', label: '', rows: good },
    ...['ql-skill', 'les', 'hol', 'rolling10'].map((name) => ({ name, label: '', rows: bad })),
  ])
  t.same(
    targets.map((x) => x.pass),
    [true, true, true, false, true],
    'coverage 100% is outside 87–93%',
  )
  t.match(targets[0]!.detail, /below/)
})

t.test(
  'the balancing targets: the cut in mean wait, the share over 30, and wait + travel',
  async (t) => {
    const outcome = (
      policy: 'none' | 'ours',
      manager: boolean,
      compliance: number,
      meanWait: number,
      over30: number,
      waitPlusTravel: number,
    ) =>
      ({
        spec: { policy, manager, compliance, seed: 1 },
        meanWait,
        over30,
        waitPlusTravel,
      }) as BalanceOutcome
    const targets = balanceTargets([
      outcome('none', false, 0, 10, 0.2, 11),
      outcome('ours', true, 0.3, 6, 0.09, 8),
      outcome('ours', true, 0.6, 5, 0.05, 11.5),
    ])
    t.same(
      targets.map((x) => x.pass),
      [true, true, false],
    )
    t.match(targets[0]!.detail, /40\.0%/)
    t.match(targets[2]!.detail, /0\.6: 11\.50/)
  },
)

t.test('a table cell holding | stays one column in markdown', async (t) => {
  const md = table(['name', 'p90 |e|'], [['a|b', '1.0']])
  const columns = (line: string) => line.split(/(?<!\\)\|/).length
  const lines = md.split('\n')
  t.equal(new Set(lines.map(columns)).size, 1, 'every line has as many columns as the header')
  t.equal(columns(lines[0]!), 4, 'two columns between the outer bars')
  t.match(lines[0], 'p90 \\|e\\|')
})
