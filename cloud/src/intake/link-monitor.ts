import type { ConsumerInfo, JetStreamManager } from '@nats-io/jetstream'
import type { Clock, ClockTimer, NatsNames } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { CloudMetrics } from '../metrics.js'
import { eventConsumerName } from '../nats/consumers.js'
import type { RedisKeys } from '../projections/keys.js'
import type { SiteWorker } from './site-worker.js'

/*
 * The link of each owned hall, as the cloud can see it: the hall keeps a pull request waiting on
 * its command consumer while it is connected (DESIGN.md NATS contract; edge-agent uplink), and
 * it sends events while it works. What the hall's stream still holds unapplied is the backlog.
 * Written to `site:{id}:link` for every instance's API; observed, not projected, so not rebuilt.
 */

/** Events within this long make a hall count as connected even without a waiting pull. */
const RECENT_EVENT_MS = 60_000

export class LinkMonitor {
  private timer: ClockTimer | undefined
  private running = false
  private readonly watched = new Set<string>()

  constructor(
    private readonly opts: {
      jsm: JetStreamManager
      names: NatsNames
      redis: Redis
      keys: RedisKeys
      clock: Clock
      intervalMs: number
      owned(): string[]
      worker(site: string): SiteWorker | undefined
      metrics: CloudMetrics
    },
  ) {}

  start(): void {
    this.running = true
    this.schedule()
  }

  private schedule(): void {
    if (!this.running) return
    this.timer = this.opts.clock.setTimeout(() => {
      this.timer = undefined
      this.check().finally(() => this.schedule())
    }, this.opts.intervalMs)
    this.timer.unref?.()
  }

  private async info(stream: string, consumer: string): Promise<ConsumerInfo | undefined> {
    try {
      return await this.opts.jsm.consumers.info(stream, consumer)
    } catch {
      return undefined
    }
  }

  /** Checks every owned hall now. */
  async check(): Promise<void> {
    const { names, redis, keys, clock, metrics } = this.opts
    const owned = this.opts.owned()
    for (const site of this.watched) {
      if (!owned.includes(site)) {
        metrics.consumerPending.remove({ site })
        this.watched.delete(site)
      }
    }
    const pipeline = redis.pipeline()
    // A few at a time: a district has dozens of halls, each two small API requests.
    for (let i = 0; i < owned.length; i += 8) {
      await Promise.all(
        owned.slice(i, i + 8).map(async (site) => {
          const [cmd, evt] = await Promise.all([
            this.info(names.commandStream, names.commandConsumer(site)),
            this.info(names.eventStream, eventConsumerName(site)),
          ])
          const worker = this.opts.worker(site)
          const now = clock.now()
          const connected =
            (cmd?.num_waiting ?? 0) > 0 ||
            (worker !== undefined && now - worker.lastArrivalAt < RECENT_EVENT_MS)
          const pending = (evt?.num_pending ?? 0) + (evt?.num_ack_pending ?? 0)
          metrics.consumerPending.set({ site }, pending)
          this.watched.add(site)
          const fields: Record<string, string> = {
            connected: connected ? '1' : '0',
            pending: String(pending),
            gapFrom: worker?.gapFrom === undefined ? '' : String(worker.gapFrom),
            checkedAt: String(now),
          }
          if (connected) fields.seenAt = new Date(now).toISOString()
          pipeline.hset(keys.link(site), fields)
        }),
      )
    }
    await pipeline.exec().catch(() => undefined)
  }

  close(): void {
    this.running = false
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer)
  }
}
