import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSample, checkSample, sampleFiles } from './build.js'
import { writeFiles } from './writer.js'

/*
 * Generates the sample district in protocol/sample/: the catalogue, the district file and one file
 * per hall. Deterministic: the same sources give byte-identical files. Nothing is written unless
 * every file passes its schema and the consistency checks.
 *
 *   npm run sample -w protocol      (or: npx tsx protocol/scripts/sample/generate.ts)
 */

const root = fileURLToPath(new URL('../../sample/', import.meta.url))
const sample = buildSample()
const issues = checkSample(sample)
if (issues.length > 0) {
  for (const i of issues)
    console.error(`${i.file}${i.path === '' ? '' : ` ${i.path}`}: ${i.reason}`)
  console.error(`sample: ${issues.length} problem(s); nothing written`)
  process.exit(1)
}
const files = sampleFiles(sample)
await writeFiles(root, files)
const { catalogue, halls } = sample
console.log(
  `sample: ${catalogue.branches.length} branches, ${catalogue.categories.length} categories, ` +
    `${catalogue.items.length} items, ${halls.length} halls; ${files.size} files in ${relative(process.cwd(), root) || '.'}`,
)
