import { writeFileSync } from 'node:fs'
import { loadScenario, runAccelerated, type VisitRecord } from '../sim.js'

/*
 * Makes the shipped sample log: one simulated ordinary day of station st-01 of the sample
 * district, written in the replay format. Run it again to remake the file:
 *
 *   npx tsx --conditions=@qms/source cloud/eval/replay/sample-log.ts
 */

const iso = (ms: number) => {
  // Hall-local time with its offset, as a hall's export would write it.
  const local = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)
  return `${local}+08:00`
}

export function toCsv(records: readonly VisitRecord[]): string {
  const lines = ['ticket,item,priority,arrival,service_start,service_end,outcome,left_at,window']
  for (const r of [...records].sort((a, b) => (a.takenAt ?? 0) - (b.takenAt ?? 0))) {
    if (r.ticket === undefined || r.takenAt === undefined) continue
    const called = r.calledAt !== undefined && r.endedAt !== undefined
    const outcome = r.outcome === 'served' || r.outcome === 'noshow' ? r.outcome : 'abandoned'
    if (!called && r.endedAt === undefined) continue
    lines.push(
      [
        r.ticket,
        r.item,
        r.priority,
        iso(r.takenAt),
        called ? iso(r.calledAt!) : '',
        called ? iso(r.endedAt!) : '',
        called ? outcome : 'abandoned',
        called ? '' : iso(r.endedAt!),
        called ? (r.window ?? '') : '',
      ].join(','),
    )
  }
  return `${lines.join('\n')}\n`
}

const main = () => {
  const here = new URL('.', import.meta.url)
  const loaded = loadScenario(
    new URL('../../../firmware-sim/scenarios/sample-normal-day.json', here).pathname,
  )
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.reason}`).join('\n'))
  // A plain log has one row per visit: no transfers (they re-queue a ticket under another item).
  const { transfers: _transfers, ...rest } = loaded.value.scenario
  const scenario = {
    ...loaded.value,
    scenario: rest,
    halls: loaded.value.halls.filter((h) => h.id === 'st-01'),
  }
  const run = runAccelerated({ scenario, seed: 7 })
  const records = run.records.filter((r) => r.site === 'st-01')
  writeFileSync(new URL('sample-log.csv', here), toCsv(records))
}

if (import.meta.url === `file://${process.argv[1]}`) main()
