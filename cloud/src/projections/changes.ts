import type { TicketHistoryEntry } from '@qms/protocol'

/**
 * What a batch of events changed in one hall, as the appliers record it: which live entries to
 * rewrite (their new value is read from the state when the batch is written, so ten changes to
 * one ticket make one write), counters to add to per day, maxima, and history entries to append.
 */
export class Changes {
  readonly tickets = new Set<string>()
  readonly windows = new Set<string>()
  readonly devices = new Set<string>()
  /** Fields of the info hash to rewrite from the state. */
  readonly info = new Set<InfoField>()
  /** day → field → amount to add. */
  readonly counters = new Map<string, Map<string, number>>()
  /** day → field → candidate maximum. */
  readonly maxima = new Map<string, Map<string, number>>()
  readonly history: TicketHistoryEntry[] = []
  /** A snapshot replaced the live tickets and windows: drop the stored ones first. */
  reset = false

  add(day: string, field: string, amount = 1): void {
    let fields = this.counters.get(day)
    if (fields === undefined) {
      fields = new Map()
      this.counters.set(day, fields)
    }
    fields.set(field, (fields.get(field) ?? 0) + amount)
  }

  max(day: string, field: string, value: number): void {
    let fields = this.maxima.get(day)
    if (fields === undefined) {
      fields = new Map()
      this.maxima.set(day, fields)
    }
    const current = fields.get(field)
    if (current === undefined || value > current) fields.set(field, value)
  }

  get empty(): boolean {
    return (
      this.tickets.size === 0 &&
      this.windows.size === 0 &&
      this.devices.size === 0 &&
      this.info.size === 0 &&
      this.counters.size === 0 &&
      this.maxima.size === 0 &&
      this.history.length === 0 &&
      !this.reset
    )
  }
}

export type InfoField =
  | 'name'
  | 'nameEn'
  | 'kind'
  | 'configHash'
  | 'items'
  | 'timezone'
  | 'day'
  | 'calls'
