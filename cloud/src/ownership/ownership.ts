import { EventEmitter } from 'node:events'
import { type Clock, type ClockTimer, systemClock } from '@qms/protocol'
import type { Redis } from 'ioredis'
import type { RedisKeys } from '../projections/keys.js'
import { ownerOf } from './assign.js'
import { HEARTBEAT_SCRIPT, LEASES_SCRIPT, RELEASE_SCRIPT } from './lease-scripts.js'

/*
 * Which instance applies which hall. Instances register in a Redis sorted set with a heartbeat;
 * each hall goes to the live member chosen by rendezvous hashing, which takes the hall's lease
 * (a Redis key with a time to live, renewed on every heartbeat). The apply script checks the
 * lease, so a hall's events are written by its lease holder only (projections/apply-script.ts).
 *
 * When an instance dies its membership and leases expire (leaseMs) and the survivors take its
 * halls on their next heartbeat: a hall moves within leaseMs + heartbeatMs. When an instance
 * joins, the halls it wins are shed by their holders (stop, finish the batch, release) and taken.
 */

export interface OwnershipOptions {
  redis: Redis
  keys: RedisKeys
  instanceId: string
  /** The halls to share out; read on every heartbeat. */
  sites(): Iterable<string>
  clock?: Clock
  /** Lease and membership time to live; default 4 s. */
  leaseMs?: number
  /** Default 1 s. */
  heartbeatMs?: number
}

export interface OwnershipEvents {
  /** The lease is ours: start applying the hall. */
  acquired: [site: string]
  /** Another instance should have the hall: stop gracefully, then call release(site). */
  shed: [site: string]
  /** The lease is gone (expired, taken, or Redis lost it): stop applying at once. */
  lost: [site: string]
  members: [members: string[]]
  error: [error: Error]
}

type LeaseRedis = Redis & {
  qmsHeartbeat(key: string, id: string, ttl: string): Promise<string[]>
  qmsLeases(...args: string[]): Promise<number[]>
  qmsRelease(key: string, id: string): Promise<number>
}

export class Ownership extends EventEmitter<OwnershipEvents> {
  readonly instanceId: string
  private readonly redis: LeaseRedis
  private readonly keys: RedisKeys
  private readonly clock: Clock
  private readonly leaseMs: number
  private readonly heartbeatMs: number
  private readonly sites: () => Iterable<string>
  /** Halls whose lease we hold, and whether we are handing them over. */
  private readonly held = new Map<string, 'held' | 'shedding'>()
  private memberList: string[] = []
  private timer: ClockTimer | undefined
  private running = false
  private ticking: Promise<void> | undefined
  private lastRenewal = 0
  private closing: Promise<void> | undefined

  constructor(opts: OwnershipOptions) {
    super()
    this.instanceId = opts.instanceId
    this.redis = opts.redis as LeaseRedis
    this.keys = opts.keys
    this.clock = opts.clock ?? systemClock
    this.leaseMs = opts.leaseMs ?? 4000
    this.heartbeatMs = opts.heartbeatMs ?? 1000
    this.sites = opts.sites
    if (typeof this.redis.qmsHeartbeat !== 'function') {
      this.redis.defineCommand('qmsHeartbeat', { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT })
      this.redis.defineCommand('qmsLeases', { lua: LEASES_SCRIPT })
      this.redis.defineCommand('qmsRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT })
    }
  }

  /** Joins and runs the first heartbeat. */
  async start(): Promise<void> {
    this.running = true
    await this.tick()
  }

  /** Halls whose lease this instance holds (also those being handed over). */
  owned(): string[] {
    return [...this.held.keys()]
  }

  isOwner(site: string): boolean {
    return this.held.has(site)
  }

  members(): readonly string[] {
    return this.memberList
  }

  /** Runs a heartbeat now (tests, and after the set of halls changed). */
  async heartbeat(): Promise<void> {
    await this.tick()
  }

  /** Gives the lease of a hall back after it was shed (or when stopping). */
  async release(site: string): Promise<void> {
    this.held.delete(site)
    await this.redis.qmsRelease(this.keys.lease(site), this.instanceId)
  }

  /** The apply script found our lease gone: forget the hall until the next heartbeat takes it. */
  markLost(site: string): void {
    if (this.held.delete(site)) this.emit('lost', site)
  }

  private schedule(): void {
    if (!this.running) return
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      this.tick().catch(() => undefined)
    }, this.heartbeatMs)
    this.timer.unref?.()
  }

  private tick(): Promise<void> {
    this.ticking ??= this.beat().finally(() => {
      this.ticking = undefined
      this.schedule()
    })
    return this.ticking
  }

  private async beat(): Promise<void> {
    if (!this.running) return
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer)
      this.timer = undefined
    }
    const startedAt = this.clock.now()
    try {
      const members = await this.redis.qmsHeartbeat(
        this.keys.members,
        this.instanceId,
        String(this.leaseMs),
      )
      if (!this.running) return
      if (members.join() !== this.memberList.join()) {
        this.memberList = members
        this.emit('members', members)
      }
      const desired = new Set<string>()
      for (const site of this.sites()) {
        if (ownerOf(site, members) === this.instanceId) desired.add(site)
      }
      const held = [...this.held.keys()]
      const wanted = [...desired].filter((s) => !this.held.has(s))
      const results = await this.redis.qmsLeases(
        String(held.length + wanted.length),
        ...held.map((s) => this.keys.lease(s)),
        ...wanted.map((s) => this.keys.lease(s)),
        this.instanceId,
        String(this.leaseMs),
        String(held.length),
      )
      this.lastRenewal = startedAt
      if (!this.running) return
      held.forEach((site, i) => {
        if (results[i] === 1 || !this.held.has(site)) return
        this.held.delete(site)
        this.emit('lost', site)
      })
      wanted.forEach((site, i) => {
        if (results[held.length + i] !== 1) return
        this.held.set(site, 'held')
        this.emit('acquired', site)
      })
      for (const [site, state] of this.held) {
        if (state === 'held' && !desired.has(site)) {
          this.held.set(site, 'shedding')
          this.emit('shed', site)
        }
      }
    } catch (err) {
      // Reported to whoever listens; a heartbeat failure must not throw out of the timer.
      if (this.listenerCount('error') > 0) this.emit('error', err as Error)
      // Without a renewal for a lease's lifetime, another instance may hold our halls now.
      if (this.clock.now() - this.lastRenewal >= this.leaseMs) {
        for (const site of [...this.held.keys()]) this.markLost(site)
      }
    }
  }

  /** Stops the heartbeat, gives back every lease and leaves. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.running = false
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
      await this.ticking
      const sites = [...this.held.keys()]
      this.held.clear()
      await Promise.allSettled([
        ...sites.map((s) => this.redis.qmsRelease(this.keys.lease(s), this.instanceId)),
        this.redis.zrem(this.keys.members, this.instanceId),
      ])
    })()
    return this.closing
  }
}
