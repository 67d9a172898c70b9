import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Teardown } from './teardown.js'
import { waitFor } from './wait.js'

export interface PtyPair {
  /** The end the program under test opens, as it would open /dev/ttyUSB0. */
  a: string
  /** The end the test (or a simulated keypad) drives. */
  b: string
  /** Takes the pair away, as unplugging the cable would. */
  unplug(): Promise<void>
  /** Makes a fresh pair at the same paths. */
  plug(): Promise<void>
}

/**
 * A real pseudo-terminal pair made by socat: bytes written to one end come out of the other,
 * through the kernel's tty layer, exactly as on a serial line.
 */
export async function ptyPair(t: Teardown): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'qms-pty-'))
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  let child: ChildProcess | undefined

  const plug = async () => {
    const proc = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: 'ignore',
    })
    child = proc
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (err) =>
        reject(new Error(`socat could not start (apt-get install socat): ${err.message}`)),
      )
      proc.once('exit', (code) => reject(new Error(`socat exited with ${code}`)))
    })
    failed.catch(() => undefined)
    await Promise.race([
      waitFor(() => existsSync(a) && existsSync(b), { what: 'pty links' }),
      failed,
    ])
  }
  const unplug = async () => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill('SIGTERM')
    await exited
    await waitFor(() => !existsSync(a) && !existsSync(b), { what: 'pty links to go' })
  }
  t.teardown(async () => {
    await unplug()
    await rm(dir, { recursive: true, force: true })
  })
  await plug()
  return { a, b, unplug, plug }
}
