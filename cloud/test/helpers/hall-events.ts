import type { Channel, EventEnvelope, Priority } from '@qms/protocol'

/*
 * A hall that produces a realistic stream of events, as an edge journals them: windows open,
 * people take numbers through the usual channels, windows call, serve, recall, transfer and
 * mark no-shows, some people give up, ratings follow service, devices come and go. Seeded, so
 * a test or a benchmark gets the same stream every time, and it counts what it produced so a
 * test can compare the cloud's figures with the truth.
 */

export interface SimItem {
  code: string
  category: string
  prefix: string
}

export const SIM_ITEMS: SimItem[] = [
  { code: 'HJ-001', category: 'HJ-SFZ', prefix: 'A' },
  { code: 'HJ-002', category: 'HJ-SFZ', prefix: 'A' },
  { code: 'HJ-010', category: 'HJ-HK', prefix: 'B' },
  { code: 'HJ-020', category: 'HJ-JZZ', prefix: 'C' },
  { code: 'CRJ-001', category: 'CRJ-HZ', prefix: 'E' },
  { code: 'CRJ-010', category: 'CRJ-GA', prefix: 'E' },
  { code: 'JG-001', category: 'JG-DJ', prefix: 'G' },
  { code: 'JG-020', category: 'JG-JSZ', prefix: 'H' },
  { code: 'ZA-001', category: 'ZA-XK', prefix: 'K' },
]

/** Category of a simulated item (the projections' ApplyContext in tests). */
export const simCategoryOf = (item: string) => SIM_ITEMS.find((i) => i.code === item)?.category

/** Tallies of what the hall produced, to check the projections against. */
export interface SimTally {
  events: number
  issued: number
  byChannel: Record<string, number>
  served: number
  noshow: number
  cancelled: number
  transferred: number
  recalled: number
  ratings: number
}

export interface HallSimOptions {
  site: string
  windows?: number
  seed?: number
  /** Time of each event; default a virtual clock from 2026-11-30 09:00 Shanghai, 1–20 s apart. */
  now?: () => number
}

type Phase = 'idle' | 'calling' | 'serving'

interface SimWindow {
  no: string
  open: boolean
  phase: Phase
  ticket?: string
  recalls: number
}

/** mulberry32: a small seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CHANNELS: [Channel, number][] = [
  ['kiosk', 0.6],
  ['mobile', 0.2],
  ['appointment', 0.08],
  ['web', 0.05],
  ['staff', 0.07],
]
const PRIORITIES: [Priority, number][] = [
  ['normal', 0.85],
  ['elderly', 0.08],
  ['appointment', 0.05],
  ['disabled', 0.02],
]

export class HallSim {
  readonly site: string
  seq = 0
  readonly tally: SimTally = {
    events: 0,
    issued: 0,
    byChannel: {},
    served: 0,
    noshow: 0,
    cancelled: 0,
    transferred: 0,
    recalled: 0,
    ratings: 0,
  }
  private readonly rnd: () => number
  private readonly now: () => number
  private readonly windows: SimWindow[]
  private readonly waiting: { ticket: string; item: SimItem }[] = []
  private readonly items = new Map<string, SimItem>()
  private readonly numbers = new Map<string, number>()
  private readonly toRate: { ticket: string; window: string }[] = []
  private virtualMs = Date.parse('2026-11-30T01:00:00.000Z')

  constructor(opts: HallSimOptions) {
    this.site = opts.site
    this.rnd = random(opts.seed ?? 1)
    this.now =
      opts.now ??
      (() => {
        this.virtualMs += 1000 + Math.floor(this.rnd() * 19_000)
        return this.virtualMs
      })
    this.windows = Array.from({ length: opts.windows ?? 4 }, (_, i) => ({
      no: String(i + 1),
      open: false,
      phase: 'idle' as Phase,
      recalls: 0,
    }))
  }

  private pick<T>(weights: [T, number][]): T {
    let r = this.rnd()
    for (const [v, w] of weights) {
      if (r < w) return v
      r -= w
    }
    return weights[weights.length - 1]![0]
  }

  private envelope<T extends EventEnvelope['type']>(
    type: T,
    data: Extract<EventEnvelope, { type: T }>['data'],
  ): EventEnvelope {
    this.seq++
    this.tally.events++
    return {
      v: 1,
      site: this.site,
      seq: this.seq,
      ts: new Date(this.now()).toISOString(),
      type,
      data,
    } as EventEnvelope
  }

  /** The next event of the hall. */
  next(): EventEnvelope {
    const closed = this.windows.find((w) => !w.open)
    if (closed !== undefined) {
      closed.open = true
      return this.envelope('window.opened', { window: closed.no })
    }
    if (this.seq < this.windows.length + 2) {
      return this.envelope('device.online', {
        device: `k${this.seq}`,
        kind: 'dispenser',
        fw: '1.0.0',
      })
    }
    const r = this.rnd()
    if (r < 0.07 && this.toRate.length > 0) {
      const rate = this.toRate.shift()!
      this.tally.ratings++
      return this.envelope('rating.given', {
        window: rate.window,
        ticket: rate.ticket,
        score: this.pick([
          [5, 0.7],
          [4, 0.2],
          [3, 0.06],
          [2, 0.02],
          [1, 0.02],
        ]),
      })
    }
    if (r < 0.08 && this.waiting.length > 3) {
      const gone = this.waiting.splice(Math.floor(this.rnd() * this.waiting.length), 1)[0]!
      this.items.delete(gone.ticket)
      this.tally.cancelled++
      return this.envelope('ticket.cancelled', { ticket: gone.ticket, reason: 'abandoned' })
    }
    if (r < 0.085) {
      const w = this.windows[Math.floor(this.rnd() * this.windows.length)]!
      return this.envelope('booth.presence', { window: w.no, present: this.rnd() < 0.8 })
    }
    const busy = this.windows.filter((w) => w.phase !== 'idle')
    const idle = this.windows.filter((w) => w.phase === 'idle')
    const wantIssue = this.waiting.length < 3 || r < 0.3
    if (wantIssue || (idle.length === 0 && busy.length === 0)) return this.issue()
    if (idle.length > 0 && this.waiting.length > 0 && (busy.length === 0 || this.rnd() < 0.5)) {
      return this.call(idle[Math.floor(this.rnd() * idle.length)]!)
    }
    if (busy.length === 0) return this.issue()
    return this.advance(busy[Math.floor(this.rnd() * busy.length)]!)
  }

  private issue(): EventEnvelope {
    const item = SIM_ITEMS[Math.floor(this.rnd() * SIM_ITEMS.length)]!
    const n = ((this.numbers.get(item.prefix) ?? 0) % 9999) + 1
    this.numbers.set(item.prefix, n)
    const ticket = `${item.prefix}${String(n).padStart(3, '0')}`
    const channel = this.pick(CHANNELS)
    this.tally.issued++
    this.tally.byChannel[channel] = (this.tally.byChannel[channel] ?? 0) + 1
    this.waiting.push({ ticket, item })
    this.items.set(ticket, item)
    return this.envelope('ticket.issued', {
      ticket,
      item: item.code,
      category: item.category,
      prefix: item.prefix,
      number: n,
      priority: this.pick(PRIORITIES),
      channel,
      ahead: this.waiting.length - 1,
    })
  }

  private call(w: SimWindow): EventEnvelope {
    const next = this.waiting.shift()!
    w.phase = 'calling'
    w.ticket = next.ticket
    w.recalls = 0
    return this.envelope('ticket.called', {
      ticket: next.ticket,
      window: w.no,
      item: next.item.code,
      mode: 'next',
    })
  }

  private advance(w: SimWindow): EventEnvelope {
    const ticket = w.ticket!
    const r = this.rnd()
    if (w.phase === 'calling') {
      if (r < 0.08 && w.recalls < 2) {
        w.recalls++
        this.tally.recalled++
        return this.envelope('ticket.recalled', { ticket, window: w.no, recalls: w.recalls })
      }
      if (r < 0.12) {
        this.release(w)
        this.tally.noshow++
        return this.envelope('ticket.noshow', { ticket, window: w.no })
      }
      w.phase = 'serving'
      return this.envelope('ticket.started', { ticket, window: w.no })
    }
    if (r < 0.04) {
      const item = this.items.get(ticket)!
      const to =
        SIM_ITEMS.find((i) => i.code !== item.code && i.prefix === item.prefix) ?? SIM_ITEMS[0]!
      this.release(w)
      this.waiting.push({ ticket, item: to })
      this.items.set(ticket, to)
      this.tally.transferred++
      return this.envelope('ticket.transferred', {
        ticket,
        window: w.no,
        fromItem: item.code,
        toItem: to.code,
        toCategory: to.category,
      })
    }
    this.release(w)
    this.tally.served++
    if (this.rnd() < 0.5) this.toRate.push({ ticket, window: w.no })
    return this.envelope('ticket.completed', { ticket, window: w.no })
  }

  private release(w: SimWindow): void {
    if (w.ticket !== undefined) this.items.delete(w.ticket)
    w.phase = 'idle'
    delete w.ticket
  }

  /** The next `n` events. */
  take(n: number): EventEnvelope[] {
    return Array.from({ length: n }, () => this.next())
  }
}
