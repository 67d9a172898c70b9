import t from 'tap'
import { conformalQuantile, createCalibrator } from '../src/predict/calibrate.js'
import { penalisedPoint } from '../src/predict/forward/predictor.js'
import { createRandom } from '../src/predict/math/random.js'

/* Conformal calibration and the guarded point, on synthetic outcomes. */

t.test('a model interval too narrow is widened until it covers its share', async (t) => {
  const c = createCalibrator('quantile', { window: 2000 })
  const rng = createRandom(5)
  // The model says ±2 around 10 for the 90% interval; the truth is spread ±8.
  const raw = { minutes: 10, lo80: 8.5, hi80: 11.5, lo90: 8, hi90: 12 }
  const draw = () => 10 + (rng.next() - 0.5) * 16
  for (let i = 0; i < 1000; i++) c.observe(raw, draw())
  const cal = c.apply(raw)
  let in90 = 0
  let in80 = 0
  for (let i = 0; i < 4000; i++) {
    const y = draw()
    if (cal.lo90 <= y && y <= cal.hi90) in90++
    if (cal.lo80 <= y && y <= cal.hi80) in80++
  }
  t.ok(Math.abs(in90 / 4000 - 0.9) < 0.03, `90%: ${(in90 / 40).toFixed(1)}%`)
  t.ok(Math.abs(in80 / 4000 - 0.8) < 0.03, `80%: ${(in80 / 40).toFixed(1)}%`)
  t.equal(cal.minutes, 10, 'the point is left alone')
})

t.test('too few outcomes: the model’s interval as it is', async (t) => {
  const c = createCalibrator('quantile')
  const raw = { minutes: 10, lo80: 8, hi80: 12, lo90: 6, hi90: 14 }
  for (let i = 0; i < 10; i++) c.observe(raw, 30)
  t.same(c.apply(raw), raw)
})

t.test(
  'residual mode gives a point predictor an interval from its errors, kept as JSON',
  async (t) => {
    const c = createCalibrator('residual')
    const raw = { minutes: 20, lo80: 20, hi80: 20, lo90: 20, hi90: 20 }
    for (let i = 0; i < 100; i++) c.observe(raw, 20 + ((i % 10) - 4.5) * 2)
    const cal = c.apply(raw)
    t.ok(cal.lo90 < 20 && cal.hi90 > 20 && cal.lo90 <= cal.lo80 && cal.hi80 <= cal.hi90)
    const again = createCalibrator('residual', {}, JSON.parse(JSON.stringify(c.state)))
    t.same(again.apply(raw), cal, 'a calibration restored from JSON gives the same intervals')
  },
)

t.test('the conformal quantile is the ⌈(n+1)p⌉-th smallest', async (t) => {
  const s = Array.from({ length: 19 }, (_, i) => i + 1)
  t.equal(conformalQuantile(s, 0.9), 18)
  t.equal(conformalQuantile([], 0.9), 0)
})

t.test(
  'the guarded point: the mean, raised only where the tail is heavy and worth it',
  async (t) => {
    const narrow = Array.from({ length: 100 }, (_, i) => 10 + i / 50) // 10–12
    t.equal(penalisedPoint(narrow, 11, 800, 10), 11, 'nobody could be 10 minutes past the mean')
    const skewed = [...Array.from({ length: 90 }, () => 5), ...Array.from({ length: 10 }, () => 60)]
    const mean = skewed.reduce((a, b) => a + b, 0) / skewed.length // 10.5
    t.equal(penalisedPoint(skewed, mean, 0, 10), mean, 'no penalty: the mean')
    t.equal(
      penalisedPoint(skewed, mean, 100, 10),
      mean,
      'a small penalty does not pay for 39.5 minutes of error',
    )
    // Lifting to 50 costs 39.5² ≈ 1560 of squared error to spare the 10% in the tail.
    t.equal(
      penalisedPoint(skewed, mean, 12000, 10),
      mean,
      'not yet at 12 000 (10% × 12 000 < 1560)',
    )
    t.equal(
      penalisedPoint(skewed, mean, 20000, 10),
      50,
      'at 20 000 the point rises to 10 short of the tail',
    )
  },
)
