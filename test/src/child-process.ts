import { type ChildProcess, spawn } from 'node:child_process'
import type { Teardown } from './teardown.js'

export interface Spawned {
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string
  /** Resolves with the first stdout/stderr line that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Sends a signal and waits for the exit; resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>
  readonly exited: Promise<number | NodeJS.Signals | null>
}

/**
 * Starts a real child process (an edge agent, the cloud…) whose output the test can wait on.
 * It is killed when the test ends if it is still running.
 */
export function spawnProcess(
  t: Teardown,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const listeners = new Set<(line: string) => void>()
  let partial = ''
  const onChunk = (chunk: Buffer) => {
    const text = chunk.toString()
    out += text
    partial += text
    const lines = partial.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) for (const l of listeners) l(line)
  }
  child.stdout?.on('data', onChunk)
  child.stderr?.on('data', onChunk)
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code))
  })
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  return {
    child,
    output: () => out,
    exited,
    waitForLine(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const done = out.split('\n').find((l) => pattern.test(l))
        if (done !== undefined) {
          resolve(done)
          return
        }
        const timer = setTimeout(() => {
          listeners.delete(check)
          reject(
            new Error(
              `no line matching ${pattern} within ${timeoutMs} ms; output:\n${out.slice(-4000)}`,
            ),
          )
        }, timeoutMs)
        const check = (line: string) => {
          if (!pattern.test(line)) return
          clearTimeout(timer)
          listeners.delete(check)
          resolve(line)
        }
        listeners.add(check)
        exited.then((code) => {
          if (!listeners.has(check)) return
          clearTimeout(timer)
          listeners.delete(check)
          reject(
            new Error(
              `process exited (${code}) before a line matching ${pattern}; output:\n${out.slice(-4000)}`,
            ),
          )
        })
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return await exited
    },
  }
}
