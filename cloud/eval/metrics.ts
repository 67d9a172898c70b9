/*
 * Scores of a predictor over the waits that came true: the errors the issue names (MAE, RMSE,
 * p90 of the absolute error, bias, share under-predicted by more than 10 minutes) and the
 * coverage and width of the 80% and 90% intervals, overall and by band.
 */

export interface Scored {
  /** Predicted minutes and intervals. */
  minutes: number
  lo80?: number
  hi80?: number
  lo90?: number
  hi90?: number
  /** The wait that came true, minutes. */
  actual: number
  ahead: number
  /** People waiting per open window in the hall at the prediction. */
  load: number
  /** Where and when (epoch ms) the prediction was made, for drilling down. */
  site?: string
  at?: number
}

export interface Scores {
  n: number
  mae: number
  rmse: number
  mse: number
  p90: number
  /** Mean of predicted − actual: negative when the predictor says too little. */
  bias: number
  /** Share predicted more than 10 minutes short. */
  under10: number
  cover80: number
  cover90: number
  width80: number
  width90: number
}

const EMPTY: Scores = {
  n: 0,
  mae: Number.NaN,
  rmse: Number.NaN,
  mse: Number.NaN,
  p90: Number.NaN,
  bias: Number.NaN,
  under10: Number.NaN,
  cover80: Number.NaN,
  cover90: Number.NaN,
  width80: Number.NaN,
  width90: Number.NaN,
}

export function score(rows: readonly Scored[]): Scores {
  if (rows.length === 0) return { ...EMPTY }
  let abs = 0
  let sq = 0
  let bias = 0
  let under = 0
  let c80 = 0
  let c90 = 0
  let w80 = 0
  let w90 = 0
  const errors: number[] = []
  for (const r of rows) {
    const e = r.minutes - r.actual
    errors.push(Math.abs(e))
    abs += Math.abs(e)
    sq += e * e
    bias += e
    if (r.actual - r.minutes > 10) under++
    const lo80 = r.lo80 ?? r.minutes
    const hi80 = r.hi80 ?? r.minutes
    const lo90 = r.lo90 ?? r.minutes
    const hi90 = r.hi90 ?? r.minutes
    if (lo80 <= r.actual && r.actual <= hi80) c80++
    if (lo90 <= r.actual && r.actual <= hi90) c90++
    w80 += hi80 - lo80
    w90 += hi90 - lo90
  }
  const n = rows.length
  errors.sort((a, b) => a - b)
  return {
    n,
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    mse: sq / n,
    p90: errors[Math.min(n - 1, Math.ceil(0.9 * n) - 1)]!,
    bias: bias / n,
    under10: under / n,
    cover80: c80 / n,
    cover90: c90 / n,
    width80: w80 / n,
    width90: w90 / n,
  }
}

export interface Band {
  label: string
  test(r: Scored): boolean
}

const range = (label: string, get: (r: Scored) => number, lo: number, hi: number): Band => ({
  label,
  test: (r) => get(r) >= lo && get(r) < hi,
})

export const AHEAD_BANDS: readonly Band[] = [
  range('0', (r) => r.ahead, 0, 1),
  range('1–4', (r) => r.ahead, 1, 5),
  range('5–9', (r) => r.ahead, 5, 10),
  range('10–19', (r) => r.ahead, 10, 20),
  range('20–39', (r) => r.ahead, 20, 40),
  range('40+', (r) => r.ahead, 40, Number.POSITIVE_INFINITY),
]

export const LOAD_BANDS: readonly Band[] = [
  range('<1', (r) => r.load, 0, 1),
  range('1–2', (r) => r.load, 1, 2),
  range('2–4', (r) => r.load, 2, 4),
  range('4–8', (r) => r.load, 4, 8),
  range('8+', (r) => r.load, 8, Number.POSITIVE_INFINITY),
]

export function byBand(
  rows: readonly Scored[],
  bands: readonly Band[],
): Array<{ band: string; scores: Scores }> {
  return bands.map((b) => ({ band: b.label, scores: score(rows.filter((r) => b.test(r))) }))
}
