import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { startSerialKeypad } from '../serial/index.js'
import { type CliIo, type CliRun, EXIT, finished, problems } from './io.js'

export const KEYPAD_HELP = `qms-sim keypad — a window's caller keypad on a serial line (串口呼叫器)

Usage:
  qms-sim keypad --path <device> --window <no> [--baud 9600]

Speaks the edge's qms-line-1 dialect on the serial device (or one end of a pseudo-terminal pair).
Type one request per line and read the answer: call, recall, start, complete, noshow,
transfer <item>, park, callback [ticket], callTicket <ticket>, pause, resume, open, close, ping.
The line going down and coming back is reported. End with Ctrl-D or Ctrl-C.

Options:
  --path <device>   e.g. /dev/ttyUSB1
  --window <no>     the window the keypad sits at
  --baud <n>        line speed (default 9600)
  -h, --help        show this help
`

export async function keypadCommand(
  argv: string[],
  io: CliIo,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<CliRun> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        path: { type: 'string' },
        window: { type: 'string' },
        baud: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (err) {
    return problems(
      io,
      'bad arguments',
      [{ path: 'argv', reason: (err as Error).message }],
      'keypad',
    )
  }
  if (values.help === true) {
    io.stdout.write(KEYPAD_HELP)
    return finished(EXIT.ok)
  }
  const bad: Array<{ path: string; reason: string }> = []
  if (values.path === undefined) bad.push({ path: '--path', reason: 'required' })
  if (
    values.window === undefined ||
    !/^[A-Za-z0-9][A-Za-z0-9-]{0,7}$/.test(values.window as string)
  )
    bad.push({ path: '--window', reason: 'required: a window number such as 5' })
  const baud = values.baud === undefined ? 9600 : Number(values.baud)
  if (!Number.isInteger(baud) || baud < 1200 || baud > 921_600)
    bad.push({ path: '--baud', reason: `"${values.baud}" is not a line speed` })
  if (bad.length > 0) return problems(io, 'bad arguments', bad, 'keypad')

  const keypad = await startSerialKeypad({
    path: values.path as string,
    window: values.window as string,
    baud,
  })
  keypad.on('state', (s) => io.stderr.write(`line: ${JSON.stringify(s)}\n`))
  io.stderr.write(
    `qms-sim: keypad of window ${values.window} on ${values.path}; type a request, e.g. call\n`,
  )
  const rl = createInterface({ input, terminal: false })
  let resolveDone: (code: number) => void = () => undefined
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve
  })
  let chain = Promise.resolve()
  rl.on('line', (line) => {
    const [verb, ...args] = line.trim().split(/\s+/)
    if (verb === undefined || verb === '') return
    chain = chain.then(async () => {
      const answer = await keypad.send(verb, args)
      io.stdout.write(`${JSON.stringify(answer)}\n`)
    })
  })
  const stop = async () => {
    rl.close()
    await chain.catch(() => undefined)
    await keypad.close()
    resolveDone(EXIT.ok)
  }
  rl.on('close', () => void stop())
  return { done, stop }
}
