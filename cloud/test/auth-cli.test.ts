import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { verifyPassword } from '../src/auth/password.js'
import { parseUsers } from '../src/auth/users.js'

/* `qms-cloud hash-password`, the compiled bin as operators run it (run `npx tsc -b` first). */

// Each run starts a Node process that loads the whole cloud: slow on a busy machine.
t.setTimeout(180_000)

const bin = new URL('../bin/qms-cloud.js', import.meta.url).pathname
const run = promisify(execFile)

function withStdin(args: string[], input: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, 'hash-password', ...args])
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

t.test('prints the scrypt hash of the password on stdin', async (t) => {
  const r = await withStdin([], '大厅经理的密码 2026\nignored second line\n')
  t.equal(r.code, 0)
  const hash = r.stdout.trim()
  t.match(hash, /^scrypt\$32768\$8\$1\$/)
  t.ok(await verifyPassword('大厅经理的密码 2026', hash))
})

t.test('prints a whole users-file entry with --user and --role', async (t) => {
  const r = await withStdin(
    ['--user', 'st-02', '--role', 'hall-manager', '--site', 'st-02', '--name', '城东服务厅'],
    'a long enough password',
  )
  t.equal(r.code, 0)
  const entry = JSON.parse(r.stdout)
  t.match(entry, { user: 'st-02', role: 'hall-manager', site: 'st-02', name: '城东服务厅' })
  const users = parseUsers({ users: [entry] })
  t.ok(await verifyPassword('a long enough password', users.passwordHash('st-02')!))
})

t.test('refuses short passwords, bad entries and unknown options', async (t) => {
  const short = await withStdin([], 'short\n')
  t.equal(short.code, 1)
  t.match(short.stderr, /at least 8/)
  const empty = await withStdin([], '')
  t.equal(empty.code, 1)
  const badRole = await withStdin(['--user', 'x1', '--role', 'root'], 'a long enough password\n')
  t.equal(badRole.code, 2)
  t.match(badRole.stderr, /role/)
  t.equal(badRole.stdout, '', 'nothing half-made on stdout')
  await t.rejects(run(process.execPath, [bin, 'hash-password', '--password', 'x']), { code: 2 })
})
