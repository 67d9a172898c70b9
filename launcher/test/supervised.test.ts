import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { type ChildSpec, ChildStartError, startChild } from '../src/processes/child.js'
import { Supervised } from '../src/processes/supervised.js'

/*
 * Child processes and their supervision, with tiny Node scripts as the children: ready lines,
 * logs, a bounded stop, restarts after a crash, none after a configuration error, and stops
 * that come while a start is under way.
 */

const dir = mkdtempSync(join(tmpdir(), 'qms-supervised-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

/** A child that prints `ready <pid>` and then lives until signalled (or does `then`). */
function spec(name: string, then = '', before = ''): ChildSpec<number> {
  return {
    name,
    command: process.execPath,
    args: [
      '-e',
      `${before}; console.log('hello'); console.log('ready ' + process.pid); setInterval(() => {}, 1000); ${then}`,
    ],
    env: process.env,
    logFile: join(dir, `${name}.log`),
    ready: (line) => (line.startsWith('ready ') ? Number(line.slice(6)) : undefined),
    readyTimeoutMs: 20_000,
    stopTimeoutMs: 5_000,
  }
}

t.test(
  'a child is ready when it says so; its output goes to its log; SIGTERM stops it',
  async (t) => {
    const child = await startChild(spec('plain'))
    t.equal(child.info, child.pid, 'the ready line’s information')
    t.ok(child.running)
    const exit = await child.stop()
    t.same(exit, { code: null, signal: 'SIGTERM' })
    t.notOk(child.running)
    t.same(await child.stop(), exit, 'a second stop returns the first')
    t.match(readFileSync(join(dir, 'plain.log'), 'utf8'), /hello\nready \d+\n/)
  },
)

t.test('a child that ignores SIGTERM is killed after the stop timeout', async (t) => {
  const child = await startChild({
    ...spec('stubborn', "process.on('SIGTERM', () => console.log('ignoring'))"),
    stopTimeoutMs: 300,
  })
  t.same(await child.stop(), { code: null, signal: 'SIGKILL' })
})

t.test('a child that exits before it is ready fails its start with its last lines', async (t) => {
  const err = await startChild({
    ...spec('broken'),
    args: ['-e', "console.error('bad configuration: port'); process.exit(2)"],
  }).catch((e: unknown) => e)
  t.ok(err instanceof ChildStartError)
  t.match((err as ChildStartError).message, /broken exited \(code 2\) before it was ready/)
  t.match((err as ChildStartError).tail, /bad configuration: port/)
  t.same((err as ChildStartError).exit, { code: 2, signal: null })
})

t.test('a program that does not exist fails its start', async (t) => {
  const err = await startChild({ ...spec('missing'), command: join(dir, 'no-such-program') }).catch(
    (e: unknown) => e,
  )
  t.match((err as Error).message, /missing (could not be started|exited)/)
})

t.test('a silent child fails its start after the ready timeout, and is killed', async (t) => {
  const err = await startChild({
    ...spec('silent'),
    args: ['-e', 'setInterval(() => {}, 1000)'],
    readyTimeoutMs: 300,
  }).catch((e: unknown) => e)
  t.match((err as Error).message, /did not say it was ready within 0.3 s/)
})

t.test('a supervised child killed outright is started again', async (t) => {
  const s = new Supervised('crashy', () => spec('crashy'), { restartMs: 50 })
  t.teardown(() => s.stop())
  const first = await s.start()
  const exited = new Promise((resolve) => s.once('exited', resolve))
  const again = new Promise<{ info: number; restarts: number }>((resolve) =>
    s.once('started', resolve),
  )
  s.kill('SIGKILL')
  t.match(await exited, { exit: { signal: 'SIGKILL' }, restartInMs: 50 })
  const second = await again
  t.not(second.info, first, 'a new process')
  t.equal(second.restarts, 1)
  t.equal(s.info, second.info)
})

t.test(
  'a supervised child that exits with code 2 (bad configuration) is left stopped',
  async (t) => {
    const s = new Supervised('config', () =>
      spec('config', 'setTimeout(() => process.exit(2), 50)'),
    )
    t.teardown(() => s.stop())
    await s.start()
    const exited = await new Promise<{ restartInMs?: number }>((resolve) =>
      s.once('exited', resolve),
    )
    t.equal(exited.restartInMs, undefined, 'not restarted')
    t.notOk(s.running)
  },
)

t.test('stop() while a start is under way waits for it and stops the child', async (t) => {
  const s = new Supervised('slow', () =>
    spec('slow', '', 'const t0 = Date.now(); while (Date.now() - t0 < 300) {}'),
  )
  const starting = s.start().catch((e: Error) => e)
  const stopped = s.stop()
  t.match(await starting, { message: /stopped while starting/ })
  await stopped
  t.notOk(s.running, 'nothing left running')
})

t.test('restart() stops the child (SIGTERM) and starts a new one', async (t) => {
  const s = new Supervised('restartable', () => spec('restartable'))
  t.teardown(() => s.stop())
  const first = await s.start()
  let exitedEvents = 0
  s.on('exited', () => exitedEvents++)
  const second = await s.restart()
  t.not(second, first)
  t.equal(exitedEvents, 0, 'an asked-for stop is no crash')
})

t.test('forceStop() kills it and no restart follows', async (t) => {
  const s = new Supervised('forced', () => spec('forced'), { restartMs: 10 })
  await s.start()
  let restarted = false
  s.on('started', () => {
    restarted = true
  })
  s.forceStop()
  await new Promise((r) => setTimeout(r, 300))
  t.notOk(s.running)
  t.notOk(restarted)
})
