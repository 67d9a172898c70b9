import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const bin = new URL('../bin/qms-cloud.js', import.meta.url).pathname

t.test('qms-cloud --help explains its usage and exits 0', async (t) => {
  const { stdout } = await run(process.execPath, [bin, '--help'])
  t.match(stdout, /^qms-cloud — /)
  t.match(stdout, /Usage:/)
  t.match(stdout, /QMS_REDIS_PREFIX/)
})

t.test(
  'qms-cloud nats-auth prints an nkey user per hall and keeps their seeds apart',
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'qms-auth-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    const seeds = join(dir, 'seeds.json')
    const { stdout } = await run(
      process.execPath,
      [bin, 'nats-auth', '--sites', 'hub,st-07', '--seeds', seeds],
      {
        env: { ...process.env, QMS_NATS_PASSWORD: 'pw' },
      },
    )
    t.match(stdout, /^authorization \{/)
    t.equal(stdout.match(/nkey: "U[A-Z2-7]+"/g)?.length, 2)
    t.match(stdout, /"qms\.evt\.st-07"/)
    const written = JSON.parse(await readFile(seeds, 'utf8')) as Record<string, string>
    t.same(Object.keys(written), ['hub', 'st-07'])
    t.match(written.hub, /^SU[A-Z2-7]+$/)
    t.notMatch(stdout, written.hub!, 'no seed in the server file')
    t.equal((await stat(seeds)).mode & 0o777, 0o600, 'the seeds file is private')
  },
)

t.test('qms-cloud nats-auth refuses to run without the cloud user’s password', async (t) => {
  const env = { ...process.env }
  delete env.QMS_NATS_PASSWORD
  await t.rejects(run(process.execPath, [bin, 'nats-auth', '--sites', 'hub'], { env }), { code: 2 })
})

t.test('qms-cloud exits 1 with a clear line when Redis cannot be reached', async (t) => {
  const err = await run(process.execPath, [bin, '--district', 'none'], {
    env: {
      ...process.env,
      QMS_REDIS_URL: 'redis://127.0.0.1:1',
      QMS_JOBS: '0',
      QMS_HTTP_PORT: '0',
    },
    timeout: 20_000,
  }).then(
    () => undefined,
    (e: { code: number; stdout: string }) => e,
  )
  t.equal(err?.code, 1)
  t.match(err?.stdout, /"msg":"qms-cloud could not start"/)
})

t.test('qms-cloud refuses a bad setting before starting', async (t) => {
  const err = await run(process.execPath, [bin], {
    env: { ...process.env, QMS_HTTP_PORT: 'eighty' },
    timeout: 20_000,
  }).then(
    () => undefined,
    (e: { code: number; stdout: string }) => e,
  )
  t.equal(err?.code, 2)
  t.match(err?.stdout, /QMS_HTTP_PORT/)
})
