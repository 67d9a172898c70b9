import type { DeviceCommand } from '@qms/protocol'
import { type DeviceOptions, SimDevice } from './device.js'

export interface CallerDisplayOptions extends DeviceOptions {
  window: string
}

/** What a window screen shows now. */
export interface Shown {
  lines: Array<{ text: string; size?: number }>
  ticket?: string
  flash: boolean
  /** When the edge sent it. */
  at: string
}

/**
 * The LED/LCD screen above a window (窗口屏). It keeps what it was last told to show, as the
 * panel would, across reconnects; it also follows the hall snapshot.
 */
export class WindowDisplay extends SimDevice {
  readonly window: string
  shown: Shown | undefined
  /** Beeps asked for so far. */
  beeps = 0

  constructor(options: CallerDisplayOptions) {
    super('window-display', options)
    this.window = options.window
  }

  protected override onCommand(command: DeviceCommand): void {
    if (command.cmd === 'show') {
      this.shown = {
        lines: command.lines,
        ticket: command.ticket,
        flash: command.flash === true,
        at: command.at,
      }
    } else if (command.cmd === 'beep') {
      this.beeps += command.times ?? 1
    }
    super.onCommand(command)
  }
}
