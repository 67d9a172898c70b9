import t from 'tap'
import {
  erlangB,
  meanWait,
  meanWaitOfWaiters,
  probWait,
  probWaitOver,
  stationaryNumberAt,
} from '../src/queueing/erlang-c.js'
import { Rng } from '../src/scenario/random.js'

t.test('Erlang C reproduces the figures the anchors quote', async (t) => {
  const six = { c: 6, lambda: 0.6, meanService: 9 }
  t.equal(probWait(six).toFixed(3), '0.740')
  t.equal(meanWait(six).toFixed(1), '11.1')
  t.equal(probWaitOver(six, 30).toFixed(3), '0.100')
  const eight = { c: 8, lambda: 0.85, meanService: 9 }
  t.equal(probWait(eight).toFixed(3), '0.863')
  t.equal(meanWait(eight).toFixed(1), '22.2')
  t.equal(meanWaitOfWaiters({ c: 10, lambda: 9, meanService: 1 }), 1)
  t.equal(meanWaitOfWaiters({ c: 100, lambda: 98, meanService: 1 }).toFixed(2), '0.50')
})

t.test('Erlang B recurrence matches the closed form for small c', async (t) => {
  const a = 3.2
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1))
  let sum = 0
  for (let k = 0; k <= 4; k++) sum += a ** k / fact(k)
  t.ok(Math.abs(erlangB(4, a) - a ** 4 / fact(4) / sum) < 1e-12)
})

t.test('an unstable or malformed queue is refused', async (t) => {
  t.throws(() => probWait({ c: 2, lambda: 3, meanService: 1 }), RangeError)
  t.throws(() => probWait({ c: 0, lambda: 1, meanService: 1 }), RangeError)
  t.throws(() => probWait({ c: 2, lambda: -1, meanService: 1 }), RangeError)
})

t.test(
  'the stationary sampler has the Erlang C share of arrivals finding all servers busy',
  async (t) => {
    const q = { c: 100, lambda: 95, meanService: 1 }
    const rng = new Rng(3)
    let busy = 0
    let total = 0
    const n = 200_000
    for (let i = 0; i < n; i++) {
      const k = stationaryNumberAt(q, rng.next())
      if (k >= q.c) busy++
      total += k
    }
    t.ok(Math.abs(busy / n - probWait(q)) < 0.005, `P(N ≥ c) ${busy / n} vs ${probWait(q)}`)
    // E[N] = a + Lq, Lq = λ · E[W]
    const expected = q.lambda * q.meanService + q.lambda * meanWait(q)
    t.ok(Math.abs(total / n / expected - 1) < 0.01, `E[N] ${total / n} vs ${expected}`)
  },
)
