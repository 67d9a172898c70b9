import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const bin = new URL('../bin/qms-cloud.js', import.meta.url).pathname

t.test('qms-cloud --help explains its usage and exits 0', async (t) => {
  const { stdout } = await run(process.execPath, [bin, '--help'])
  t.match(stdout, /^qms-cloud — /)
  t.match(stdout, /Usage:/)
})
