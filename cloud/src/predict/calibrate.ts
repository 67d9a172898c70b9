import { type Static, Type } from '@sinclair/typebox'

/*
 * Interval calibration from the errors of recent predictions, as they come true (when the ticket
 * is called): split conformal prediction on a sliding window (Vovk et al. 2005; for the
 * quantile-based interval of the forward simulation, conformalised quantile regression, Romano,
 * Patterson & Candès 2019). Scores are scaled by the width the model gave (normalised
 * conformity), so a wide interval stays wide and a narrow one narrow. The state is plain JSON.
 *
 * - `quantile` mode (the forward simulation): the model's interval [lo, hi] around m is widened
 *   or narrowed by the factor that would have covered the target share of recent outcomes:
 *   score = max((lo − y) / (m − lo + c), (y − hi) / (hi − m + c)), new bound = bound ∓ q·(gap + c).
 * - `residual` mode (the baselines, which give only a point): the interval is the point plus
 *   the quantiles of recent residuals scaled by (point + c).
 */

export const CalibrationJson = Type.Object(
  {
    mode: Type.Union([Type.Literal('quantile'), Type.Literal('residual')]),
    /** Recent scores per level, newest last. */
    s80: Type.Array(Type.Number(), { maxItems: 5000 }),
    s90: Type.Array(Type.Number(), { maxItems: 5000 }),
    /** Residual mode: scaled residuals (y − ŷ) / (ŷ + c), newest last. */
    r: Type.Array(Type.Number(), { maxItems: 5000 }),
  },
  { additionalProperties: false, $id: 'Calibration' },
)
export type CalibrationState = Static<typeof CalibrationJson>

export interface CalibrationOptions {
  /** Outcomes kept (default 400). */
  window?: number
  /** Outcomes needed before the calibration applies (default 30). */
  minimum?: number
  /** Minutes added to every scale so that a zero-width interval can still grow (default 2). */
  slack?: number
}

export interface RawInterval {
  minutes: number
  lo80: number
  hi80: number
  lo90: number
  hi90: number
}

export interface Calibrator {
  readonly state: CalibrationState
  /** The calibrated interval for a raw one (residual mode uses only `minutes`). */
  apply(raw: RawInterval): RawInterval
  /** An outcome: the raw interval as predicted then, and the wait that came true. */
  observe(raw: RawInterval, actual: number): void
}

export function createCalibrator(
  mode: CalibrationState['mode'],
  options: CalibrationOptions = {},
  state?: CalibrationState,
): Calibrator {
  const window = options.window ?? 400
  const minimum = options.minimum ?? 30
  const c = options.slack ?? 2
  const s: CalibrationState = state ?? { mode, s80: [], s90: [], r: [] }
  // Sorted copies of the score lists, remade only after new outcomes (apply runs far more often).
  let sorted: { s80: number[]; s90: number[]; r: number[] } | undefined
  const sortedScores = () => {
    sorted ??= {
      s80: [...s.s80].sort((a, b) => a - b),
      s90: [...s.s90].sort((a, b) => a - b),
      r: [...s.r].sort((a, b) => a - b),
    }
    return sorted
  }
  const push = (list: number[], v: number) => {
    sorted = undefined
    list.push(v)
    if (list.length > window) list.splice(0, list.length - window)
  }
  const score = (y: number, m: number, lo: number, hi: number) =>
    Math.max((lo - y) / (m - lo + c), (y - hi) / (hi - m + c))
  return {
    state: s,
    apply(raw) {
      if (s.mode === 'residual') {
        if (s.r.length < minimum) return raw
        const r = sortedScores().r
        const scale = raw.minutes + c
        const at = (p: number) => Math.max(0, raw.minutes + conformalQuantile(r, p) * scale)
        return {
          minutes: raw.minutes,
          lo80: Math.min(raw.minutes, at(0.1)),
          hi80: Math.max(raw.minutes, at(0.9)),
          lo90: Math.min(raw.minutes, at(0.05)),
          hi90: Math.max(raw.minutes, at(0.95)),
        }
      }
      if (s.s80.length < minimum) return raw
      const q80 = conformalQuantile(
        [...s.s80].sort((a, b) => a - b),
        0.8,
      )
      const q90 = conformalQuantile(
        [...s.s90].sort((a, b) => a - b),
        0.9,
      )
      const widen = (m: number, lo: number, hi: number, q: number): [number, number] => [
        Math.max(0, Math.min(m, lo - q * (m - lo + c))),
        Math.max(m, hi + q * (hi - m + c)),
      ]
      const [lo80, hi80] = widen(raw.minutes, raw.lo80, raw.hi80, q80)
      const [lo90, hi90] = widen(raw.minutes, raw.lo90, raw.hi90, q90)
      return { minutes: raw.minutes, lo80, hi80, lo90, hi90 }
    },
    observe(raw, actual) {
      if (!Number.isFinite(actual)) return
      if (s.mode === 'residual') push(s.r, (actual - raw.minutes) / (raw.minutes + c))
      else {
        push(s.s80, score(actual, raw.minutes, raw.lo80, raw.hi80))
        push(s.s90, score(actual, raw.minutes, raw.lo90, raw.hi90))
      }
    },
  }
}

/** The ⌈(n+1)p⌉-th smallest score: the finite-sample conformal quantile. */
export function conformalQuantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const k = Math.min(sorted.length, Math.ceil((sorted.length + 1) * p))
  return sorted[Math.max(0, k - 1)]!
}
