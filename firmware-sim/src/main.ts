import { devicesCommand } from './cli/devices-command.js'
import { type CliIo, type CliRun, EXIT } from './cli/io.js'
import { keypadCommand } from './cli/keypad-command.js'
import { printerCommand } from './cli/printer-command.js'
import { runCommand } from './cli/run-command.js'

const HELP = `qms-sim — simulated hall devices, a virtual ESC/POS printer and the district scenario runner.
(政务大厅设备仿真、虚拟小票打印机与区县场景仿真)

Usage:
  qms-sim devices --config <hall.json> [--broker mqtt://…] [--tokens demo|file]
  qms-sim run --scenario <scenario.json> --mode live|accelerated [--speed k] [--seed s] [--json out.json]
  qms-sim printer [--port 9100] [--width 58|80] [--out DIR]
  qms-sim keypad --path <serial device> --window <no>

Each command has its own --help.

Options:
  -h, --help     show this help
`

/** A hard stop if closing hangs after a signal. */
const HARD_EXIT_MS = 10_000

const io: CliIo = { stdout: process.stdout, stderr: process.stderr }
const [command, ...rest] = process.argv.slice(2)

async function dispatch(): Promise<CliRun | number> {
  switch (command) {
    case 'devices':
      return devicesCommand(rest, io)
    case 'run':
      return runCommand(rest, io)
    case 'printer':
      return await printerCommand(rest, io)
    case 'keypad':
      return await keypadCommand(rest, io)
    case '-h':
    case '--help':
      process.stdout.write(HELP)
      return EXIT.ok
    case undefined:
      process.stdout.write(HELP)
      return EXIT.usage
    default:
      process.stderr.write(`qms-sim: unknown command "${command}"\n\n${HELP}`)
      return EXIT.usage
  }
}

/** Exits once stdout and stderr have handed everything over (pipes are asynchronous). */
async function exit(code: number): Promise<never> {
  const flush = (s: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => s.write('', () => resolve()))
  await Promise.all([flush(process.stdout), flush(process.stderr)])
  process.exit(code)
}

try {
  const run = await dispatch()
  if (typeof run === 'number') await exit(run)
  if (typeof run === 'number') throw new Error('unreachable')
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(EXIT.failed)
    stopping = true
    process.stderr.write(`qms-sim: ${signal}, stopping\n`)
    setTimeout(() => process.exit(EXIT.failed), HARD_EXIT_MS).unref()
    void run.stop()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  await exit(await run.done)
} catch (err) {
  process.stderr.write(`qms-sim: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(EXIT.failed)
}
