import type { RunResult } from '../accelerated/run.js'
import type { HallSummary } from '../results/summary.js'

/*
 * The summary table printed at the end of a run: one row per hall and a total, waits in minutes.
 * Column widths count CJK characters as two cells, as terminals draw them.
 */

const cells = (s: string) =>
  [...s].reduce(
    (n, ch) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  )
const pad = (s: string, w: number, right: boolean) => {
  const gap = ' '.repeat(Math.max(0, w - cells(s)))
  return right ? gap + s : s + gap
}

const HEAD = [
  'hall 服务点',
  'arrived',
  'tickets',
  'served',
  'mean',
  'p90',
  'max',
  '>30min',
  'abandon',
  'no-show',
  'online',
  'sent',
  'recv',
]

function row(h: HallSummary): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  return [
    h.site,
    String(h.arrivals),
    String(h.tickets),
    String(h.served),
    h.wait.mean.toFixed(1),
    h.wait.p90.toFixed(1),
    h.wait.max.toFixed(1),
    pct(h.wait.over30),
    pct(h.abandonment),
    String(h.noshow),
    String(h.online),
    String(h.redirectedOut),
    String(h.redirectedIn),
  ]
}

export function formatTable(result: RunResult): string {
  const rows = [HEAD, ...result.summary.halls.map(row), row(result.summary.total)]
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => cells(r[c]!))))
  const line = (r: string[]) => r.map((v, c) => pad(v, widths[c]!, c > 0)).join('  ')
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  const out = [
    line(rows[0]!),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows[rows.length - 1]!),
  ]
  const s = result.stats
  const predictors = Object.entries(result.summary.total.predictors)
    .map(
      ([name, e]) =>
        `  ${name}: MAE ${e.mae.toFixed(2)} min, bias ${e.bias >= 0 ? '+' : ''}${e.bias.toFixed(2)} min (n=${e.n})`,
    )
    .join('\n')
  return [
    `${result.scenario} · ${result.mode} · seed ${result.seed} · policy ${result.policy} · ${result.days.join(', ')}`,
    'waits in minutes from the number to the call (等候时间，分钟)',
    ...out,
    predictors === '' ? '' : `predictions (预测误差):\n${predictors}`,
    `${s.events} events in ${(s.wallMs / 1000).toFixed(2)} s${s.anomalies > 0 ? ` · ${s.anomalies} refused decisions (last: ${s.lastAnomaly})` : ''}`,
    '',
  ]
    .filter((l, i, a) => l !== '' || i === a.length - 1)
    .join('\n')
}
