import { randomInt } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { type Clock, type ClockTimer, systemClock } from '@qms/protocol'
import { type KeypadAnswer, parseAnswer, requestLine, verbOf } from './line-codec.js'
import { type LineState, ReconnectingPort } from './reconnecting-port.js'

export interface SerialKeypadSimOptions {
  /** The serial device, e.g. /dev/ttyUSB1, or one end of a pseudo-terminal pair. */
  path: string
  /** Default 9600, the dialect's default. */
  baud?: number
  /** The window this keypad sits at; every request names it. */
  window: string
  /** For answer timeouts and reconnect back-off. */
  clock?: Clock
  /** How long to wait for an answer before sending the same line again. Default 2000. */
  timeoutMs?: number
  /** How often to send a line again before giving up with TIMEOUT. Default 3. */
  retries?: number
  /** First reconnect delay; it doubles per failed try up to 16 times this. Default 1000. */
  reconnectDelayMs?: number
}

export interface SimSerialKeypad {
  /**
   * Sends one request and resolves with its answer: `{ ok: true, payload }` for `OK …`/`PONG`,
   * `{ ok: false, code, message }` for `ERR …`, code `TIMEOUT` when every try went unanswered,
   * `UNAVAILABLE` when the keypad was closed first. `verb` is a dialect verb or a protocol op
   * (`'CALL'`, `'callTicket'`, `'PING'`); `args` follow the window (`['CR-002']` for TRANSFER).
   * Requests go one at a time, in order, as on a real keypad.
   */
  send(verb: string, args?: readonly string[]): Promise<KeypadAnswer>
  /** Stops; pending requests resolve with UNAVAILABLE. Idempotent. */
  close(): Promise<void>
  /** Whether the line is open now. */
  readonly open: boolean
  /** The line went up or down (with why). */
  on(event: 'state', fn: (state: LineState) => void): this
  /** A line the keypad sent (`tx`) or read (`rx`), without its line end. */
  on(event: 'tx' | 'rx', fn: (line: string) => void): this
}

type Outcome = { answer: KeypadAnswer } | 'timeout' | 'down' | 'closed'

const TAG_LIMIT = 99_999_999 // eight digits, the dialect's longest tag

/**
 * A caller keypad on a serial line, behaving as its firmware would: every request carries a
 * tag; an unanswered request is sent again with the same tag after `timeoutMs`, up to `retries`
 * times; when the line goes it says so, keeps trying to reopen with back-off, and sends the
 * request in hand again once the line is back. Resolves once the line is open or once the first
 * try to open it failed.
 */
export async function startSerialKeypad(options: SerialKeypadSimOptions): Promise<SimSerialKeypad> {
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? 2000
  const retries = options.retries ?? 3
  const events = new EventEmitter()
  const port = new ReconnectingPort(
    options.path,
    options.baud ?? 9600,
    clock,
    options.reconnectDelayMs ?? 1000,
  )
  // Firmware keeps its tag counter in RAM; starting it anywhere after a reboot keeps a tag of
  // this boot from meeting one the edge still remembers from the last.
  let nextTag = randomInt(1, 50_000)
  let waiting: { tag: string; settle: (o: Outcome) => void } | undefined
  let lineWaiters: Array<(up: boolean) => void> = []
  let chain: Promise<unknown> = Promise.resolve()
  let closed = false
  let closing: Promise<void> | undefined

  port.on('state', (state) => {
    events.emit('state', state)
    if (state.open) {
      for (const w of lineWaiters) w(true)
      lineWaiters = []
    } else {
      waiting?.settle('down')
    }
  })
  port.on('line', (line) => {
    events.emit('rx', line)
    const read = parseAnswer(line)
    if (read !== undefined && waiting !== undefined && read.tag === waiting.tag) {
      waiting.settle({ answer: read.answer })
    }
  })

  const lineUp = () =>
    new Promise<boolean>((resolve) => {
      if (closed) resolve(false)
      else if (port.isOpen) resolve(true)
      else lineWaiters.push(resolve)
    })

  const await_ = (tag: string) =>
    new Promise<Outcome>((resolve) => {
      let timer: ClockTimer | undefined
      const settle = (outcome: Outcome) => {
        if (timer !== undefined) clock.clearTimeout(timer)
        if (waiting?.settle === settle) waiting = undefined
        resolve(outcome)
      }
      waiting = { tag, settle }
      timer = clock.setTimeout(() => settle('timeout'), timeoutMs)
    })

  const exchange = async (line: string, tag: string): Promise<KeypadAnswer> => {
    let tries = 0
    while (tries <= retries) {
      if (!(await lineUp())) break
      if (!port.write(line)) continue
      events.emit('tx', line)
      const outcome = await await_(tag)
      if (outcome === 'closed') break
      if (outcome === 'timeout') tries++
      else if (outcome !== 'down') return outcome.answer
      // 'down': the line went while waiting; the same line goes again once it is back.
    }
    if (closed) return { ok: false, code: 'UNAVAILABLE', message: 'keypad closed' }
    return { ok: false, code: 'TIMEOUT', message: `no answer after ${retries + 1} tries` }
  }

  await port.start()

  const keypad: SimSerialKeypad = {
    send(verb, args = []) {
      const tag = String(nextTag)
      nextTag = nextTag >= TAG_LIMIT ? 1 : nextTag + 1
      const line = requestLine(verbOf(verb), options.window, args, tag)
      const result = chain.then(() => exchange(line, tag))
      chain = result
      return result
    },
    close() {
      closing ??= (async () => {
        closed = true
        waiting?.settle('closed')
        for (const w of lineWaiters) w(false)
        lineWaiters = []
        await port.close()
      })()
      return closing
    },
    get open() {
      return port.isOpen
    },
    on(event: string, fn: (arg: never) => void) {
      events.on(event, fn as (arg: unknown) => void)
      return keypad
    },
  }
  return keypad
}
