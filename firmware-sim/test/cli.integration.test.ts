import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { freePort, spawnProcess } from '@qms/test'
import t from 'tap'

const run = promisify(execFile)
const bin = new URL('../bin/qms-sim.js', import.meta.url).pathname
const scenarios = new URL('../scenarios/', import.meta.url).pathname
const sampleHall = new URL('../../protocol/sample/halls/pt-01.json', import.meta.url).pathname

async function sim(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

t.test('every subcommand explains itself with --help', async (t) => {
  for (const cmd of ['run', 'devices', 'printer', 'keypad']) {
    const r = await sim([cmd, '--help'])
    t.equal(r.code, 0, cmd)
    t.match(r.stdout, /Usage:/, cmd)
  }
})

t.test('an invalid scenario exits 2 with every problem listed', async (t) => {
  const r = await sim(['run', '--scenario', `${scenarios}/../test/fixtures/bad-scenario.json`])
  t.equal(r.code, 2)
  t.match(r.stderr, /invalid scenario .*: 5 problems/)
  t.match(r.stderr, /#\/days\/0\/date: 2026-02-30 is not a calendar date/)
  t.match(r.stderr, /#\/staffing\/halls\/hub\/absent\/0: hall hub has no window 99/)
})

t.test('bad arguments exit 2 and say which', async (t) => {
  const r = await sim([
    'run',
    '--scenario',
    'x.json',
    '--mode',
    'fast',
    '--speed=0',
    '--seed',
    'abc',
  ])
  t.equal(r.code, 2)
  t.match(r.stderr, /--mode/)
  t.match(r.stderr, /--speed/)
  t.match(r.stderr, /--seed/)
  t.equal((await sim(['teleport'])).code, 2)
})

t.test('an accelerated run prints a summary table, or JSON for other tools', async (t) => {
  const table = await sim([
    'run',
    '--scenario',
    `${scenarios}/mmc-10-90.json`,
    '--mode',
    'accelerated',
  ])
  t.equal(table.code, 0, table.stderr)
  t.match(table.stdout, /^total\s+\d+/m)
  t.match(table.stderr, /simulating done/)
  const json = await sim([
    'run',
    '--scenario',
    `${scenarios}/mmc-10-90.json`,
    '--seed',
    '5',
    '--json',
    '-',
    '--predictor',
    'edge-local',
  ])
  t.equal(json.code, 0)
  const result = JSON.parse(json.stdout) as {
    seed: number
    summary: { total: { served: number } }
    records: unknown[]
  }
  t.equal(result.seed, 5)
  t.ok(result.summary.total.served > 500)
  t.equal(result.records.length, result.summary.total.served)
})

t.test('devices keep trying an absent broker and say so, and stop on SIGTERM', async (t) => {
  const port = await freePort()
  const p = spawnProcess(t, process.execPath, [
    bin,
    'devices',
    '--config',
    sampleHall,
    '--broker',
    `mqtt://127.0.0.1:${port}`,
    '--kinds',
    'dispenser,caller',
  ])
  await p.waitForLine(/devices of pt-01/)
  await p.waitForLine(/k1 dispenser: broker unreachable .*attempt 1, next in/)
  await p.waitForLine(/c1 caller: broker unreachable .*attempt 2/, 30_000)
  t.equal(await p.stop('SIGTERM'), 0)
})
