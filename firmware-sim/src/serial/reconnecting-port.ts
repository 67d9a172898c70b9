import { EventEmitter } from 'node:events'
import { stat } from 'node:fs'
import type { Clock, ClockTimer } from '@qms/protocol'
import { ReadlineParser } from '@serialport/parser-readline'
import { SerialPort } from 'serialport'

/*
 * The keypad's UART as firmware sees it when the cable can be pulled: it opens the path, hands
 * on lines, and when the port goes it says so and tries again with back-off until it is back.
 * While open, the path is checked every reconnect delay as well: a tty hung up between two
 * reads makes serialport 13 read 0 bytes in a loop without ever closing the port.
 */

export interface LineState {
  open: boolean
  error?: string
}

/** Longest answer kept; the dialect's lines are at most 128 bytes, anything longer is noise. */
const MAX_ANSWER = 256
const MAX_BACKOFF_FACTOR = 16

export class ReconnectingPort extends EventEmitter<{ state: [LineState]; line: [string] }> {
  #port: SerialPort | undefined
  #timer: ClockTimer | undefined
  #watchTimer: ClockTimer | undefined
  #opening: Promise<void> | undefined
  #failures = 0
  #closed = false
  #state: LineState = { open: false }
  #firstTry: Promise<void> | undefined
  #settleFirst: () => void = () => undefined

  constructor(
    private readonly path: string,
    private readonly baudRate: number,
    private readonly clock: Clock,
    private readonly reconnectDelayMs: number,
  ) {
    super()
  }

  get isOpen(): boolean {
    return this.#state.open
  }

  /** Resolves once open or once the first try failed (it keeps trying then). */
  start(): Promise<void> {
    this.#firstTry ??= new Promise<void>((resolve) => {
      this.#settleFirst = resolve
      this.#try()
    })
    return this.#firstTry
  }

  write(line: string): boolean {
    const port = this.#port
    if (port === undefined || !port.isOpen) return false
    port.write(`${line}\r\n`, 'latin1')
    return true
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer)
    this.#stopWatching()
    this.#settleFirst()
    await this.#opening
    const port = this.#port
    this.#port = undefined
    if (port?.isOpen === true) await new Promise<void>((resolve) => port.close(() => resolve()))
  }

  #report(state: LineState): void {
    if (this.#state.open === state.open && this.#state.error === state.error) return
    this.#state = state
    this.emit('state', state)
  }

  #retryLater(): void {
    const delay = this.reconnectDelayMs * Math.min(2 ** this.#failures, MAX_BACKOFF_FACTOR)
    this.#failures++
    this.#timer = this.clock.setTimeout(() => this.#try(), delay)
    this.#timer.unref?.()
  }

  #stopWatching(): void {
    if (this.#watchTimer !== undefined) this.clock.clearTimeout(this.#watchTimer)
    this.#watchTimer = undefined
  }

  #watch(port: SerialPort): void {
    this.#watchTimer = this.clock.setTimeout(() => {
      this.#watchTimer = undefined
      stat(this.path, (err) => {
        if (this.#port !== port) return
        if (err == null) return this.#watch(port)
        this.#lost(port, `line gone: ${err.code ?? err.message}`)
        if (port.isOpen) port.close()
      })
    }, this.reconnectDelayMs)
    this.#watchTimer.unref?.()
  }

  #lost(port: SerialPort, reason: string): void {
    if (this.#port !== port) return
    this.#stopWatching()
    this.#port = undefined
    if (this.#closed) return
    this.#report({ open: false, error: reason })
    this.#retryLater()
  }

  #try(): void {
    this.#timer = undefined
    if (this.#closed) return
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false })
    port.on('error', (err) => {
      if (!port.isOpen) this.#lost(port, err.message)
    })
    this.#opening = new Promise<void>((resolve) => {
      port.open((err) => {
        this.#opening = undefined
        resolve()
        if (this.#closed) {
          if (err == null) port.close()
          return
        }
        if (err != null) {
          this.#report({ open: false, error: err.message })
          this.#settleFirst()
          this.#retryLater()
          return
        }
        this.#port = port
        this.#failures = 0
        const lines = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' })
        // Not ended with the port: a line cut by the disconnect is dropped, never read half.
        port.pipe(lines, { end: false })
        lines.on('data', (line: string) => {
          const text = line.endsWith('\r') ? line.slice(0, -1) : line
          if (text.length <= MAX_ANSWER) this.emit('line', text)
        })
        port.once('close', (closeErr?: Error | null) => {
          port.unpipe(lines)
          lines.destroy()
          this.#lost(port, closeErr == null ? 'line closed' : `line lost: ${closeErr.message}`)
        })
        this.#watch(port)
        this.#report({ open: true })
        this.#settleFirst()
      })
    })
  }
}
