import { QmsError } from '@qms/protocol'
import { runPrinterCli } from '../printer/index.js'
import { type CliIo, type CliRun, EXIT, finished, problems } from './io.js'

/** `qms-sim printer …`: the virtual ESC/POS printer, built in firmware-sim/src/printer/. */
export async function printerCommand(argv: string[], io: CliIo): Promise<CliRun> {
  try {
    const handle = await runPrinterCli(argv, io)
    if (handle === null) return finished(EXIT.ok)
    let resolveDone: (code: number) => void = () => undefined
    const done = new Promise<number>((resolve) => {
      resolveDone = resolve
    })
    return {
      done,
      stop: async () => {
        await handle.close()
        resolveDone(EXIT.ok)
      },
    }
  } catch (err) {
    if (err instanceof QmsError && err.code === 'CONFIG_INVALID')
      return problems(io, 'bad arguments', [{ path: 'argv', reason: err.message }], 'printer')
    throw err
  }
}
