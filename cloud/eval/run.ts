import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { type EvalArgs, parseEvalArgs, USAGE } from './args.js'
import { type BalanceOutcome, runBalance } from './balance-eval.js'
import { AHEAD_BANDS, byBand, LOAD_BANDS, score } from './metrics.js'
import { evaluatePredictors, type PredictorRows } from './predict-eval.js'
import { readLog } from './replay/log.js'
import { replayLog } from './replay/replay.js'
import {
  balanceTable,
  balanceTargets,
  bandTable,
  overallTable,
  predictionTargets,
  type Target,
  targetLines,
} from './report.js'
import { type LoadedScenario, loadScenario } from './sim.js'

/*
 * `npm run eval`: the prediction and balancing evaluations on the simulator's reference
 * scenarios, or (`--replay`) the predictors on a hall's log. A report, not a test: a missed
 * target prints FAIL and the process still exits 0; only bad arguments or files exit non-zero.
 */

const here = dirname(fileURLToPath(import.meta.url))
const SCENARIO_DIR = resolve(here, '../../firmware-sim/scenarios')
const SAMPLE = resolve(here, '../../protocol/sample')
const REFERENCE = ['sample-normal-day', 'sample-surge-east', 'sample-hub-short-staffed']
const NORMAL = 'sample-normal-day'
const SURGE = 'sample-surge-east'
const POLICIES = ['nearest', 'jsq', 'ours'] as const

const out = (text = '') => process.stdout.write(`${text}\n`)
/** Where the command was typed: npm runs the script in cloud/, and says where it was called from. */
const cwd = process.env.INIT_CWD ?? process.cwd()
const fromCwd = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file))

function scenarioFile(name: string): string {
  if (name.endsWith('.json')) return fromCwd(name)
  return resolve(SCENARIO_DIR, `${name}.json`)
}

function load(name: string): LoadedScenario {
  const r = loadScenario(scenarioFile(name))
  if (!r.ok)
    throw new Error(
      `scenario ${name}:\n${r.issues.map((i) => `  ${i.path}: ${i.reason}`).join('\n')}`,
    )
  return r.value
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

function replay(args: EvalArgs): void {
  const file = fromCwd(args.replay!)
  const rows = readLog(readFileSync(file, 'utf8'))
  let hall: HallConfig | undefined
  let catalogue = readJson<Catalogue>(resolve(SAMPLE, 'catalogue.json'))
  if (args.hall !== undefined) {
    hall = readJson<HallConfig>(fromCwd(args.hall))
    if (args.catalogue === undefined && hall.catalogue !== undefined)
      catalogue = readJson<Catalogue>(resolve(dirname(fromCwd(args.hall)), hall.catalogue))
  }
  if (args.catalogue !== undefined) catalogue = readJson<Catalogue>(fromCwd(args.catalogue))
  const started = performance.now()
  const result = replayLog(rows, catalogue, {
    ...(hall === undefined ? {} : { hall }),
    catalogue,
    ...(args.tz === undefined ? {} : { timeZone: args.tz }),
    runs: args.runs,
  })
  const lines = [
    `# Replay of ${file}`,
    '',
    `${result.tickets} tickets, hall ${result.hall.id} (${result.hall.windows.length} windows), ${Math.round(performance.now() - started) / 1000} s`,
    result.anomalies.length === 0
      ? ''
      : `\n${result.anomalies.length} rows the engine could not follow, e.g. ${result.anomalies[0]}`,
    '',
    overallTable(result.predictors),
    '',
    bandTable(result.predictors, 'ahead'),
    '',
    bandTable(result.predictors, 'load'),
  ]
  out(lines.join('\n'))
}

function main(): void {
  let args: EvalArgs
  try {
    args = parseEvalArgs(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (args.help) {
    out(USAGE)
    return
  }
  if (args.replay !== undefined) {
    replay(args)
    return
  }
  const started = performance.now()
  const seeds = Array.from({ length: args.seeds }, (_, i) => args.seed + i)
  const md: string[] = [
    '# Evaluation results',
    '',
    `Command: \`npm run eval -- ${process.argv.slice(2).join(' ')}\` · seeds ${seeds.join(', ')} · ${args.runs} forward runs per prediction`,
    '',
  ]
  const json: Record<string, unknown> = { seeds, runs: args.runs, prediction: {}, balance: {} }
  const targets: Array<{ section: string; targets: Target[] }> = []
  const warmup = load(NORMAL)

  if (args.predict) {
    md.push('## Wait prediction', '')
    for (const name of args.scenarios ?? REFERENCE) {
      const scenario = load(name)
      out(`prediction: ${scenario.scenario.name} …`)
      const r = evaluatePredictors(scenario, warmup, seeds, { runs: args.runs, onProgress: out })
      const section = predictionSection(scenario.scenario.name, r.predictors)
      out(section)
      md.push(section, '')
      ;(json.prediction as Record<string, unknown>)[scenario.scenario.name] = summaryJson(
        r.predictors,
      )
      if (scenario.scenario.name === NORMAL) {
        const t = predictionTargets(r.predictors)
        targets.push({ section: `prediction targets (${NORMAL})`, targets: t })
      }
    }
  }

  if (args.balance) {
    md.push('## Balancing', '')
    for (const name of args.balanceScenarios ?? (args.quick ? [NORMAL] : [NORMAL, SURGE])) {
      const scenario = load(name)
      const outcomes: BalanceOutcome[] = []
      for (const seed of seeds) {
        const specs = [
          { policy: 'none' as const, compliance: 0, manager: false, seed },
          { policy: 'none' as const, compliance: 0, manager: true, seed },
          ...args.compliance.flatMap((compliance) => [
            ...POLICIES.map((policy) => ({ policy, compliance, manager: true, seed })),
            { policy: 'ours' as const, compliance, manager: false, seed },
          ]),
        ]
        for (const spec of specs) {
          const o = runBalance(scenario, spec)
          outcomes.push(o)
          out(
            `balance: ${scenario.scenario.name} seed ${seed} ${spec.policy}${spec.manager ? '+alerts' : ''} ${spec.policy === 'none' ? '' : spec.compliance}: mean wait ${o.meanWait.toFixed(2)}, ${Math.round(o.wallMs / 1000)} s`,
          )
        }
      }
      const section = [`### ${scenario.scenario.name}`, '', balanceTable(outcomes)].join('\n')
      out(section)
      md.push(section, '')
      ;(json.balance as Record<string, unknown>)[scenario.scenario.name] = outcomes.map(
        ({ manager, ...o }) => ({
          ...o,
          ...(manager === undefined
            ? {}
            : {
                manager: {
                  raised: manager.raised,
                  acted: manager.acted,
                  byRule: manager.byRule,
                  opened: manager.opened.length,
                },
              }),
        }),
      )
      targets.push({
        section: `balancing targets (${scenario.scenario.name})`,
        targets: balanceTargets(outcomes),
      })
    }
  }

  md.push('## Targets', '')
  for (const t of targets) {
    md.push(`### ${t.section}`, '', targetLines(t.targets), '')
    out(`\n${t.section}:\n${targetLines(t.targets)}`)
  }
  const wall = Math.round((performance.now() - started) / 1000)
  md.push(`Run time: ${wall} s.`, '')
  json.targets = targets
  json.wallSeconds = wall
  const dir = args.out === undefined ? resolve(here, 'results') : fromCwd(args.out)
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true })
  writeFileSync(resolve(dir, 'latest.md'), md.join('\n'))
  writeFileSync(resolve(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`)
  out(`\nwritten: ${resolve(dir, 'latest.md')} and latest.json (${wall} s)`)
}

function predictionSection(name: string, predictors: readonly PredictorRows[]): string {
  return [
    `### ${name}`,
    '',
    overallTable(predictors),
    '',
    'By people ahead (MSE):',
    '',
    bandTable(predictors, 'ahead'),
    '',
    'By load (MSE):',
    '',
    bandTable(predictors, 'load'),
  ].join('\n')
}

function summaryJson(predictors: readonly PredictorRows[]) {
  return predictors.map((p) => ({
    name: p.name,
    label: p.label,
    overall: score(p.rows),
    byAhead: byBand(p.rows, AHEAD_BANDS),
    byLoad: byBand(p.rows, LOAD_BANDS),
  }))
}

main()
