import { EventEmitter } from 'node:events'
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream'
import type { Clock, ClockTimer, NatsNames, RpcResultOf } from '@qms/protocol'
import type { CloudMetrics } from '../metrics.js'
import type { RedisKeys } from '../projections/keys.js'
import type { ApplyContext } from '../projections/state.js'
import type { ProjectionStore, SideCommand, SiteWrite, WriteResult } from '../projections/store.js'
import type { RejectReason } from './check-message.js'
import type { IntakeSettings } from './settings.js'
import { type Prepared, SiteWorker } from './site-worker.js'

/*
 * The intake applies the events of the halls this instance owns. Each hall has a worker that
 * reads its consumer; one batcher takes what every worker has read and writes it in a single
 * Redis round trip — one apply-script run per hall — then acknowledges. While a write is on its
 * way, messages pile up, so batches grow with the load: one event per round trip when it is
 * quiet, thousands under load.
 */

export interface AppliedBatch {
  site: string
  fromSeq: number
  toSeq: number
  count: number
  skipped: number
  /** Age of each applied event at its write, from its hall timestamp, in ms. */
  lagsMs: number[]
  /** Time of each applied event from its storage in JetStream to its write, in ms. */
  intakeLagsMs: number[]
}

export interface IntakeEvents {
  applied: [batch: AppliedBatch]
  rejected: [
    rejection: { site: string; reason: RejectReason; code: string; message: string; seq?: number },
  ]
  started: [site: string]
  stopped: [site: string]
  /** The hall's lease was not ours at write time. */
  fenced: [site: string]
  restart: [site: string, reason: string]
  replay: [site: string, result: string, from: number, to: number]
  error: [error: Error, site: string | undefined]
}

export interface IntakeDeps {
  names: NatsNames
  js: JetStreamClient
  jsm: JetStreamManager
  store: ProjectionStore
  keys: RedisKeys
  ctx: ApplyContext
  timezoneOf(site: string): string
  settings: IntakeSettings
  clock: Clock
  metrics: CloudMetrics
  replay(site: string, fromSeq: number, toSeq: number): Promise<RpcResultOf<'replay'>>
}

export class Intake extends EventEmitter<IntakeEvents> {
  private readonly workers = new Map<string, SiteWorker>()
  private readonly failures = new Map<string, number>()
  private readonly timers = new Map<string, ClockTimer>()
  private scheduled = false
  /** Writes on their way to Redis (at most settings.maxInFlight). */
  private inFlight = 0
  private again = false
  private rotation = 0
  private roundWaiters: (() => void)[] = []
  private closing: Promise<void> | undefined

  constructor(private readonly deps: IntakeDeps) {
    super()
  }

  /** Errors are reported to listeners; with none they must not throw (EventEmitter would). */
  private reportError(err: Error, site: string | undefined): void {
    if (this.listenerCount('error') > 0) this.emit('error', err, site)
  }

  /** Halls with a worker. */
  sites(): string[] {
    return [...this.workers.keys()]
  }

  worker(site: string): SiteWorker | undefined {
    return this.workers.get(site)
  }

  /** Starts applying a hall (its lease was just taken). Retries with backoff until stopped. */
  startSite(site: string): void {
    if (this.closing !== undefined || this.workers.has(site) || this.timers.has(site)) return
    this.launch(site)
  }

  private launch(site: string): void {
    const worker = new SiteWorker({
      ...this.deps,
      site,
      timezone: this.deps.timezoneOf(site),
      kick: () => this.kick(),
      restart: (s, reason) => this.restart(s, worker, reason),
      onReplay: (s, result, from, to) => {
        this.deps.metrics.replayRequests.inc({ result })
        this.emit('replay', s, result, from, to)
      },
    })
    this.workers.set(site, worker)
    this.updateGauges()
    worker.start().then(
      () => {
        if (this.workers.get(site) === worker && worker.phase === 'running')
          this.emit('started', site)
      },
      (err: Error) => {
        if (this.workers.get(site) !== worker) return
        this.reportError(err, site)
        this.restart(site, worker, `start: ${err.message}`)
      },
    )
  }

  /** Stops a worker at once and starts a fresh one from the checkpoint after a backoff. */
  private restart(site: string, worker: SiteWorker, reason: string): void {
    if (this.workers.get(site) !== worker || worker.phase === 'stopped') return
    this.workers.delete(site)
    void worker.stop()
    this.updateGauges()
    if (reason === 'fenced') {
      this.emit('fenced', site)
      return
    }
    this.deps.metrics.siteRestarts.inc({ reason: reason.split(':')[0] ?? reason })
    this.emit('restart', site, reason)
    if (this.closing !== undefined) return
    const failures = reason === 'rewind' ? 0 : (this.failures.get(site) ?? 0) + 1
    this.failures.set(site, failures)
    const { restartMs, restartMaxMs } = this.deps.settings
    const wait = failures === 0 ? 0 : Math.min(restartMaxMs, restartMs * 2 ** (failures - 1))
    const timer = this.deps.clock.setTimeout(() => {
      this.timers.delete(site)
      if (this.closing === undefined && !this.workers.has(site)) this.launch(site)
    }, wait)
    timer.unref?.()
    this.timers.set(site, timer)
  }

  /**
   * Stops applying a hall gracefully: stops reading, writes what was read, acknowledges.
   * Resolves when the hall may be handed to another instance.
   */
  async stopSite(site: string): Promise<void> {
    const worker = this.workers.get(site)
    this.cancelTimer(site)
    if (worker === undefined) return
    if (worker.phase === 'running') {
      worker.phase = 'stopping'
      await worker.stopReading()
      while (
        this.workers.get(site) === worker &&
        (worker.buffer.length > 0 || worker.pendingWrites > 0)
      ) {
        this.kick()
        await this.nextRound()
      }
    }
    await this.dropWorker(site, worker)
  }

  /** Stops applying a hall at once (its lease is gone); what was read is read again by the next owner. */
  async abortSite(site: string): Promise<void> {
    this.cancelTimer(site)
    const worker = this.workers.get(site)
    if (worker !== undefined) await this.dropWorker(site, worker)
  }

  private async dropWorker(site: string, worker: SiteWorker): Promise<void> {
    if (this.workers.get(site) === worker) this.workers.delete(site)
    this.failures.delete(site)
    await worker.stop()
    this.updateGauges()
    this.emit('stopped', site)
  }

  private cancelTimer(site: string): void {
    const timer = this.timers.get(site)
    if (timer !== undefined) this.deps.clock.clearTimeout(timer)
    this.timers.delete(site)
  }

  private nextRound(): Promise<void> {
    return new Promise((resolve) => this.roundWaiters.push(resolve))
  }

  /** Asks for a round of the batcher soon. */
  kick(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.round()
    })
  }

  /*
   * A round prepares what every worker read and writes it. Up to maxInFlight rounds overlap:
   * the next batch is computed while Redis runs the previous one. A hall's second batch builds
   * on its first; if the first fails, the second's seq check fails too and the hall restarts
   * from its checkpoint. Replies come back in the order sent (one connection), so acks keep
   * their order.
   */
  private async round(): Promise<void> {
    if (this.inFlight >= this.deps.settings.maxInFlight) {
      this.again = true
      return
    }
    const { maxBatch } = this.deps.settings
    const workers = [...this.workers.values()]
    const prepared: Prepared[] = []
    let taken = 0
    const start = this.rotation++ % Math.max(1, workers.length)
    for (let i = 0; i < workers.length && taken < maxBatch; i++) {
      const worker = workers[(start + i) % workers.length]!
      let p: Prepared | undefined
      try {
        p = worker.prepare(maxBatch - taken)
      } catch (err) {
        // A bug in an applier must not stop the other halls: restart this one from Redis.
        this.reportError(err as Error, worker.site)
        this.restart(worker.site, worker, `prepare: ${(err as Error).message}`)
        continue
      }
      if (p === undefined) continue
      prepared.push(p)
      taken += p.applied.length + p.rejected.length + p.duplicates + 1
    }
    if (prepared.length === 0) {
      this.finishRound()
      return
    }
    this.inFlight++
    for (const p of prepared) p.worker.pendingWrites++
    const writes = prepared.map((p) => p.write).filter((w): w is SiteWrite => w !== undefined)
    const side: SideCommand[] = []
    for (const p of prepared) {
      for (const r of p.rejected)
        side.push(['HINCRBY', this.deps.keys.rejected(p.worker.site), r.reason, '1'])
    }
    const { metrics, clock } = this.deps
    try {
      const began = performance.now()
      const results = await this.deps.store.write(writes, side)
      metrics.writeSeconds.observe((performance.now() - began) / 1000)
      this.commitRound(prepared, results, clock.now())
    } finally {
      this.inFlight--
      this.updateGauges()
      this.finishRound()
    }
    if (this.again || [...this.workers.values()].some((wk) => wk.ready)) {
      this.again = false
      this.kick()
    }
  }

  /** Acknowledges, counts and reports a round once Redis answered. */
  private commitRound(prepared: Prepared[], results: WriteResult[], now: number): void {
    const { metrics } = this.deps
    let w = 0
    let events = 0
    const byType = new Map<string, number>()
    for (const p of prepared) {
      const result = p.write === undefined ? undefined : results[w++]
      const site = p.worker.site
      p.worker.pendingWrites--
      // Restarted meanwhile (an earlier batch failed): its reads are read again from Redis.
      if (p.worker.phase === 'stopped') continue
      for (const r of p.rejected) {
        metrics.eventsRejected.inc({ reason: r.reason })
        this.emit('rejected', { site, ...r })
      }
      if (p.duplicates > 0) metrics.eventsDuplicate.inc(p.duplicates)
      if (result?.status === 'error') this.reportError(result.error, site)
      p.worker.committed(p, result)
      if (p.write === undefined || result?.status !== 'applied') continue
      this.failures.delete(site)
      events += p.applied.length
      const lagsMs = p.applied.map((a) => now - a.tsMs)
      for (const a of p.applied) byType.set(a.type, (byType.get(a.type) ?? 0) + 1)
      for (const lag of lagsMs) metrics.lag.observe(Math.max(0, lag) / 1000)
      if (p.skipped > 0) metrics.eventsSkipped.inc(p.skipped)
      this.emit('applied', {
        site,
        fromSeq: p.write.expectedSeq + 1,
        toSeq: p.write.newSeq,
        count: p.applied.length,
        skipped: p.skipped,
        lagsMs,
        intakeLagsMs: p.applied.map((a) => now - a.storedMs),
      })
    }
    for (const [type, n] of byType) metrics.eventsApplied.inc({ type }, n)
    if (events > 0) metrics.batchSize.observe(events)
  }

  private finishRound(): void {
    const waiters = this.roundWaiters
    this.roundWaiters = []
    for (const resolve of waiters) resolve()
  }

  private updateGauges(): void {
    let gaps = 0
    let held = 0
    for (const w of this.workers.values()) {
      if (w.gapFrom !== undefined) gaps++
      held += w.heldCount
    }
    this.deps.metrics.gapsOpen.set(gaps)
    this.deps.metrics.eventsHeld.set(held)
  }

  /** Stops every hall gracefully (SIGTERM): stop reading, finish writing, acknowledge. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const site of this.timers.keys()) this.cancelTimer(site)
      await Promise.allSettled([...this.workers.keys()].map((site) => this.stopSite(site)))
    })()
    return this.closing
  }
}
