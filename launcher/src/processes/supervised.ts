import { EventEmitter } from 'node:events'
import { type Child, type ChildSpec, ChildStartError, type ExitInfo, startChild } from './child.js'

/*
 * A child the district keeps running, as systemd's Restart=on-failure would: when it exits
 * without being asked to (a crash, a SIGKILL, the OOM killer), it is started again after a
 * back-off (1 s doubling to 30 s, reset once it has run a minute). Exit code 2 means a bad
 * configuration: starting again would fail the same way, so it is reported and left stopped.
 */

export interface SupervisedEvents<R> {
  /** Started (again): the ready line's information. */
  started: [{ info: R; pid: number; restarts: number }]
  /** Exited without being asked to; `restartInMs` undefined when it will not be restarted. */
  exited: [{ exit: ExitInfo; restartInMs?: number; tail: string }]
  /** A restart failed; another is tried after the back-off. */
  'restart-failed': [{ error: Error; restartInMs: number }]
}

export interface SuperviseOptions {
  /** First restart delay (default 1 s), doubling up to `maxRestartMs` (default 30 s). */
  restartMs?: number
  maxRestartMs?: number
  /** A run at least this long resets the back-off (default 60 s). */
  stableMs?: number
}

export class Supervised<R> extends EventEmitter<SupervisedEvents<R>> {
  private child: Child<R> | undefined
  private wanted = false
  private restarts = 0
  private delay: number
  private timer: ReturnType<typeof setTimeout> | undefined
  /** A restart under way, so that stop() waits for it. */
  private starting: Promise<void> | undefined
  private startedAt = 0
  private readonly options: Required<SuperviseOptions>

  /** `spec` is asked anew at every start, so a restart can take new settings (ports). */
  constructor(
    readonly name: string,
    private readonly spec: () => ChildSpec<R>,
    options: SuperviseOptions = {},
  ) {
    super()
    this.options = {
      restartMs: options.restartMs ?? 1000,
      maxRestartMs: options.maxRestartMs ?? 30_000,
      stableMs: options.stableMs ?? 60_000,
    }
    this.delay = this.options.restartMs
  }

  /** The running child's ready information, if it runs. */
  get info(): R | undefined {
    return this.child?.running === true ? this.child.info : undefined
  }

  get pid(): number | undefined {
    return this.child?.running === true ? this.child.pid : undefined
  }

  get running(): boolean {
    return this.child?.running === true
  }

  tail(lines?: number): string {
    return this.child?.tail(lines) ?? ''
  }

  /** Starts it; rejects (ChildStartError) if this first start fails. */
  async start(): Promise<R> {
    this.wanted = true
    const run = (async () => {
      const child = await startChild(this.spec())
      if (!this.wanted) {
        // stop() was called while it was starting: it waits for this.
        await child.stop()
        throw new Error(`${this.name} was stopped while starting`)
      }
      this.adopt(child)
      return child.info
    })()
    this.starting = run.then(
      () => undefined,
      () => undefined,
    )
    return await run
  }

  private adopt(child: Child<R>) {
    this.child = child
    this.startedAt = Date.now()
    this.emit('started', { info: child.info, pid: child.pid, restarts: this.restarts })
    void child.exited.then((exit) => {
      if (this.child !== child || !this.wanted) return
      if (Date.now() - this.startedAt >= this.options.stableMs) this.delay = this.options.restartMs
      if (exit.code === 2) {
        this.wanted = false
        this.emit('exited', { exit, tail: child.tail() })
        return
      }
      this.emit('exited', { exit, restartInMs: this.delay, tail: child.tail() })
      this.scheduleRestart()
    })
  }

  private scheduleRestart() {
    const delay = this.delay
    this.delay = Math.min(this.delay * 2, this.options.maxRestartMs)
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (!this.wanted) return
      this.restarts++
      this.starting = startChild(this.spec()).then(
        async (child) => {
          if (this.wanted) this.adopt(child)
          else await child.stop()
        },
        (error: Error) => {
          if (!this.wanted) return
          const code = error instanceof ChildStartError ? error.exit?.code : undefined
          if (code === 2) {
            this.wanted = false
            this.emit('exited', {
              exit:
                error instanceof ChildStartError && error.exit
                  ? error.exit
                  : { code, signal: null },
              tail: error instanceof ChildStartError ? error.tail : '',
            })
            return
          }
          this.emit('restart-failed', { error, restartInMs: this.delay })
          this.scheduleRestart()
        },
      )
      void this.starting.finally(() => {
        this.starting = undefined
      })
    }, delay)
  }

  /** Sends a signal as the operating system would (SIGKILL: a crash); it is restarted. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal)
  }

  /** Kills it now (SIGKILL to its process group) and does not restart it. */
  forceStop(): void {
    this.wanted = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.child?.kill('SIGKILL')
  }

  /** Stops it for good (SIGTERM, bounded), and cancels any restart. */
  async stop(): Promise<ExitInfo | undefined> {
    this.wanted = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    // A start under way finishes first; it then sees it is not wanted and stops its child.
    await this.starting
    return await this.child?.stop()
  }

  /** Stops it (SIGTERM: it drains) and starts it again at once. */
  async restart(): Promise<R> {
    await this.stop()
    this.delay = this.options.restartMs
    return await this.start()
  }
}
