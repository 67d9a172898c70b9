import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { alive, PidFile } from '../src/processes/pid-file.js'

/*
 * The data folder's run file: a second launcher is refused while the first lives; what a killed
 * launcher left running is stopped before a new start; a reused process id is not touched.
 */

const dir = mkdtempSync(join(tmpdir(), 'qms-pids-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** A process whose command line names one of the district's programs, as a leftover would. */
function leftover(program: string) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', program], {
    stdio: 'ignore',
  })
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return child
}

t.test('a fresh folder is claimed; children are recorded and released', async (t) => {
  const file = join(dir, 'a', 'pids.json')
  const pids = new PidFile(file)
  t.same(await pids.claim(), [])
  pids.set('hub', 123)
  t.same(pids.read()?.children, { hub: 123 })
  t.equal(pids.read()?.launcher, process.pid)
  pids.set('hub', undefined)
  pids.set('cloud', 456)
  pids.release()
  t.same(pids.read()?.children, {})
})

t.test('what a killed launcher left running is stopped', async (t) => {
  const file = join(dir, 'b', 'pids.json')
  const edge = leftover('qms-edge')
  const stranger = leftover('something-else')
  const gone = new Promise((r) => edge.once('exit', r))
  const dead = spawn(process.execPath, ['-e', '0'])
  await new Promise((r) => dead.once('exit', r))
  await new PidFile(file).claim() // creates the folder
  writeFileSync(
    file,
    JSON.stringify({
      launcher: dead.pid,
      startedAt: new Date().toISOString(),
      children: { hub: edge.pid, other: stranger.pid },
    }),
  )
  t.same(await new PidFile(file).claim(), ['hub'], 'the leftover hall, by name')
  await gone
  t.notOk(alive(edge.pid!), 'stopped')
  t.ok(alive(stranger.pid!), 'a process that is not ours (a reused id) is left alone')
})

t.test('a live launcher on the folder refuses a second', async (t) => {
  const file = join(dir, 'c', 'pids.json')
  const launcher = leftover('qms-district')
  const other = new PidFile(file)
  await other.claim()
  writeFileSync(
    file,
    JSON.stringify({ launcher: launcher.pid, startedAt: new Date().toISOString(), children: {} }),
  )
  await t.rejects(new PidFile(file).claim(), /another launcher \(pid \d+\) runs the district/)
})
