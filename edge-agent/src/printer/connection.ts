import { connect } from 'node:net'
import type { Clock } from '@qms/protocol'
import { isStatusByte, judge, STATUS_AFTER, STATUS_BEFORE } from './status.js'
import type { PrintOutcome } from './types.js'

/*
 * One print job over one TCP connection to the printer's raw port:
 *
 *   connect → DLE EOT 1, 2, 4 → judge → the job's bytes + DLE EOT 1, 4 → judge → close
 *
 * Asking first tells "out of paper" and "cover open" apart from "nobody there", and spares a
 * ticket sent into a printer that cannot print it. Asking after the job proves the printer took
 * in every byte (it answers real-time requests as they arrive, so the answer comes after the
 * job's last byte) and catches paper that ran out meanwhile. Everything is bounded by one
 * deadline on the injected clock; the promise always resolves, never rejects.
 */

export interface JobTarget {
  host: string
  port: number
}

export interface JobOptions {
  clock: Clock
  timeoutMs: number
}

type Phase = 'connecting' | 'asking status' | 'printing'

const OFFLINE_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
])

function failure(err: NodeJS.ErrnoException, phase: Phase, where: string): PrintOutcome {
  const code = err.code ?? 'error'
  const fault = OFFLINE_ERRORS.has(code) ? 'printer-offline' : 'other'
  return {
    ok: false,
    fault,
    message: `${where}: ${code} while ${phase} (${fault === 'printer-offline' ? '打印机未连接' : '打印失败'})`,
  }
}

export function runJob(target: JobTarget, job: Buffer, options: JobOptions): Promise<PrintOutcome> {
  const where = `${target.host}:${target.port}`
  return new Promise<PrintOutcome>((resolve) => {
    let phase: Phase = 'connecting'
    let answers: number[] = []
    let paperNearEnd = false
    let done = false
    const socket = connect({ host: target.host, port: target.port })
    const finish = (outcome: PrintOutcome) => {
      if (done) return
      done = true
      options.clock.clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    const timer = options.clock.setTimeout(() => {
      finish({
        ok: false,
        fault: 'printer-offline',
        message: `${where}: no answer within ${options.timeoutMs} ms while ${phase} (打印机无响应)`,
      })
    }, options.timeoutMs)

    socket.setNoDelay(true)
    socket.once('connect', () => {
      phase = 'asking status'
      socket.write(STATUS_BEFORE)
    })
    socket.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (isStatusByte(b)) answers.push(b)
      if (phase === 'asking status' && answers.length >= 3) {
        const [printer, cause, paper] = answers as [number, number, number]
        answers = answers.slice(3)
        const verdict = judge(printer, paper, cause)
        if (!verdict.ok) {
          finish({ ...verdict, message: `${where}: ${verdict.message}` })
          return
        }
        paperNearEnd = verdict.paperNearEnd
        phase = 'printing'
        socket.write(Buffer.concat([job, STATUS_AFTER]))
      }
      if (phase === 'printing' && answers.length >= 2) {
        const [printer, paper] = answers as [number, number]
        const verdict = judge(printer, paper)
        if (!verdict.ok) {
          finish({ ...verdict, message: `${where}: while printing, ${verdict.message}` })
          return
        }
        finish(
          paperNearEnd || verdict.paperNearEnd
            ? { ok: true, warning: 'paper-near-end' }
            : { ok: true },
        )
      }
    })
    socket.on('error', (err) => finish(failure(err, phase, where)))
    socket.on('close', () => {
      finish({
        ok: false,
        fault: 'printer-offline',
        message: `${where}: the printer closed the connection while ${phase} (打印机断开)`,
      })
    })
  })
}
