import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { tempDir } from './fixtures/agent.js'
import { testHall } from './fixtures/hall.js'

const run = promisify(execFile)
const bin = new URL('../bin/qms-edge.js', import.meta.url).pathname

t.test('qms-edge --help explains its usage and exits 0', async (t) => {
  const { stdout } = await run(process.execPath, [bin, '--help'])
  t.match(stdout, /^qms-edge — /)
  t.match(stdout, /Usage:/)
  t.match(stdout, /QMS_BROKER_PORT/)
  t.match(stdout, /QMS_LOG_LEVEL/)
})

t.test('without --config it shows the usage and exits 2', async (t) => {
  await t.rejects(run(process.execPath, [bin]), { code: 2, stdout: /Usage:/ })
  await t.rejects(run(process.execPath, [bin, '--colour']), { code: 2, stderr: /Unknown option/ })
})

t.test('a bad hall file: every problem with its field and fix, exit 2', async (t) => {
  const dir = await tempDir(t)
  const hall = testHall({ catalogue: 'nowhere.json' }) as Record<string, unknown>
  const file = join(dir, 'hall.json')
  await writeFile(file, JSON.stringify({ ...hall, kind: 'palace' }))
  const failed = await run(process.execPath, [bin, '--config', file]).catch((e) => e)
  t.equal(failed.code, 2)
  t.match(failed.stderr, /\/kind: /)
  t.match(failed.stderr, /fix: use one of: "hub", "station", "point"/)

  await writeFile(file, JSON.stringify(testHall()))
  const env = { ...process.env, QMS_HTTP_PORT: 'http' }
  const badEnv = await run(process.execPath, [bin, '-c', file], { env }).catch((e) => e)
  t.equal(badEnv.code, 2)
  t.match(badEnv.stderr, /env QMS_HTTP_PORT: "http" is not a port/)
  t.match(badEnv.stderr, /unknown category HJ-HK/, 'the shipped catalogue has no HJ-HK')
})
