import { stat } from 'node:fs'
import type { Clock, ClockTimer } from '@qms/protocol'
import type { Logger } from 'pino'
import { SerialPort } from 'serialport'
import { createLineReader } from './line-guard.js'

/*
 * A serial port that stays wanted: it opens the path, hands on each line it reads, and when
 * the port goes away (a USB adapter pulled, a pseudo-terminal closed) it reports the line down
 * and tries the path again with back-off until it opens once more. Nothing here knows the
 * dialect.
 *
 * The port's own 'close' is not enough to notice a device that went: when a tty is hung up
 * between two reads, Linux answers each later read with 0 bytes, and serialport 13's unixRead
 * retries a 0-byte read at once, forever, without an error. So while the port is open, the
 * path is also checked every `reopenDelayMs`; a path that is gone closes the port, which ends
 * that loop.
 */

export interface LineState {
  open: boolean
  error?: string
}

export interface LinePortOptions {
  path: string
  baudRate: number
  clock: Clock
  /** First back-off delay; it doubles per failed try up to 16 times this. */
  reopenDelayMs: number
  onLine(line: string): void
  onState(state: LineState): void
  logger?: Logger | undefined
}

export interface LinePort {
  /** Resolves once the port is open or the first try has failed (it keeps trying then). */
  start(): Promise<void>
  /** Sends text if the port is open; false when it is not (the text is dropped). */
  write(text: string): boolean
  /** Stops trying and closes the port. Idempotent. */
  close(): Promise<void>
}

const MAX_BACKOFF_FACTOR = 16
const DRAIN_LIMIT_MS = 1000 // 128 bytes take 133 ms at 9600 baud

export function createLinePort(opts: LinePortOptions): LinePort {
  const { clock, logger } = opts
  let port: SerialPort | undefined
  let reader: ReturnType<typeof createLineReader> | undefined
  let timer: ClockTimer | undefined
  let watchTimer: ClockTimer | undefined
  let opening: Promise<void> | undefined
  let failures = 0
  let closing: Promise<void> | undefined
  let last: LineState | undefined
  let started: Promise<void> | undefined
  let settleStart: () => void = () => undefined

  const report = (state: LineState) => {
    if (last?.open === state.open && last.error === state.error) return
    last = state
    opts.onState(state)
  }

  const schedule = () => {
    const delay = opts.reopenDelayMs * Math.min(2 ** failures, MAX_BACKOFF_FACTOR)
    failures++
    timer = clock.setTimeout(attempt, delay)
    timer.unref?.()
  }

  const stopWatching = () => {
    if (watchTimer !== undefined) clock.clearTimeout(watchTimer)
    watchTimer = undefined
  }

  /** Checks now and then that the open port's device is still there. */
  const watch = (p: SerialPort) => {
    watchTimer = clock.setTimeout(() => {
      watchTimer = undefined
      stat(opts.path, (err) => {
        if (port !== p) return
        if (err == null) return watch(p)
        lost(p, `device gone: ${err.code ?? err.message}`)
        if (p.isOpen) p.close()
      })
    }, opts.reopenDelayMs)
    watchTimer.unref?.()
  }

  const lost = (p: SerialPort, reason: string) => {
    if (port !== p) return
    stopWatching()
    port = undefined
    reader?.destroy()
    reader = undefined
    if (closing !== undefined) return
    logger?.warn({ reason }, 'serial line lost')
    report({ open: false, error: reason })
    schedule()
  }

  function attempt(): void {
    timer = undefined
    if (closing !== undefined) return
    const p = new SerialPort({ path: opts.path, baudRate: opts.baudRate, autoOpen: false })
    // Without a listener an 'error' event would throw; a port that errors and is no longer
    // open is as good as gone.
    p.on('error', (err) => {
      logger?.warn({ err }, 'serial port error')
      if (!p.isOpen) lost(p, err.message)
    })
    opening = new Promise<void>((resolve) => {
      p.open((err) => {
        opening = undefined
        resolve()
        if (closing !== undefined) {
          if (err == null) p.close()
          return
        }
        if (err != null) {
          if (failures === 0) logger?.warn({ err: err.message }, 'serial port does not open')
          report({ open: false, error: err.message })
          settleStart()
          schedule()
          return
        }
        port = p
        failures = 0
        const lines = createLineReader(opts.onLine)
        reader = lines
        p.on('data', (chunk: Buffer) => lines.write(chunk))
        p.once('close', (closeErr?: Error | null) =>
          lost(p, closeErr == null ? 'port closed' : `port closed: ${closeErr.message}`),
        )
        watch(p)
        logger?.info('serial port open')
        report({ open: true })
        settleStart()
      })
    })
  }

  return {
    start() {
      started ??= new Promise<void>((resolve) => {
        settleStart = resolve
        attempt()
      })
      return started
    },
    write(text) {
      const p = port
      if (p === undefined || !p.isOpen) return false
      p.write(Buffer.from(text, 'latin1'), (err) => {
        if (err != null) logger?.warn({ err }, 'serial write failed')
      })
      return true
    },
    close() {
      closing ??= (async () => {
        if (timer !== undefined) clock.clearTimeout(timer)
        timer = undefined
        stopWatching()
        settleStart()
        await opening
        const p = port
        port = undefined
        reader?.destroy()
        reader = undefined
        if (p?.isOpen === true) {
          // Let the last answer leave the UART before the port goes, but not wait for ever.
          let limit: ClockTimer | undefined
          await Promise.race([
            new Promise<void>((resolve) => p.drain(() => resolve())),
            new Promise<void>((resolve) => {
              limit = clock.setTimeout(resolve, DRAIN_LIMIT_MS)
            }),
          ])
          if (limit !== undefined) clock.clearTimeout(limit)
          await new Promise<void>((resolve) => p.close(() => resolve()))
        }
      })()
      return closing
    },
  }
}
