import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const bin = new URL('../bin/qms-sim.js', import.meta.url).pathname

t.test('qms-sim --help explains its usage and exits 0', async (t) => {
  const { stdout } = await run(process.execPath, [bin, '--help'])
  t.match(stdout, /^qms-sim — /)
  t.match(stdout, /Usage:/)
})
