import { EventEmitter } from 'node:events'
import type { Clock } from '@qms/protocol'
import type { RefreshResult } from '../predict-service/refresh.js'
import { LiveHall, type LiveHallDeps } from './live-hall.js'
import type { LiveSettings } from './settings.js'

/*
 * The halls this instance holds live: one LiveHall per hall it owns, started when the hall's
 * lease is taken and dropped when it goes (after writing what it learned, on a hand-over; at
 * once, on a lost lease — the new owner's writes win).
 */

export interface LiveHallsEvents {
  refreshed: [site: string, result: RefreshResult]
  changed: [site: string]
  started: [site: string]
  stopped: [site: string]
  error: [err: Error, site: string | undefined]
}

export class LiveHalls extends EventEmitter<LiveHallsEvents> {
  private readonly halls = new Map<string, LiveHall>()
  private readonly stopping = new Map<string, Promise<void>>()
  private closing: Promise<void> | undefined

  constructor(
    private readonly deps: LiveHallDeps,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
  ) {
    super()
  }

  private report(err: Error, site?: string): void {
    if (this.listenerCount('error') > 0) this.emit('error', err, site)
  }

  get map(): ReadonlyMap<string, LiveHall> {
    return this.halls
  }

  hall(site: string): LiveHall | undefined {
    return this.halls.get(site)
  }

  start(site: string): void {
    if (this.closing !== undefined || this.halls.has(site)) return
    const hall = new LiveHall(site, this.deps, this.settings, this.clock)
    hall.on('error', (err) => this.report(err, site))
    hall.on('refreshed', (s, r) => this.emit('refreshed', s, r))
    hall.on('changed', (s) => this.emit('changed', s))
    this.halls.set(site, hall)
    this.deps.metrics.halls.set(this.halls.size)
    // A hall handed back while its previous life here still writes waits for that to finish.
    const previous = this.stopping.get(site) ?? Promise.resolve()
    void previous
      .then(() => (this.halls.get(site) === hall ? hall.start() : undefined))
      .then(
        () => this.emit('started', site),
        (err: Error) => {
          this.report(err, site)
          if (this.halls.get(site) === hall) {
            this.halls.delete(site)
            void hall.close(false)
            this.deps.metrics.halls.set(this.halls.size)
          }
        },
      )
  }

  /** Drops the hall; with `flush` writes what it learned first. */
  stop(site: string, flush: boolean): Promise<void> {
    const hall = this.halls.get(site)
    if (hall === undefined) return this.stopping.get(site) ?? Promise.resolve()
    this.halls.delete(site)
    this.deps.metrics.halls.set(this.halls.size)
    const p = hall
      .close(flush)
      .catch((err: Error) => this.report(err, site))
      .finally(() => {
        if (this.stopping.get(site) === p) this.stopping.delete(site)
        this.emit('stopped', site)
      })
    this.stopping.set(site, p)
    return p
  }

  /** Asks every hall for a refresh (time passed; the prediction-refresh job). */
  refreshAll(): number {
    for (const h of this.halls.values()) h.markDirty()
    return this.halls.size
  }

  /** The intake passed over seqs a hall could no longer replay. */
  skipped(site: string, from: number, to: number): void {
    this.halls.get(site)?.skipped(from, to)
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled(
      [...this.halls.keys()].map((site) => this.stop(site, true)),
    ).then(() => undefined)
    return this.closing
  }
}
