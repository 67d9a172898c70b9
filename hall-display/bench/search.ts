/*
 * Kiosk search speed: every key on the on-screen keyboard searches the whole catalogue again.
 * Prints the time per query of the ranked search over the sample district's 240 items beside a
 * raw baseline (a plain substring filter on the pinyin initials) measured in the same run.
 *
 *   npx tsx --conditions=@qms/source hall-display/bench/search.ts
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Catalogue } from '@qms/protocol'
import { createSearchIndex } from '../src/kiosk/search.js'

const file = fileURLToPath(import.meta.resolve('@qms/protocol/sample/catalogue.json'))
const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Catalogue
const names = new Map(catalogue.categories.map((c) => [c.code, c.name]))
const queries = [
  's',
  'sf',
  'sfz',
  'jmsfzhl',
  'hz',
  '身份证',
  '换身份证',
  '我要换驾驶证',
  '身份证丢了',
  'passport',
]

function measure(label: string, run: (q: string) => unknown, rounds = 2000) {
  for (let i = 0; i < 200; i++) for (const q of queries) run(q)
  const started = process.hrtime.bigint()
  for (let i = 0; i < rounds; i++) for (const q of queries) run(q)
  const us = Number(process.hrtime.bigint() - started) / 1000 / (rounds * queries.length)
  process.stdout.write(`${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/query\n`)
  return us
}

const built = performance.now()
const index = createSearchIndex(catalogue.items, names)
process.stdout.write(
  `index of ${index.size} items built in ${(performance.now() - built).toFixed(2)} ms\n`,
)
const baseline = measure('baseline: items.filter(pinyin.includes(q))', (q) =>
  catalogue.items.filter((i) => i.pinyin.includes(q)),
)
const ranked = measure('ranked search (name, keywords, pinyin, …)', (q) => index.search(q, 30))
process.stdout.write(`ratio ranked / baseline: ${(ranked / baseline).toFixed(1)}×\n`)
