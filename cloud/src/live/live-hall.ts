import { EventEmitter } from 'node:events'
import type { JetStreamClient } from '@nats-io/jetstream'
import { startOfLocalDay } from '@qms/edge-agent/queue'
import type { Clock, ClockTimer, EventEnvelope, NatsNames } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { LiveStore } from '../predict-service/live-store.js'
import {
  flushCounts,
  type RefreshDeps,
  type RefreshResult,
  refreshHall,
} from '../predict-service/refresh.js'
import { StatusTracker } from '../predict-service/statuses.js'
import type { RedisKeys } from '../projections/keys.js'
import type { ProjectionReader } from '../projections/reader.js'
import { stateFromProjection } from './from-projection.js'
import type { HallConfigs } from './hall-configs.js'
import { HallMirror } from './mirror.js'
import { repeat } from './repeat.js'
import type { LiveSettings } from './settings.js'
import { type HallStream, openHallStream } from './stream.js'

/*
 * One hall this instance owns, live: its mirror rebuilt from the hall's events of the day and
 * advanced as they come, and the refreshes that follow — at most one per `refreshDebounceMs`,
 * one at a time, again while changes arrived during one, and every `refreshEveryMs` as time
 * passes. Dropped when the hall moves to another instance.
 */

export interface LiveHallDeps extends RefreshDeps {
  js: JetStreamClient
  names: NatsNames
  redis: Redis
  keys: RedisKeys
  reader: ProjectionReader
  store: LiveStore
  configs: HallConfigs
}

export interface LiveHallEvents {
  refreshed: [site: string, result: RefreshResult]
  /** The mirror applied events (before any refresh). */
  changed: [site: string]
  error: [err: Error, site: string]
}

/** Events read before the start of the hall's day, for the clocks of hall and server. */
const DAY_MARGIN_MS = 3_600_000

export class LiveHall extends EventEmitter<LiveHallEvents> {
  mirror: HallMirror | undefined
  private stream: HallStream | undefined
  private readonly tracker = new StatusTracker()
  private generation = 0
  private closed = false
  private running: Promise<void> | undefined
  private dirty = false
  private timer: ClockTimer | undefined
  private periodic: { cancel(): void } | undefined
  private saver: { cancel(): void } | undefined
  private lastStart = Number.NEGATIVE_INFINITY
  /** When the oldest event not yet seen by a refresh reached the mirror. */
  private firstUnseenAt: number | undefined
  last: RefreshResult | undefined

  constructor(
    readonly site: string,
    private readonly deps: LiveHallDeps,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
  ) {
    super()
  }

  private report(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err, this.site)
  }

  /** Loads what was kept of the hall and starts reading its day. */
  async start(): Promise<void> {
    const { deps, site } = this
    const announced = await deps.redis.get(deps.keys.live.hallConfig(site))
    if (announced !== null) {
      try {
        deps.configs.announce(site, JSON.parse(announced))
      } catch {
        // A damaged announcement: the hall's next one replaces it.
      }
    }
    await this.open()
    this.periodic = repeat(this.clock, this.settings.refreshEveryMs, () => this.markDirty())
    this.saver = repeat(this.clock, this.settings.learnSaveMs, () => void this.save())
  }

  private async open(): Promise<void> {
    const { deps, site } = this
    const generation = ++this.generation
    const model = deps.configs.model(site)
    const [learned, counted, issued, day] = await Promise.all([
      this.mirror?.learned() ?? deps.store.learned(site),
      deps.store.counted(site),
      deps.store.issued(site),
      deps.redis.hget(deps.keys.info(site), 'day'),
    ])
    if (this.closed || generation !== this.generation) return
    this.mirror =
      model === undefined
        ? undefined
        : new HallMirror({
            model,
            ...(learned === undefined ? {} : { learned }),
            countedSeq: counted,
            issued,
            predictor: { runs: this.settings.runs },
          })
    const zone = model?.timeZone ?? 'Asia/Shanghai'
    const from =
      day !== null && /^\d{4}-\d{2}-\d{2}$/.test(day)
        ? startOfLocalDay(zone, day)
        : startOfLocalDay(
            zone,
            model?.dayOf(this.clock.now()) ?? new Date().toISOString().slice(0, 10),
          )
    const stream = await openHallStream({
      js: deps.js,
      names: deps.names,
      site,
      from: from - DAY_MARGIN_MS,
      handlers: {
        event: (e) => {
          if (generation === this.generation) this.onEvent(e)
        },
        caughtUp: () => {
          if (generation === this.generation) void this.onCaughtUp(generation)
        },
        ended: (err) => {
          if (generation !== this.generation || this.closed) return
          if (err !== undefined) this.report(err)
          void this.reopen()
        },
      },
    })
    if (this.closed || generation !== this.generation) {
      await stream.close()
      return
    }
    this.stream = stream
  }

  /** Starts over from the day's beginning (new configuration, too many events out of order). */
  async reopen(): Promise<void> {
    const stream = this.stream
    this.stream = undefined
    await stream?.close()
    if (!this.closed) await this.open().catch((err: Error) => this.report(err))
  }

  private onEvent(e: EventEnvelope): void {
    const mirror = this.mirror
    if (e.type === 'site.config' && this.deps.configs.announce(this.site, e.data)) {
      void this.deps.redis
        .set(this.deps.keys.live.hallConfig(this.site), JSON.stringify(e.data))
        .catch((err: Error) => this.report(err))
      void this.reopen()
      return
    }
    if (mirror === undefined) return
    const applied = mirror.offer(e)
    if (mirror.sequencer.overflowed) {
      void this.reopen()
      return
    }
    if (applied > 0 && mirror.live) this.changed()
  }

  private changed(): void {
    this.firstUnseenAt ??= this.clock.now()
    this.emit('changed', this.site)
    this.markDirty()
  }

  private async onCaughtUp(generation: number): Promise<void> {
    const mirror = this.mirror
    if (mirror === undefined || mirror.live) return
    if (!mirror.sequencer.based) {
      // No start of the day in the stream (a quiet hall, a clock far off): start from the projection.
      const live = await this.deps.reader.live(this.site)
      if (generation !== this.generation || this.mirror !== mirror) return
      // The day's first event may have come while the projection was read (a hall that starts
      // as we look): it is already applied and is the better start; rebasing on the projection
      // would throw it away and hold every later event behind it forever.
      if (!mirror.sequencer.based) {
        mirror.state = stateFromProjection(mirror.model, live, this.clock.now())
        mirror.applyAll(mirror.sequencer.baseAt(live.seq))
      }
    }
    mirror.live = true
    this.changed()
  }

  /** The intake passed over seqs the hall could no longer replay. */
  skipped(from: number, to: number): void {
    const mirror = this.mirror
    if (mirror === undefined) return
    const before = mirror.applied
    mirror.applyAll(mirror.sequencer.skip(from, to))
    if (mirror.applied !== before && mirror.live) this.changed()
  }

  /** Asks for a refresh soon (debounced; one at a time). */
  markDirty(): void {
    if (this.closed || this.mirror?.live !== true) return
    this.dirty = true
    if (this.running !== undefined || this.timer !== undefined) return
    const wait = Math.max(0, this.lastStart + this.settings.refreshDebounceMs - this.clock.now())
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.run()
    }, wait)
  }

  private run(): void {
    const mirror = this.mirror
    if (this.closed || mirror === undefined || !this.dirty) return
    this.dirty = false
    this.lastStart = this.clock.now()
    const unseenSince = this.firstUnseenAt
    this.firstUnseenAt = undefined
    const generation = this.generation
    const began = this.clock.now()
    this.running = refreshHall(
      this.site,
      mirror,
      this.tracker,
      this.deps,
      () => !this.closed && generation === this.generation && this.mirror === mirror,
    )
      .then((result) => {
        if (result === undefined) return
        const now = this.clock.now()
        this.deps.metrics.refreshSeconds.observe((now - began) / 1000)
        if (unseenSince !== undefined)
          this.deps.metrics.eventToCommand.observe((now - unseenSince) / 1000)
        this.deps.metrics.refreshes.inc({ result: 'ok' })
        this.last = result
        this.emit('refreshed', this.site, result)
      })
      .catch((err: Error) => {
        this.deps.metrics.refreshes.inc({ result: 'error' })
        this.report(err)
      })
      .finally(() => {
        this.running = undefined
        if (this.dirty) this.markDirty()
      })
  }

  /** Writes what was learned and counted. */
  async save(): Promise<void> {
    const mirror = this.mirror
    if (mirror === undefined || !mirror.live) return
    try {
      await flushCounts(this.site, mirror, this.deps)
      await this.deps.store.saveLearned(this.site, mirror.learned())
    } catch (err) {
      this.report(err as Error)
    }
  }

  /** Stops; with `flush`, first writes what was learned (a hand-over, not a lost lease). */
  async close(flush: boolean): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.generation++
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.periodic?.cancel()
    this.saver?.cancel()
    await this.stream?.close()
    await this.running?.catch(() => undefined)
    if (flush) await this.save()
  }
}
