import type { BalanceOutcome } from './balance-eval.js'
import { AHEAD_BANDS, byBand, LOAD_BANDS, type Scores, score } from './metrics.js'
import type { PredictorRows } from './predict-eval.js'

/* The evaluation's tables, as markdown (readable in a terminal too). */

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–')
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–')

/** A cell's text as markdown reads it: a bare `|` would start a new column. */
const cell = (s: string) => s.replaceAll('|', '\\|')

export function table(rawHead: string[], rawRows: string[][]): string {
  const head = rawHead.map(cell)
  const rows = rawRows.map((r) => r.map(cell))
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return [
    line(head),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n')
}

const SCORE_HEAD = [
  'predictor',
  'n',
  'MAE',
  'RMSE',
  'MSE',
  'p90 |e|',
  'bias',
  '>10 min short',
  'cover 80%',
  'width 80%',
  'cover 90%',
  'width 90%',
]

function scoreCells(name: string, s: Scores): string[] {
  return [
    name,
    String(s.n),
    f(s.mae),
    f(s.rmse),
    f(s.mse),
    f(s.p90),
    f(s.bias),
    pct(s.under10),
    pct(s.cover80),
    f(s.width80),
    pct(s.cover90),
    f(s.width90),
  ]
}

export function overallTable(predictors: readonly PredictorRows[]): string {
  return table(
    SCORE_HEAD,
    predictors.map((p) => scoreCells(p.name, score(p.rows))),
  )
}

/** MSE of every predictor per band (and n), plus the forward simulation's coverage in the band. */
export function bandTable(predictors: readonly PredictorRows[], kind: 'ahead' | 'load'): string {
  const bands = kind === 'ahead' ? AHEAD_BANDS : LOAD_BANDS
  const per = predictors.map((p) => byBand(p.rows, bands))
  const head = [
    kind === 'ahead' ? 'people ahead' : 'waiting per open window',
    'n',
    ...predictors.map((p) => `MSE ${p.name}`),
    'cover 90% forward',
    '>10 min short forward',
  ]
  const fwd = predictors.findIndex((p) => p.name === 'forward')
  const rows = bands.map((b, i) => [
    b.label,
    String(per[0]?.[i]?.scores.n ?? 0),
    ...per.map((x) => f(x[i]!.scores.mse)),
    fwd < 0 ? '–' : pct(per[fwd]![i]!.scores.cover90),
    fwd < 0 ? '–' : pct(per[fwd]![i]!.scores.under10),
  ])
  return table(head, rows)
}

export interface Target {
  name: string
  pass: boolean
  detail: string
}

/** The targets for the normal day. */
export function predictionTargets(predictors: readonly PredictorRows[]): Target[] {
  const get = (n: string) => predictors.find((p) => p.name === n)
  const fwd = get('forward')
  if (fwd === undefined) return []
  const s = score(fwd.rows)
  const history = ['les', 'hol', 'rolling10'].map((n) => ({ n, s: score(get(n)?.rows ?? []) }))
  const best = history.reduce((a, b) => (b.s.mse < a.s.mse ? b : a))
  const sql = score(get('ql-skill')?.rows ?? [])
  const out: Target[] = []
  const below = (a: number, b: number) => 1 - a / b
  out.push({
    name: 'MSE ≥ 25% below the best of LES / HOL / rolling-10',
    pass: s.mse <= 0.75 * best.s.mse,
    detail: `forward ${f(s.mse)} vs ${best.n} ${f(best.s.mse)}: ${pct(below(s.mse, best.s.mse))} below`,
  })
  out.push({
    name: 'MSE ≥ 10% below skill-aware QL',
    pass: s.mse <= 0.9 * sql.mse,
    detail: `forward ${f(s.mse)} vs ql-skill ${f(sql.mse)}: ${pct(below(s.mse, sql.mse))} below`,
  })
  const bandsF = byBand(fwd.rows, LOAD_BANDS)
  const bandsQ = byBand(get('ql-skill')?.rows ?? [], LOAD_BANDS)
  const worse = bandsF.filter((b, i) => b.scores.n > 0 && b.scores.mse > bandsQ[i]!.scores.mse)
  out.push({
    name: 'no worse than skill-aware QL in any load band',
    pass: worse.length === 0,
    detail:
      worse.length === 0
        ? bandsF
            .map((b, i) => `${b.band}: ${f(b.scores.mse)} vs ${f(bandsQ[i]!.scores.mse)}`)
            .join('; ')
        : `worse in ${worse.map((b) => b.band).join(', ')}`,
  })
  out.push({
    name: '90% intervals cover 87–93%',
    pass: s.cover90 >= 0.87 && s.cover90 <= 0.93,
    detail: `${pct(s.cover90)} (80%: ${pct(s.cover80)})`,
  })
  out.push({
    name: 'under-predicted by more than 10 minutes for ≤ 5%',
    pass: s.under10 <= 0.05,
    detail: pct(s.under10),
  })
  return out
}

export function targetLines(targets: readonly Target[]): string {
  return targets.map((t) => `- **${t.pass ? 'PASS' : 'FAIL'}** ${t.name} — ${t.detail}`).join('\n')
}

export function balanceTable(outcomes: readonly BalanceOutcome[]): string {
  const head = [
    'policy',
    'compliance',
    'seeds',
    'mean wait',
    'p90 wait',
    'max wait',
    '> 30 min',
    'left',
    'travel/ticket',
    'wait + travel',
    'sent',
    'online',
    'windows opened',
  ]
  const groups = new Map<string, BalanceOutcome[]>()
  for (const o of outcomes) {
    const key = `${o.spec.policy}${o.spec.manager ? '+alerts' : ''}|${o.spec.policy === 'none' ? '–' : o.spec.compliance}`
    const list = groups.get(key) ?? []
    list.push(o)
    groups.set(key, list)
  }
  const rows: string[][] = []
  for (const [key, list] of groups) {
    const [policy, compliance] = key.split('|') as [string, string]
    const mean = (get: (o: BalanceOutcome) => number) =>
      list.reduce((a, o) => a + get(o), 0) / list.length
    rows.push([
      policy,
      compliance,
      String(list.length),
      f(
        mean((o) => o.meanWait),
        2,
      ),
      f(mean((o) => o.p90Wait)),
      f(mean((o) => o.maxWait)),
      pct(mean((o) => o.over30)),
      pct(mean((o) => o.abandonment)),
      f(
        mean((o) => o.travelPerTicket),
        2,
      ),
      f(
        mean((o) => o.waitPlusTravel),
        2,
      ),
      f(
        mean((o) => o.redirected),
        0,
      ),
      f(
        mean((o) => o.online),
        0,
      ),
      f(
        mean((o) => o.manager?.opened.length ?? 0),
        0,
      ),
    ])
  }
  return table(head, rows)
}

/** The balancing targets at compliance 0.3: ours (alerts acted on) against none. */
export function balanceTargets(outcomes: readonly BalanceOutcome[], compliance = 0.3): Target[] {
  const avg = (list: BalanceOutcome[], get: (o: BalanceOutcome) => number) =>
    list.length === 0 ? Number.NaN : list.reduce((a, o) => a + get(o), 0) / list.length
  const none = outcomes.filter((o) => o.spec.policy === 'none' && !o.spec.manager)
  const ours = outcomes.filter(
    (o) => o.spec.policy === 'ours' && o.spec.manager && o.spec.compliance === compliance,
  )
  if (none.length === 0 || ours.length === 0) return []
  const cut = 1 - avg(ours, (o) => o.meanWait) / avg(none, (o) => o.meanWait)
  const over = 1 - avg(ours, (o) => o.over30) / avg(none, (o) => o.over30)
  const out: Target[] = [
    {
      name: `ours (alerts acted on) cuts the mean wait by more than 34.2% against none at compliance ${compliance}`,
      pass: cut > 0.342,
      detail: `${f(
        avg(none, (o) => o.meanWait),
        2,
      )} → ${f(
        avg(ours, (o) => o.meanWait),
        2,
      )} min: ${pct(cut)}`,
    },
    {
      name: 'halves the share waiting more than 30 minutes',
      pass: over >= 0.5,
      detail: `${pct(avg(none, (o) => o.over30))} → ${pct(avg(ours, (o) => o.over30))}: ${pct(over)} fewer`,
    },
  ]
  // Never raises the mean of wait + travel, at any compliance.
  const levels = [
    ...new Set(
      outcomes
        .filter((o) => o.spec.policy === 'ours' && o.spec.manager)
        .map((o) => o.spec.compliance),
    ),
  ]
  const worse = levels.filter(
    (c) =>
      avg(
        outcomes.filter(
          (o) => o.spec.policy === 'ours' && o.spec.manager && o.spec.compliance === c,
        ),
        (o) => o.waitPlusTravel,
      ) > avg(none, (o) => o.waitPlusTravel),
  )
  out.push({
    name: 'never raises mean wait + travel (every compliance level)',
    pass: worse.length === 0,
    detail:
      levels
        .map(
          (c) =>
            `${c}: ${f(
              avg(
                outcomes.filter(
                  (o) => o.spec.policy === 'ours' && o.spec.manager && o.spec.compliance === c,
                ),
                (o) => o.waitPlusTravel,
              ),
              2,
            )}`,
        )
        .join(', ') +
      ` vs none ${f(
        avg(none, (o) => o.waitPlusTravel),
        2,
      )}`,
  })
  return out
}
