import type { Announce } from '@qms/protocol'
import { type DeviceOptions, SimDevice } from './device.js'

const KEEP_ANNOUNCEMENTS = 500

/**
 * A hall screen's client (综合屏): keeps the latest retained snapshot and every announcement in
 * the order the edge sent it (a recall is a new announcement and is kept again).
 */
export class HallDisplay extends SimDevice {
  readonly announcements: Announce[] = []

  constructor(options: DeviceOptions) {
    super('hall-display', options)
  }

  protected override onAnnounce(announce: Announce): void {
    this.announcements.push(announce)
    if (this.announcements.length > KEEP_ANNOUNCEMENTS) this.announcements.shift()
    super.onAnnounce(announce)
  }
}
