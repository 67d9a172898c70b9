import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { dirname } from 'node:path'

/*
 * One child process of the district (a hall's qms-edge, qms-cloud, a private nats-server…):
 * its output appended to its log file, the line that says it is ready, a bounded stop.
 *
 * Children run in their own process group (detached): a Ctrl-C in the terminal reaches the
 * launcher alone, which then stops them in order — halls before the cloud before the services
 * they use. A hall stopped at the same moment as NATS could not hand its last events over.
 */

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null }

export interface ChildSpec<R> {
  /** For messages and the log: `hub`, `cloud`, `nats-server`. */
  name: string
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
  cwd?: string
  /** Every line of output is appended here. */
  logFile: string
  /** Returns what the ready line tells (ports…) when `line` is it, else undefined. */
  ready(line: string): R | undefined
  /** Give up waiting for the ready line after this (default 60 s). */
  readyTimeoutMs?: number
  /** After SIGTERM, wait this long before SIGKILL (default 15 s). */
  stopTimeoutMs?: number
}

export interface Child<R> {
  readonly name: string
  readonly pid: number
  /** What the ready line said. */
  readonly info: R
  readonly exited: Promise<ExitInfo>
  readonly running: boolean
  /** The last lines of output, for a message when something goes wrong. */
  tail(lines?: number): string
  /** SIGTERM, then SIGKILL (the whole process group) if it has not exited in time. */
  stop(): Promise<ExitInfo>
  /** Sends a signal now (SIGKILL goes to the whole process group). */
  kill(signal: NodeJS.Signals): void
}

export class ChildStartError extends Error {
  constructor(
    readonly child: string,
    message: string,
    readonly tail: string,
    readonly exit?: ExitInfo,
  ) {
    super(message)
    this.name = 'ChildStartError'
  }
}

const TAIL_LINES = 60

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    // The negative pid names the process group the child leads (it was spawned detached).
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // already gone
    }
  }
}

/** Starts the child and resolves once its ready line has been written. */
export function startChild<R>(spec: ChildSpec<R>): Promise<Child<R>> {
  mkdirSync(dirname(spec.logFile), { recursive: true })
  const log: WriteStream = createWriteStream(spec.logFile, { flags: 'a' })
  const proc = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const tail: string[] = []
  const listeners = new Set<(line: string) => void>()
  const splitter = () => {
    let partial = ''
    return (chunk: Buffer) => {
      log.write(chunk)
      partial += chunk.toString('utf8')
      const lines = partial.split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        tail.push(line)
        if (tail.length > TAIL_LINES) tail.shift()
        for (const l of listeners) l(line)
      }
    }
  }
  proc.stdout?.on('data', splitter())
  proc.stderr?.on('data', splitter())
  let running = true
  const exited = new Promise<ExitInfo>((resolve) => {
    proc.once('exit', (code, signal) => {
      running = false
      // The pipes may still hold the last lines: end the log once they are drained.
      const end = () => log.end()
      if (proc.stdout?.readableEnded === false) proc.stdout.once('end', end)
      else end()
      resolve({ code, signal })
    })
  })
  // A program that cannot be started at all (ENOENT, EACCES) reports it here.
  const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve))
  const tailText = (lines = 20) => tail.slice(-lines).join('\n')

  let stopping: Promise<ExitInfo> | undefined
  const stopTimeout = spec.stopTimeoutMs ?? 15_000
  const child = (info: R): Child<R> => ({
    name: spec.name,
    pid: proc.pid ?? -1,
    info,
    exited,
    get running() {
      return running
    },
    tail: tailText,
    kill(signal) {
      if (!running) return
      if (signal === 'SIGKILL') signalGroup(proc, signal)
      else proc.kill(signal)
    },
    stop() {
      stopping ??= (async () => {
        if (!running) return await exited
        proc.kill('SIGTERM')
        const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), stopTimeout)
        const exit = await exited
        clearTimeout(timer)
        return exit
      })()
      return stopping
    },
  })

  return new Promise((resolve, reject) => {
    const timeoutMs = spec.readyTimeoutMs ?? 60_000
    const fail = (message: string, exit?: ExitInfo) => {
      clearTimeout(timer)
      listeners.delete(onLine)
      signalGroup(proc, 'SIGKILL')
      reject(new ChildStartError(spec.name, message, tailText(), exit))
    }
    const timer = setTimeout(
      () => fail(`${spec.name} did not say it was ready within ${timeoutMs / 1000} s`),
      timeoutMs,
    )
    const onLine = (line: string) => {
      let info: R | undefined
      try {
        info = spec.ready(line)
      } catch {
        info = undefined
      }
      if (info === undefined) return
      clearTimeout(timer)
      listeners.delete(onLine)
      resolve(child(info))
    }
    listeners.add(onLine)
    void exited.then((exit) => {
      if (!listeners.has(onLine)) return
      const how = exit.signal ?? `code ${exit.code}`
      fail(`${spec.name} exited (${how}) before it was ready`, exit)
    })
    void spawnError.then((err) => {
      if (!listeners.has(onLine)) return
      fail(`${spec.name} could not be started: ${err.message}`)
    })
  })
}
