import { type DeviceOptions, type Reply, type RequestOptions, SimDevice } from './device.js'

export interface WindowDeviceOptions extends DeviceOptions {
  window: string
}

/** A booth presence sensor: reports someone sitting down at (or leaving) its window. */
export class BoothSensor extends SimDevice {
  readonly window: string
  present = false

  constructor(options: WindowDeviceOptions) {
    super('sensor', options)
    this.window = options.window
  }

  async presence(present: boolean, o?: RequestOptions): Promise<Reply<'presence'>> {
    const reply = await this.request<'presence'>(
      { op: 'presence', window: this.window, present },
      o,
    )
    if (reply.ok) this.present = reply.result.present
    return reply
  }
}

/** A satisfaction pad (评价器) at a window: a score 1–5 for a ticket served there. */
export class Evaluator extends SimDevice {
  readonly window: string

  constructor(options: WindowDeviceOptions) {
    super('evaluator', options)
    this.window = options.window
  }

  rate(ticket: string, score: number, o?: RequestOptions): Promise<Reply<'rate'>> {
    return this.request<'rate'>({ op: 'rate', window: this.window, ticket, score }, o)
  }
}
