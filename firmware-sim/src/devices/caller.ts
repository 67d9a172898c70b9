import type { DeviceCommand } from '@qms/protocol'
import { type DeviceOptions, type Reply, type RequestOptions, SimDevice } from './device.js'

export interface CallerOptions extends DeviceOptions {
  /** The window this keypad belongs to. */
  window: string
}

export interface Notice {
  text: string
  textEn?: string
  at: string
}

/** A window's keypad (呼叫器) over MQTT: every caller op of the protocol, for its own window. */
export class Caller extends SimDevice {
  readonly window: string
  /** Reminders the edge sent this window (busy-window alerts, managers' notes), oldest first. */
  readonly notices: Notice[] = []

  constructor(options: CallerOptions) {
    super('caller', options)
    this.window = options.window
  }

  call(o?: RequestOptions): Promise<Reply<'call'>> {
    return this.request<'call'>({ op: 'call', window: this.window }, o)
  }
  recall(o?: RequestOptions): Promise<Reply<'recall'>> {
    return this.request<'recall'>({ op: 'recall', window: this.window }, o)
  }
  start(o?: RequestOptions): Promise<Reply<'start'>> {
    return this.request<'start'>({ op: 'start', window: this.window }, o)
  }
  complete(o?: RequestOptions): Promise<Reply<'complete'>> {
    return this.request<'complete'>({ op: 'complete', window: this.window }, o)
  }
  noshow(o?: RequestOptions): Promise<Reply<'noshow'>> {
    return this.request<'noshow'>({ op: 'noshow', window: this.window }, o)
  }
  transfer(toItem: string, o?: RequestOptions): Promise<Reply<'transfer'>> {
    return this.request<'transfer'>({ op: 'transfer', window: this.window, toItem }, o)
  }
  park(o?: RequestOptions): Promise<Reply<'park'>> {
    return this.request<'park'>({ op: 'park', window: this.window }, o)
  }
  callback(ticket?: string, o?: RequestOptions): Promise<Reply<'callback'>> {
    const body = ticket === undefined ? {} : { ticket }
    return this.request<'callback'>({ op: 'callback', window: this.window, ...body }, o)
  }
  callTicket(ticket: string, o?: RequestOptions): Promise<Reply<'callTicket'>> {
    return this.request<'callTicket'>({ op: 'callTicket', window: this.window, ticket }, o)
  }
  pause(o?: RequestOptions): Promise<Reply<'pause'>> {
    return this.request<'pause'>({ op: 'pause', window: this.window }, o)
  }
  resume(o?: RequestOptions): Promise<Reply<'resume'>> {
    return this.request<'resume'>({ op: 'resume', window: this.window }, o)
  }
  /** Opens the window (op `open`). */
  openWindow(staff?: string, o?: RequestOptions): Promise<Reply<'open'>> {
    const body = staff === undefined ? {} : { staff }
    return this.request<'open'>({ op: 'open', window: this.window, ...body }, o)
  }
  /** Closes the window (op `close`); `close()` shuts the keypad itself down. */
  closeWindow(o?: RequestOptions): Promise<Reply<'close'>> {
    return this.request<'close'>({ op: 'close', window: this.window }, o)
  }

  protected override onCommand(command: DeviceCommand): void {
    if (command.cmd === 'notice') {
      this.notices.push({ text: command.text, textEn: command.textEn, at: command.at })
      if (this.notices.length > 50) this.notices.shift()
    }
    super.onCommand(command)
  }
}
