import type { EventEnvelope } from '@qms/protocol'

/*
 * Puts a hall's events in seq order for the live mirror, which reads the hall's subject from the
 * start of its day on its own: the stream holds them in the order they were stored, and a
 * replayed gap comes after the events that followed it. The mirror needs a starting point: a
 * `site.snapshot` (the start of every hall day, and the whole open state) or the journal's first
 * event. Until one arrives, events are held.
 */

export interface Ready {
  event: EventEnvelope
  /** Start from an empty state before applying this event. */
  reset: boolean
}

export class EventSequencer {
  /** Last seq applied (0: none). */
  applied = 0
  /** A starting point was found. */
  based = false
  private readonly held = new Map<number, EventEnvelope>()
  /** Seq ranges that will never arrive. */
  private missing: Array<[number, number]> = []
  /** More events were held than allowed: the mirror must be rebuilt. */
  overflowed = false

  constructor(private readonly maxHeld = 50_000) {}

  get heldCount(): number {
    return this.held.size
  }

  /** The lowest held seq, if any. */
  lowestHeld(): number | undefined {
    let low: number | undefined
    for (const seq of this.held.keys()) if (low === undefined || seq < low) low = seq
    return low
  }

  /** Offers an event as the stream delivered it; returns the events now to apply, in order. */
  offer(event: EventEnvelope): Ready[] {
    const out: Ready[] = []
    if (this.based && event.seq <= this.applied) return out
    // A snapshot is the whole state: it is a starting point wherever it lands ahead.
    if (event.type === 'site.snapshot' || (!this.based && event.seq === 1)) {
      this.rebase(event.seq - 1)
      this.based = true
      this.applied = event.seq
      out.push({ event, reset: true })
      this.drain(out)
      return out
    }
    if (this.based && event.seq === this.applied + 1) {
      this.applied = event.seq
      out.push({ event, reset: false })
      this.drain(out)
      return out
    }
    if (!this.held.has(event.seq)) {
      this.held.set(event.seq, event)
      if (this.held.size > this.maxHeld) this.overflowed = true
    }
    if (this.based) this.drain(out)
    return out
  }

  /**
   * Starts from a state known up to `seq` (the projection's) when no starting point is in the
   * stream; held events after it follow.
   */
  baseAt(seq: number): Ready[] {
    const out: Ready[] = []
    this.rebase(seq)
    this.based = true
    this.applied = seq
    this.drain(out)
    return out
  }

  /**
   * The hall could no longer replay seqs `from`…`to` and the intake passed over them: they will
   * never come, so the mirror goes on after them (now, or when it gets there).
   */
  skip(from: number, to: number): Ready[] {
    const out: Ready[] = []
    if (to < from) return out
    this.missing.push([from, to])
    if (this.based) this.drain(out)
    return out
  }

  private rebase(seq: number): void {
    for (const s of [...this.held.keys()]) if (s <= seq) this.held.delete(s)
  }

  private drain(out: Ready[]): void {
    for (;;) {
      const gap = this.missing.find(([from, to]) => from <= this.applied + 1 && this.applied < to)
      if (gap !== undefined) this.applied = gap[1]
      this.missing = this.missing.filter(([, to]) => to > this.applied)
      const next = this.held.get(this.applied + 1)
      if (next === undefined) return
      this.held.delete(next.seq)
      this.applied = next.seq
      out.push({ event: next, reset: next.type === 'site.snapshot' })
    }
  }
}
