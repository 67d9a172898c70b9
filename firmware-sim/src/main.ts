import { parseArgs } from 'node:util'

const HELP = `qms-sim — simulated hall devices, a virtual ESC/POS printer and the district scenario runner.

Usage:
  qms-sim devices --config <hall.json>
  qms-sim run --scenario <scenario.json> --mode live|accelerated [--speed k] [--seed s]

Options:
  -h, --help     show this help
`

const { values, positionals } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
  strict: false,
})

if (values.help === true || positionals.length === 0) {
  process.stdout.write(HELP)
  process.exit(values.help === true ? 0 : 2)
}
process.stderr.write('qms-sim: the simulator is not built yet\n')
process.exit(1)
