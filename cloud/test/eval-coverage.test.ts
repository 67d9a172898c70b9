import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import t from 'tap'
import { score } from '../eval/metrics.js'
import { createLab, plansOf, playDay, rowsOf } from '../eval/predict-eval.js'
import { resolveScenario } from '../eval/sim.js'
import { catalogue, hall, item } from './predict-fixtures.js'

/*
 * The forward simulation's intervals on a small simulated hall: three windows, two items with
 * random handling times, people who give up and priorities, a warm-up day then a scored one.
 * The 90% interval must cover roughly 90% of the waits that came true (loose bounds: a few
 * hundred waits, one seed).
 */

t.test('the forward intervals cover about their share of a simulated day', async (t) => {
  const scenario = {
    name: 'small-hall',
    seed: 11,
    days: [{ date: '2026-01-05', volume: 1 }],
    arrivals: { halls: { h: 260 } },
    service: { distribution: 'lognormal', walkSeconds: 30 },
    patience: { distribution: 'lognormal', meanMinutes: 60, cv: 0.5 },
    priorities: { elderly: 0.1 },
    halls: [
      hall('h', [{ no: '1' }, { no: '2', categories: ['ID'] }, { no: '3', categories: ['HK'] }]),
    ],
  }
  const c = catalogue([item('I10', 'ID', 8, { cv: 0.6 }), item('H15', 'HK', 12, { cv: 0.6 })])
  const dir = mkdtempSync(resolve(tmpdir(), 'qms-eval-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(resolve(dir, 'catalogue.json'), JSON.stringify(c))
  const loaded = resolveScenario({ ...scenario, catalogue: 'catalogue.json' }, { baseDir: dir })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
  const lab = createLab(64)
  playDay(lab, loaded.value, 1011, plansOf(loaded.value))
  const { run, pending } = playDay(lab, loaded.value, 11, plansOf(loaded.value))
  const rows = rowsOf(lab, run, pending)
  const forward = score(rows.find((r) => r.name === 'forward')!.rows)
  t.ok(forward.n > 150, `${forward.n} waits scored`)
  t.ok(
    forward.cover90 >= 0.8 && forward.cover90 <= 0.98,
    `90% interval covers ${(forward.cover90 * 100).toFixed(1)}%`,
  )
  t.ok(
    forward.cover80 >= 0.68 && forward.cover80 <= 0.92,
    `80% interval covers ${(forward.cover80 * 100).toFixed(1)}%`,
  )
  t.ok(forward.cover80 <= forward.cover90, 'the wider interval covers more')
  const ql = score(rows.find((r) => r.name === 'ql')!.rows)
  t.ok(
    forward.mse < ql.mse,
    `forward MSE ${forward.mse.toFixed(1)} below QL's ${ql.mse.toFixed(1)}`,
  )
})
