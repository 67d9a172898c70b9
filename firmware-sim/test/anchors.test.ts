import t, { type Test } from 'tap'
import { runMMcAnchor } from '../src/queueing/anchor.js'
import { meanWait, meanWaitOfWaiters, probWait, probWaitOver } from '../src/queueing/erlang-c.js'

/*
 * The correctness anchors (issue: "one item, one FIFO queue"), run through the accelerated
 * simulation and therefore through the edge's queue engine, ~50 000 measured customers each with
 * a fixed seed, within ±5%. See src/queueing/anchor.ts for why each replication starts from the
 * stationary law.
 */

// Heavy by design (about two million engine decisions); never fail for a slow machine.
t.setTimeout(20 * 60_000)

const SEED = 20260302
const CUSTOMERS = 50_000

function within(t: Test, what: string, got: number, want: number, tolerance = 0.05) {
  t.ok(
    Math.abs(got / want - 1) <= tolerance,
    `${what}: ${got.toFixed(4)} vs ${want.toFixed(4)} (±${tolerance * 100}%)`,
  )
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length

for (const [c, rho, expected] of [
  [10, 0.9, 1.0],
  [10, 0.95, 2.0],
  [100, 0.95, 0.2],
  [100, 0.98, 0.5],
] as const) {
  t.test(
    `M/M/${c} at load ${rho}: those who wait, wait ${expected} service times on average`,
    async (t) => {
      const q = { c, lambda: c * rho, meanService: 1 }
      t.equal(meanWaitOfWaiters(q).toFixed(2), expected.toFixed(2), 'theory agrees with the issue')
      const r = runMMcAnchor({ ...q, customers: CUSTOMERS, seed: SEED })
      t.equal(r.anomalies, 0, 'the engine refused nothing')
      t.equal(r.waits.length, CUSTOMERS)
      const waited = r.waits.filter((w) => w > 0)
      within(t, 'mean wait of those who wait', mean(waited), expected)
      within(t, 'P(wait)', waited.length / r.waits.length, probWait(q))
    },
  )
}

t.test('Erlang C, 6 windows, 0.60 arrivals/min, 9 min mean service', async (t) => {
  const q = { c: 6, lambda: 0.6, meanService: 9 }
  const r = runMMcAnchor({ ...q, customers: CUSTOMERS, seed: SEED })
  t.equal(r.anomalies, 0)
  within(t, 'P(wait)', r.waits.filter((w) => w > 0).length / r.waits.length, 0.74)
  within(t, 'mean wait (min)', mean(r.waits), 11.1)
  within(t, 'P(wait > 30 min)', r.waits.filter((w) => w > 30).length / r.waits.length, 0.1)
  t.equal(probWaitOver(q, 30).toFixed(3), '0.100')
})

t.test('Erlang C, 8 windows, 0.85 arrivals/min, 9 min mean service', async (t) => {
  const q = { c: 8, lambda: 0.85, meanService: 9 }
  const r = runMMcAnchor({ ...q, customers: CUSTOMERS, seed: SEED })
  t.equal(r.anomalies, 0)
  within(t, 'P(wait)', r.waits.filter((w) => w > 0).length / r.waits.length, 0.863)
  within(t, 'mean wait (min)', mean(r.waits), 22.2)
  t.equal(meanWait(q).toFixed(1), '22.2')
})
