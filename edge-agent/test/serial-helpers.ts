/*
 * Helpers for the serial keypad's integration tests (not a test file): a stand-in for the
 * queue that answers as the engine does, and the far end of a pseudo-terminal read byte by byte.
 */
import { Writable } from 'node:stream'
import type { DeviceRequest, DeviceResponse, ErrorCode, WindowState } from '@qms/protocol'
import { QmsError } from '@qms/protocol'
import { type Teardown, waitFor } from '@qms/test'
import { type Logger, pino } from 'pino'
import { SerialPort } from 'serialport'

export interface StandInQueue {
  /** Every request `handle` was given, in order. */
  requests: DeviceRequest[]
  handle(request: DeviceRequest): Promise<DeviceResponse>
  /** Requests wait until the returned function is called. */
  hold(): () => void
  /** The next request throws this instead of answering. */
  throwNext(err: unknown): void
}

/**
 * Answers caller requests the way the queue engine does for one window: A023, A024, … are
 * waiting; a call takes the next, start/complete move it on, pause/open/close set the window.
 */
export function createStandInQueue(waiting = ['A023', 'A024', 'A025']): StandInQueue {
  const queue = [...waiting]
  const requests: DeviceRequest[] = []
  let current: { ticket: string; recalls: number } | undefined
  let windowState: WindowState = 'idle'
  let gate: Promise<void> | undefined
  let toThrow: unknown
  const fail = (req: DeviceRequest, code: ErrorCode): DeviceResponse => ({
    reqId: req.reqId,
    ok: false,
    op: req.op,
    error: new QmsError(code).toBody(),
  })
  const called = (req: DeviceRequest, ticket: string, recalls = 0) =>
    ({
      reqId: req.reqId,
      ok: true,
      op: req.op,
      result: {
        ticket,
        window: '5',
        item: 'HJ-001',
        itemName: '身份证申领',
        recalls,
        waitedMin: 3,
      },
    }) as DeviceResponse
  const acted = (req: DeviceRequest, ticket: string, state: string) =>
    ({
      reqId: req.reqId,
      ok: true,
      op: req.op,
      result: { ticket, window: '5', state, item: 'HJ-001' },
    }) as DeviceResponse
  const windowSet = (req: DeviceRequest, state: WindowState) => {
    windowState = state
    return {
      reqId: req.reqId,
      ok: true,
      op: req.op,
      result: { window: '5', state },
    } as DeviceResponse
  }

  return {
    requests,
    async handle(req) {
      requests.push(req)
      await gate
      if (toThrow !== undefined) {
        const err = toThrow
        toThrow = undefined
        throw err
      }
      switch (req.op) {
        case 'call': {
          if (windowState === 'paused') return fail(req, 'WINDOW_PAUSED')
          const ticket = queue.shift()
          if (ticket === undefined) return fail(req, 'NO_TICKET')
          current = { ticket, recalls: 0 }
          return called(req, ticket)
        }
        case 'callTicket':
        case 'callback':
          current = { ticket: req.ticket ?? 'P001', recalls: 0 }
          return called(req, current.ticket)
        case 'recall':
          if (current === undefined) return fail(req, 'NO_CURRENT_TICKET')
          current.recalls++
          return called(req, current.ticket, current.recalls)
        case 'start':
        case 'complete':
        case 'noshow':
        case 'transfer':
        case 'park': {
          if (current === undefined) return fail(req, 'NO_CURRENT_TICKET')
          const state = {
            start: 'serving',
            complete: 'done',
            noshow: 'noshow',
            transfer: 'transferred',
            park: 'parked',
          }[req.op]
          const { ticket } = current
          if (req.op !== 'start') current = undefined
          return acted(req, ticket, state)
        }
        case 'pause':
          return windowSet(req, 'paused')
        case 'resume':
        case 'open':
          return windowSet(req, 'idle')
        case 'close':
          return windowSet(req, 'closed')
        default:
          return fail(req, 'DEVICE_NOT_ALLOWED')
      }
    },
    hold() {
      let release!: () => void
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = undefined
          resolve()
        }
      })
      return release
    },
    throwNext(err) {
      toThrow = err
    },
  }
}

export interface WireEnd {
  /** Sends bytes as a keypad would. */
  write(data: string | Buffer): Promise<void>
  /** The next line the edge sent, without its CRLF. */
  line(): Promise<string>
  /** Everything read and not yet taken by line(), as latin1. */
  pending(): string
}

/** Opens the test's end of the pair with the real serialport library, closed on teardown. */
export async function openWireEnd(t: Teardown, path: string): Promise<WireEnd> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
  t.teardown(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  )
  port.on('error', () => undefined) // the pair is unplugged on purpose in some tests
  let buffer = ''
  port.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1')
  })
  return {
    async write(data) {
      port.write(data)
      await new Promise<void>((resolve, reject) =>
        port.drain((err) => (err ? reject(err) : resolve())),
      )
    },
    async line() {
      const end = await waitFor(
        () => {
          const at = buffer.indexOf('\r\n')
          return at === -1 ? undefined : at + 1
        },
        { what: 'an answer line' },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; read so far: ${JSON.stringify(buffer)}`)
      })
      const line = buffer.slice(0, end - 1)
      buffer = buffer.slice(end + 1)
      return line
    },
    pending: () => buffer,
  }
}

/** Resolves with the next 'state' the emitter reports that matches `open`. */
export async function nextState(
  emitter: { on(event: 'state', fn: (s: { open: boolean; error?: string }) => void): unknown },
  open: boolean,
): Promise<{ open: boolean; error?: string }> {
  return new Promise((resolve) => {
    emitter.on('state', (s) => {
      if (s.open === open) resolve(s)
    })
  })
}

export interface LogRecord {
  level: number
  msg: string
  [key: string]: unknown
}

/** A debug-level pino logger whose records land in `records`, for waiting on what was logged. */
export function recordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      records.push(JSON.parse(chunk.toString('utf8')) as LogRecord)
      done()
    },
  })
  return { logger: pino({ level: 'debug' }, sink), records }
}
