import type { DeviceCommand, Priority, TicketPrint } from '@qms/protocol'
import { type DeviceOptions, type Reply, type RequestOptions, SimDevice } from './device.js'

export interface TakeOptions {
  priority?: Priority
  /** Identity number typed at the kiosk (the edge keeps only a salted hash). */
  personId?: string
  lang?: 'zh' | 'en'
}

const KEEP_PRINTS = 100

/**
 * A ticket kiosk (取号机): takes numbers, reprints, and keeps the tickets the edge asked its own
 * printer to print (`print` commands), newest last.
 */
export class Dispenser extends SimDevice {
  readonly printed: TicketPrint[] = []

  constructor(options: DeviceOptions) {
    super('dispenser', options)
  }

  take(item: string, take: TakeOptions = {}, options?: RequestOptions): Promise<Reply<'take'>> {
    return this.request<'take'>({ op: 'take', item, ...take }, options)
  }

  reprint(ticket: string, options?: RequestOptions): Promise<Reply<'reprint'>> {
    return this.request<'reprint'>({ op: 'reprint', ticket }, options)
  }

  /** Reports the printer's paper in the retained status, as the kiosk's sensor would. */
  setPaper(paper: 'ok' | 'low' | 'out'): void {
    this.link.setStatus({ paper })
  }

  protected override onCommand(command: DeviceCommand): void {
    if (command.cmd === 'print') {
      this.printed.push(command.ticket)
      if (this.printed.length > KEEP_PRINTS) this.printed.shift()
    }
    super.onCommand(command)
  }
}
