import { PRIORITIES, type Priority, QmsError } from '@qms/protocol'
import { parseCsv } from './csv.js'

/*
 * The hall log format scored by `npm run eval -- --replay log.csv`: one row per ticket.
 *
 * | column          | required | meaning                                                                |
 * | --------------- | -------- | ---------------------------------------------------------------------- |
 * | `ticket`        | yes      | the ticket's id (unique in the file)                                   |
 * | `item`          | yes      | an item code of the catalogue, or any class name (e.g. `passport`)     |
 * | `priority`      | no       | normal (default), elderly, disabled, appointment, enterprise           |
 * | `arrival`       | yes      | when the number was taken                                              |
 * | `service_start` | if called| when the ticket was called to a window                                 |
 * | `service_end`   | if called| when the service (or the no-show) ended                                |
 * | `outcome`       | yes      | served, noshow, abandoned, cancelled                                   |
 * | `left_at`       | if left  | when a person who did not wait to be called left                       |
 * | `window`        | if called| the window that called the ticket                                      |
 *
 * Times are ISO-8601 with an offset (`2026-03-02T09:01:12+08:00`) or epoch milliseconds. Rows
 * may come in any order; one file is one hall (several days are fine: each starts afresh).
 */

export type Outcome = 'served' | 'noshow' | 'abandoned' | 'cancelled'
const OUTCOMES: readonly Outcome[] = ['served', 'noshow', 'abandoned', 'cancelled']

export interface LogRow {
  line: number
  ticket: string
  item: string
  priority: Priority
  arrival: number
  start?: number
  end?: number
  outcome: Outcome
  leftAt?: number
  window?: string
}

export const LOG_COLUMNS = [
  'ticket',
  'item',
  'priority',
  'arrival',
  'service_start',
  'service_end',
  'outcome',
  'left_at',
  'window',
] as const

function time(value: string): number | undefined {
  if (value === '') return undefined
  if (/^\d{9,}$/.test(value)) return Number(value)
  // A time without an offset would be read in the machine's zone: refuse it.
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(value)) return Number.NaN
  return Date.parse(value)
}

/** Reads a log; every problem is listed with its line, and nothing is returned when any. */
export function readLog(text: string): LogRow[] {
  const { header, rows } = parseCsv(text)
  const problems: string[] = []
  for (const c of ['ticket', 'item', 'arrival', 'outcome'])
    if (!header.includes(c)) problems.push(`missing column "${c}"`)
  if (problems.length > 0) throw new QmsError('BAD_REQUEST', `log: ${problems.join('; ')}`)
  const out: LogRow[] = []
  const seen = new Set<string>()
  for (const r of rows) {
    const f = r.fields
    const bad = (why: string) => problems.push(`line ${r.line}: ${why}`)
    const ticket = f.ticket ?? ''
    if (ticket === '') bad('empty ticket')
    else if (seen.has(ticket)) bad(`ticket ${ticket} appears twice`)
    seen.add(ticket)
    const item = f.item ?? ''
    if (!/^[0-9A-Za-z_.-]{1,40}$/.test(item))
      bad(`item "${item}" is not a code (letters, digits, - _ .)`)
    const priority = (f.priority ?? '') === '' ? 'normal' : (f.priority as Priority)
    if (!PRIORITIES.includes(priority))
      bad(`priority "${f.priority}" is not one of ${PRIORITIES.join(', ')}`)
    const outcome = f.outcome as Outcome
    if (!OUTCOMES.includes(outcome))
      bad(`outcome "${f.outcome}" is not one of ${OUTCOMES.join(', ')}`)
    const arrival = time(f.arrival ?? '')
    const start = time(f.service_start ?? '')
    const end = time(f.service_end ?? '')
    const leftAt = time(f.left_at ?? '')
    const window = (f.window ?? '') === '' ? undefined : f.window
    for (const [name, v] of [
      ['arrival', arrival],
      ['service_start', start],
      ['service_end', end],
      ['left_at', leftAt],
    ] as const)
      if (v !== undefined && Number.isNaN(v))
        bad(`${name} is not a time with an offset or epoch ms`)
    if (arrival === undefined) bad('no arrival')
    const called = outcome === 'served' || outcome === 'noshow'
    if (called && (start === undefined || end === undefined || window === undefined))
      bad(`${outcome} needs service_start, service_end and window`)
    if (!called && leftAt === undefined) bad(`${outcome} needs left_at`)
    if (arrival !== undefined && start !== undefined && start < arrival)
      bad('service_start before arrival')
    if (start !== undefined && end !== undefined && end < start)
      bad('service_end before service_start')
    if (arrival !== undefined && leftAt !== undefined && leftAt < arrival)
      bad('left_at before arrival')
    if (problems.length > 0) continue
    const row: LogRow = { line: r.line, ticket, item, priority, arrival: arrival!, outcome }
    if (called) {
      row.start = start!
      row.end = end!
      row.window = window!
    } else row.leftAt = leftAt!
    out.push(row)
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('; ')
    const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''
    throw new QmsError('BAD_REQUEST', `log: ${shown}${more}`)
  }
  return out
}
