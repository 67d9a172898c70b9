import { spawnSync } from 'node:child_process'
import t from 'tap'

/*
 * The bin's arguments: help, and bad values refused with exit code 2 and what was wrong, before
 * anything starts. It runs compiled code (npm ci builds it).
 */

const BIN = new URL('../bin/qms-district.js', import.meta.url).pathname
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 })

t.test('--help says what it runs and how', async (t) => {
  const r = run('--help')
  t.equal(r.status, 0)
  for (const s of ['npm start', '--halls', '--speed', '--no-arrivals', 'QMS_NATS_URL', 'Ctrl-C'])
    t.ok(r.stdout.includes(s), s)
})

t.test('bad arguments are refused with exit code 2, naming the problem', async (t) => {
  for (const [args, message] of [
    [['--speed', 'fast'], /--speed: "fast" is not a number/],
    [['--speed', '-3'], /--speed/],
    [['--ports', 'some'], /--ports: "some" is neither fixed nor free/],
    [['--hall-nats', 'hub:nats://x'], /--hall-nats: "hub:nats:\/\/x" is not <hall>=nats/],
    [['--hall-nats', 'st-09=nats://127.0.0.1:4222', '--halls', 'hub'], /st-09, which does not run/],
    [['--halls', 'hub,hub'], /named twice/],
    [['--bogus'], /Unknown option '--bogus'/],
  ] as const) {
    const r = run(...args)
    t.equal(r.status, 2, args.join(' '))
    t.match(r.stderr, message)
  }
})
