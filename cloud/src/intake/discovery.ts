import { EventEmitter } from 'node:events'
import type { JetStreamManager } from '@nats-io/jetstream'
import { type Clock, type ClockTimer, matches, type NatsNames, SiteId } from '@qms/protocol'

/*
 * Which halls exist: those configured in the district, and every hall with events in the stream
 * (a hall appears in the cloud as soon as its first event arrives). The stream tells its
 * subjects with their message counts; a poll every few seconds finds new halls.
 */

export interface DiscoveryEvents {
  /** New halls were found. */
  added: [sites: string[]]
  error: [error: Error]
}

export class SiteDiscovery extends EventEmitter<DiscoveryEvents> {
  private readonly known = new Set<string>()
  private timer: ClockTimer | undefined
  private running = false
  private scanning: Promise<void> | undefined

  constructor(
    private readonly opts: {
      jsm: JetStreamManager
      names: NatsNames
      configured: Iterable<string>
      clock: Clock
      intervalMs: number
    },
  ) {
    super()
    for (const site of opts.configured) this.known.add(site)
  }

  sites(): ReadonlySet<string> {
    return this.known
  }

  /** Runs the first scan, then one every intervalMs. */
  async start(): Promise<void> {
    this.running = true
    await this.scan()
  }

  /** Scans the stream's subjects now. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => {
      this.scanning = undefined
      this.schedule()
    })
    return this.scanning
  }

  private schedule(): void {
    if (!this.running || this.timer !== undefined) return
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined
      void this.scan()
    }, this.opts.intervalMs)
    this.timer.unref?.()
  }

  private async scanOnce(): Promise<void> {
    const { jsm, names } = this.opts
    try {
      const info = await jsm.streams.info(names.eventStream, {
        subjects_filter: names.allEvents(),
      })
      const added: string[] = []
      for (const subject of Object.keys(info.state.subjects ?? {})) {
        const site = names.parseEvents(subject)?.site
        if (site === undefined || !matches(SiteId, site) || this.known.has(site)) continue
        this.known.add(site)
        added.push(site)
      }
      if (added.length > 0) this.emit('added', added.sort())
    } catch (err) {
      if (this.listenerCount('error') > 0) this.emit('error', err as Error)
    }
  }

  close(): void {
    this.running = false
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer)
    this.timer = undefined
  }
}
