import { parseArgs } from 'node:util'

/* The command line of `npm run eval`. */

export const USAGE = `npm run eval -- [options]

Scores the wait predictors and the balancing policies on the simulator's reference scenarios,
prints the tables, checks the issue's targets (PASS/FAIL, never an error exit) and writes
eval/results/latest.md and latest.json.

  --quick                 one seed, the normal day, compliance 0.3 (for development)
  --seeds N               seeds per scenario (default 3)
  --seed S                first seed (default 1; seeds S, S+1, …)
  --scenarios a,b         reference scenarios by name or file (default: the three of the simulator)
  --runs R                forward-simulation runs per prediction (default 64)
  --compliance 0.05,0.3   guidance compliance levels of the balancing runs (default 0.05,0.3,0.6)
  --balance-scenarios a   scenarios of the balancing runs (default: the normal day and the surge)
  --no-predict            skip the prediction evaluation
  --no-balance            skip the balancing evaluation
  --out DIR               where to write the results (default eval/results)

  --replay log.csv        score every predictor on a hall's log instead (format: cloud/docs/prediction.md)
  --hall hall.json        the hall of the log (default: one made from the log)
  --catalogue file.json   its catalogue (default: the hall's, else the sample catalogue)
  --tz Asia/Shanghai      time zone of a hall made from the log
`

export interface EvalArgs {
  help: boolean
  quick: boolean
  seeds: number
  seed: number
  scenarios?: string[]
  runs: number
  compliance: number[]
  balanceScenarios?: string[]
  predict: boolean
  balance: boolean
  out?: string
  replay?: string
  hall?: string
  catalogue?: string
  tz?: string
}

export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      seeds: { type: 'string' },
      seed: { type: 'string' },
      scenarios: { type: 'string' },
      runs: { type: 'string' },
      compliance: { type: 'string' },
      'balance-scenarios': { type: 'string' },
      'no-predict': { type: 'boolean' },
      'no-balance': { type: 'boolean' },
      out: { type: 'string' },
      replay: { type: 'string' },
      hall: { type: 'string' },
      catalogue: { type: 'string' },
      tz: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const num = (name: string, v: string | undefined, fallback: number, min: number) => {
    if (v === undefined) return fallback
    const n = Number(v)
    if (!Number.isFinite(n) || n < min)
      throw new Error(`--${name} must be a number ≥ ${min}, not "${v}"`)
    return n
  }
  const list = (v: string | undefined) =>
    v
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
  const quick = values.quick === true
  const compliance = (list(values.compliance) ?? (quick ? ['0.3'] : ['0.05', '0.3', '0.6'])).map(
    (c) => num('compliance', c, 0, 0),
  )
  if (compliance.some((c) => c > 1)) throw new Error('--compliance levels are shares from 0 to 1')
  const out: EvalArgs = {
    help: values.help === true,
    quick,
    seeds: Math.floor(num('seeds', values.seeds, quick ? 1 : 3, 1)),
    seed: Math.floor(num('seed', values.seed, 1, 0)),
    runs: Math.floor(num('runs', values.runs, 64, 1)),
    compliance,
    predict: values['no-predict'] !== true,
    balance: values['no-balance'] !== true,
  }
  const scenarios = list(values.scenarios) ?? (quick ? ['sample-normal-day'] : undefined)
  if (scenarios !== undefined) out.scenarios = scenarios
  const balanceScenarios = list(values['balance-scenarios'])
  if (balanceScenarios !== undefined) out.balanceScenarios = balanceScenarios
  for (const k of ['out', 'replay', 'hall', 'catalogue', 'tz'] as const)
    if (values[k] !== undefined) out[k] = values[k]
  return out
}
