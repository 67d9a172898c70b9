import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { HallConfig } from '@qms/protocol'
import type { Policy, Predictor } from '../accelerated/hooks.js'
import {
  aheadTimesMeanPredictor,
  edgeLocalPredictor,
  shorterHallPolicy,
} from '../accelerated/policies.js'
import { type RunResult, runAccelerated } from '../accelerated/run.js'
import { resolveTokens, type TokenSource } from '../devices/tokens.js'
import { runLive } from '../live/run.js'
import { loadScenario } from '../scenario/load.js'
import { type CliIo, type CliRun, EXIT, finished, problems } from './io.js'
import { createProgress } from './progress.js'
import { formatTable } from './table.js'

export const RUN_HELP = `qms-sim run — run a scenario (运行仿真场景)

Usage:
  qms-sim run --scenario <file.json> [--mode accelerated|live] [--seed s] [--json out.json]
  qms-sim run --scenario <file.json> --mode live [--speed k] [--broker site=mqtt://host:port …]
              [--tokens demo|tokens.json]

Options:
  --scenario <file>   the scenario (schema: protocol's Scenario; examples in firmware-sim/scenarios/)
  --mode <m>          accelerated (default): a discrete-event simulation on a virtual clock, on the
                      edge's own queue engine, no network; live: simulated devices against running
                      edge agents, in real time or sped up
  --speed <k>         live only: scenario time runs k times faster than real time (default 1)
  --seed <s>          override the scenario's seed (0 … 4294967295)
  --policy <p>        accelerated only: stay (default) or shorter-hall (advise 掌办 or a shorter hall)
  --predictor <p>     accelerated only, repeatable: edge-local, ahead-x-mean (recorded beside the wait)
  --broker <s>=<url>  live only, repeatable: a hall's broker (default mqtt://127.0.0.1:<its tcpPort or 1883>)
  --tokens <t>        live only: demo (demo-<hall>-<device>, default) or a JSON file {deviceId: token}
  --json <file>       write the whole result (summary and every visit) as JSON; "-" for stdout
                      instead of the table
  -h, --help          show this help

Exit codes: 0 done, 1 failed while running, 2 bad arguments or an invalid scenario (every problem
is listed).
`

export function runCommand(argv: string[], io: CliIo): CliRun {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        mode: { type: 'string', default: 'accelerated' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        policy: { type: 'string', default: 'stay' },
        predictor: { type: 'string', multiple: true },
        broker: { type: 'string', multiple: true },
        tokens: { type: 'string', default: 'demo' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (err) {
    return problems(io, 'bad arguments', [{ path: 'argv', reason: (err as Error).message }], 'run')
  }
  if (values.help === true) {
    io.stdout.write(RUN_HELP)
    return finished(EXIT.ok)
  }
  const bad: Array<{ path: string; reason: string }> = []
  const mode = values.mode as string
  if (mode !== 'accelerated' && mode !== 'live')
    bad.push({ path: '--mode', reason: `"${mode}" is neither accelerated nor live` })
  if (values.scenario === undefined) bad.push({ path: '--scenario', reason: 'required' })
  const speed = values.speed === undefined ? 1 : Number(values.speed)
  if (!(speed > 0) || !Number.isFinite(speed))
    bad.push({ path: '--speed', reason: `"${values.speed}" is not a positive number` })
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 32 - 1))
    bad.push({ path: '--seed', reason: `"${values.seed}" is not an integer 0 … 4294967295` })
  let policy: Policy | undefined
  if (values.policy === 'shorter-hall') policy = shorterHallPolicy()
  else if (values.policy !== 'stay')
    bad.push({ path: '--policy', reason: `unknown policy "${values.policy}" (stay, shorter-hall)` })
  const predictors: Predictor[] = []
  for (const name of (values.predictor as string[] | undefined) ?? []) {
    if (name === 'edge-local') predictors.push(edgeLocalPredictor)
    else if (name === 'ahead-x-mean') predictors.push(aheadTimesMeanPredictor)
    else
      bad.push({
        path: '--predictor',
        reason: `unknown predictor "${name}" (edge-local, ahead-x-mean)`,
      })
  }
  const brokers = new Map<string, string>()
  for (const b of (values.broker as string[] | undefined) ?? []) {
    const m = /^([a-z0-9][a-z0-9-]{0,31})=((mqtt|mqtts|ws|wss):\/\/\S+)$/.exec(b)
    if (m === null) bad.push({ path: '--broker', reason: `"${b}" is not <site>=mqtt://host:port` })
    else brokers.set(m[1]!, m[2]!)
  }
  let tokenSource: TokenSource = { kind: 'demo' }
  if (values.tokens !== 'demo') {
    try {
      tokenSource = {
        kind: 'map',
        tokens: JSON.parse(readFileSync(values.tokens as string, 'utf8')) as Record<string, string>,
      }
    } catch (err) {
      bad.push({
        path: '--tokens',
        reason: `cannot read ${values.tokens}: ${(err as Error).message}`,
      })
    }
  }
  if (bad.length > 0) return problems(io, 'bad arguments', bad, 'run')
  const loaded = loadScenario(values.scenario as string)
  if (!loaded.ok) return problems(io, `invalid scenario ${values.scenario}`, loaded.issues, 'run')

  const json = values.json as string | undefined
  const controller = new AbortController()
  const progress = createProgress(io, mode === 'live' ? 'live' : 'simulating')
  const onProgress = (p: {
    fraction: number
    day: string
    people: number
    events: number
    now: number
  }) => {
    const time = new Date(p.now + 8 * 3_600_000).toISOString().slice(11, 16)
    progress.update(p.fraction, `${p.day} ${time} · ${p.people} people · ${p.events} events`)
  }
  const finish = (result: RunResult): number => {
    progress.done(
      `${result.summary.total.arrivals} people in ${(result.stats.wallMs / 1000).toFixed(1)} s`,
    )
    if (json !== undefined) {
      const text = `${JSON.stringify(result)}\n`
      if (json === '-') io.stdout.write(text)
      else writeFileSync(json, text)
    }
    if (json !== '-') io.stdout.write(formatTable(result))
    return result.stats.anomalies > 0 ? EXIT.failed : EXIT.ok
  }
  const done = (async () => {
    try {
      if (mode === 'accelerated') {
        return finish(
          runAccelerated({ scenario: loaded.value, seed, policy, predictors, onProgress }),
        )
      }
      const tokensOf = (hall: HallConfig) => {
        const r = resolveTokens(hall, tokenSource)
        for (const i of r.issues) io.stderr.write(`qms-sim: ${hall.id}${i.path}: ${i.reason}\n`)
        return r.tokens
      }
      const brokerOf = (hall: HallConfig) =>
        brokers.get(hall.id) ?? `mqtt://127.0.0.1:${hall.broker?.tcpPort ?? 1883}`
      return finish(
        await runLive({
          scenario: loaded.value,
          seed,
          speed,
          brokerOf,
          tokensOf,
          onProgress,
          signal: controller.signal,
        }),
      )
    } catch (err) {
      io.stderr.write(`qms-sim: the run failed: ${(err as Error).stack ?? String(err)}\n`)
      return EXIT.failed
    }
  })()
  return {
    done,
    stop: async () => {
      controller.abort()
      await done
    },
  }
}
