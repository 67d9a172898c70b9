import { EventEmitter } from 'node:events'
import {
  type Clock,
  type DeviceRequest,
  type DeviceResponse,
  isQmsError,
  QmsError,
  type SerialConfig,
  systemClock,
} from '@qms/protocol'
import type { Logger } from 'pino'
import {
  type CallerCommand,
  DIALECT,
  HANDLE_TIMEOUT_MS,
  LINE_END,
  MAX_QUEUED_LINES,
} from './dialect.js'
import { formatError, formatPong, formatResponse } from './format-line.js'
import { createLinePort, type LineState } from './line-port.js'
import { type ParsedLine, parseLine } from './parse-line.js'
import { createStamper, serialReqId } from './req-id.js'
import { createRetryMemory, type Remembered } from './retry-memory.js'

export interface SerialKeypadOptions {
  config: SerialConfig
  /** Runs the request as an MQTT caller's would, and answers as the queue does. */
  handle: (request: DeviceRequest) => Promise<DeviceResponse>
  /** For the reopen back-off, the request timeout and the retry memory. */
  clock?: Clock
  logger?: Logger
  /** First reopen delay; it doubles per failed try up to 16 times this. Default 1000. */
  reopenDelayMs?: number
}

export type SerialKeypadState = LineState

export interface SerialKeypad {
  /** Opens the port; resolves once it is open or the first try failed (it keeps trying then). */
  start(): Promise<void>
  /** Stops reading, lets the request in hand be answered, closes the port. Idempotent. */
  close(): Promise<void>
  /** The line went up (`open: true`) or down (`open: false`, with why). */
  on(event: 'state', fn: (state: SerialKeypadState) => void): this
}

const TIMED_OUT = Symbol('timed out')

/**
 * A caller keypad on a serial line speaking `qms-line-1` (edge-agent/docs/serial.md). Every
 * non-empty line gets exactly one answer line, in the order the lines came; requests go to
 * `handle` one at a time; a retried tag is answered from memory without running again.
 */
export function createSerialKeypad(options: SerialKeypadOptions): SerialKeypad {
  const { config, handle } = options
  if (config.dialect !== DIALECT) {
    throw new QmsError('CONFIG_INVALID', `serial ${config.path}: dialect must be ${DIALECT}`)
  }
  const clock = options.clock ?? systemClock
  const logger = options.logger?.child({ serial: config.path, device: config.device })
  const events = new EventEmitter()
  const memory = createRetryMemory()
  const stamp = createStamper(() => clock.now())
  const queue: ParsedLine[] = []
  let current: Promise<void> | undefined
  let accepting = true
  let closing: Promise<void> | undefined

  const send = (line: string) => {
    if (!port.write(`${line}${LINE_END}`)) logger?.warn({ line }, 'answer dropped: line is down')
  }

  /** The queue's answer; never rejects, whatever `handle` does. */
  const run = async (request: DeviceRequest): Promise<DeviceResponse> => {
    try {
      return await handle(request)
    } catch (err) {
      if (!isQmsError(err)) logger?.error({ err, reqId: request.reqId }, 'serial request failed')
      const error = isQmsError(err) ? err : new QmsError('INTERNAL')
      return { reqId: request.reqId, ok: false, op: request.op, error: error.toBody() }
    }
  }

  const within = async (answer: Promise<DeviceResponse>) => {
    let timer: ReturnType<Clock['setTimeout']> | undefined
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = clock.setTimeout(() => resolve(TIMED_OUT), HANDLE_TIMEOUT_MS)
    })
    try {
      return await Promise.race([answer, timeout])
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer)
    }
  }

  const request = async (command: CallerCommand, key: string, tag: string | undefined) => {
    const now = clock.now()
    let job: Remembered | undefined = tag === undefined ? undefined : memory.recall(tag, key, now)
    if (job !== undefined) {
      logger?.debug({ reqId: job.reqId, tag }, 'retry answered from memory')
    } else {
      const reqId = serialReqId(config.device, stamp(), tag)
      job = { reqId, answer: run({ ...command, reqId } as DeviceRequest) }
      if (tag !== undefined) memory.remember(tag, key, job, now)
    }
    const res = await within(job.answer)
    if (res === TIMED_OUT) {
      logger?.warn({ reqId: job.reqId }, 'serial request timed out')
      return formatError('TIMEOUT', 'no answer from the queue in time; send it again', tag)
    }
    try {
      return formatResponse(res, tag)
    } catch (err) {
      logger?.error({ err, reqId: job.reqId }, 'answer does not fit the protocol')
      return formatError('INTERNAL', 'internal error', tag)
    }
  }

  const answer = async (parsed: ParsedLine): Promise<string | undefined> => {
    switch (parsed.kind) {
      case 'empty':
        return undefined
      case 'ping':
        return formatPong(parsed.tag)
      case 'invalid':
        logger?.debug({ code: parsed.code, reason: parsed.message }, 'bad serial line')
        return formatError(parsed.code, parsed.message, parsed.tag)
      case 'request':
        return request(parsed.command, parsed.key, parsed.tag)
    }
  }

  const pump = () => {
    if (current !== undefined) return
    const next = queue.shift()
    if (next === undefined) return
    current = answer(next)
      .then((line) => {
        if (line !== undefined) send(line)
      })
      .catch((err: unknown) => logger?.error({ err }, 'serial line not answered'))
      .finally(() => {
        current = undefined
        if (accepting) pump()
      })
  }

  const onLine = (line: string) => {
    if (!accepting) return
    const parsed = parseLine(line, config.window)
    if (parsed.kind === 'empty') return
    if (queue.length >= MAX_QUEUED_LINES) {
      // A keypad waits for each answer; a backlog this long is noise, not requests.
      logger?.warn({ queued: queue.length }, 'serial line dropped: too many unanswered lines')
      return
    }
    queue.push(parsed)
    logger?.debug({ kind: parsed.kind, queued: queue.length }, 'serial line read')
    pump()
  }

  const port = createLinePort({
    path: config.path,
    baudRate: config.baud,
    clock,
    reopenDelayMs: options.reopenDelayMs ?? 1000,
    logger,
    onLine,
    onState: (state) => events.emit('state', state),
  })

  const keypad: SerialKeypad = {
    start: () => port.start(),
    close() {
      closing ??= (async () => {
        accepting = false
        queue.length = 0
        await current
        await port.close()
      })()
      return closing
    },
    on(event, fn) {
      events.on(event, fn)
      return keypad
    },
  }
  return keypad
}
