import { EventEmitter } from 'node:events'
import {
  type Announce,
  Announce as AnnounceSchema,
  type DeviceCommand,
  DeviceCommand as DeviceCommandSchema,
  type DeviceKind,
  type DeviceResponse,
  DeviceResponse as DeviceResponseSchema,
  type ErrorBody,
  type HallSnapshot,
  HallSnapshot as HallSnapshotSchema,
  type InvalidBody,
  MAX_EVENT_BYTES,
  mqttTopics,
  parseJson,
  QmsError,
  type RequestOf,
  type ResultOf,
  subscribableTopics,
  type Validation,
} from '@qms/protocol'
import { DeviceLink, type DeviceLinkOptions, type LinkState } from './link.js'

/*
 * What every simulated device shares: its link, requests with the device's own `reqId` and a
 * timeout, retried with the SAME reqId (the edge answers a repeated reqId with its first answer
 * and changes nothing), and validation of every incoming message against the protocol schemas:
 * an invalid one is counted and reported, never trusted and never fatal.
 */

export type RequestOp = Exclude<keyof OpResults, never>
type OpResults = { [Op in DeviceResponseOp]: ResultOf<Op> }
type DeviceResponseOp = Extract<DeviceResponse, { ok: true }>['op']

/** The answer to a request: the op's result, or the edge's error. */
export type Reply<Op extends DeviceResponseOp> =
  | { ok: true; reqId: string; result: ResultOf<Op> }
  | { ok: false; reqId: string; error: ErrorBody }

export interface RequestOptions {
  /** Wait this long for each answer (default the device's, 5 s). */
  timeoutMs?: number
  /** Send at most this many times, always with the same reqId (default the device's, 3). */
  tries?: number
}

export interface DeviceOptions extends Omit<DeviceLinkOptions, 'kind' | 'topics'> {
  /** Default answer timeout per try (default 5 s). */
  requestTimeoutMs?: number
  /** Default tries per request (default 3). */
  requestTries?: number
}

export interface InvalidMessage {
  topic: string
  error: InvalidBody
}

export interface DeviceEvents {
  state: [LinkState]
  /** A message that failed its schema; counted in `stats.invalid`. */
  invalid: [InvalidMessage]
  /** A request sent again with the same reqId after no answer came in time. */
  retry: [{ reqId: string; op: string; attempt: number }]
  /** A command from the edge, validated. */
  command: [DeviceCommand]
  /** A new hall snapshot (devices that follow the hall). */
  snapshot: [HallSnapshot]
  /** An announcement, in the order the edge sent them (hall displays). */
  announce: [Announce]
}

export interface DeviceStats {
  requests: number
  retries: number
  timeouts: number
  /** Answers to no pending request (late answers to a retried request are normal). */
  unmatched: number
  invalid: number
  commands: number
}

/** Validators of what a device receives; oversize payloads are refused before parsing. */
export const parseResponse = (p: Uint8Array) => parseJson(DeviceResponseSchema, p, MAX_EVENT_BYTES)
export const parseCommand = (p: Uint8Array) => parseJson(DeviceCommandSchema, p, MAX_EVENT_BYTES)
export const parseSnapshot = (p: Uint8Array) => parseJson(HallSnapshotSchema, p, MAX_EVENT_BYTES)
export const parseAnnounce = (p: Uint8Array) => parseJson(AnnounceSchema, p, MAX_EVENT_BYTES)

interface Pending {
  op: string
  payload: string
  tries: number
  maxTries: number
  timeoutMs: number
  timer: ReturnType<DeviceLink['clock']['setTimeout']> | undefined
  resolve(reply: DeviceResponse): void
  reject(err: Error): void
}

export abstract class SimDevice extends EventEmitter<DeviceEvents> {
  readonly id: string
  readonly site: string
  readonly kind: DeviceKind
  readonly link: DeviceLink
  readonly stats: DeviceStats = {
    requests: 0,
    retries: 0,
    timeouts: 0,
    unmatched: 0,
    invalid: 0,
    commands: 0,
  }
  private readonly pending = new Map<string, Pending>()
  private readonly bootId: string
  private counter = 0
  private readonly timeoutMs: number
  private readonly tries: number
  private closing: Promise<void> | undefined

  /** The latest hall snapshot (for kinds that follow the hall), validated. */
  snapshot: HallSnapshot | undefined

  protected constructor(kind: DeviceKind, options: DeviceOptions) {
    super()
    this.id = options.id
    this.site = options.site
    this.kind = kind
    this.timeoutMs = options.requestTimeoutMs ?? 5000
    this.tries = options.requestTries ?? 3
    // Exactly the shared topics the ACL lets this kind read (protocol/src/device/acl.ts).
    const own = new Set([
      mqttTopics.response(options.site, options.id),
      mqttTopics.command(options.site, options.id),
    ])
    const topics = subscribableTopics(options.site, options.id, kind).filter((t) => !own.has(t))
    this.link = new DeviceLink({ ...options, kind, topics })
    // A boot id in every reqId: after a restart the counter starts again, the ids do not.
    this.bootId = this.link.clock.now().toString(36)
    this.link.on('state', (s) => this.emit('state', s))
    this.link.on('online', () => this.resendPending())
    this.link.on('message', (topic, payload, retained) => this.onMessage(topic, payload, retained))
  }

  /**
   * Powers the device on: it connects and keeps reconnecting until `close()`. With `waitOnline`
   * (default) resolves once connected; otherwise at once.
   */
  async connect(options: { waitOnline?: boolean } = {}): Promise<this> {
    this.link.start()
    if (options.waitOnline !== false) await this.link.waitOnline()
    return this
  }

  get online(): boolean {
    return this.link.online
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const [reqId, p] of this.pending) {
        if (p.timer !== undefined) this.link.clock.clearTimeout(p.timer)
        p.reject(
          new QmsError('UNAVAILABLE', `device ${this.id} closed before ${reqId} was answered`),
        )
      }
      this.pending.clear()
      await this.link.close()
    })()
    return this.closing
  }

  /**
   * Sends a request and resolves with the edge's answer (a result or an error body). When no
   * answer comes within the timeout it sends the same request again, same reqId, up to `tries`
   * times, then rejects with a TIMEOUT QmsError. Offline, the request waits for the link and is
   * sent when it comes back; the timeout runs meanwhile.
   */
  protected request<Op extends DeviceResponseOp>(
    body: Omit<RequestOf<Op>, 'reqId'>,
    options: RequestOptions = {},
  ): Promise<Reply<Op>> {
    if (this.closing !== undefined)
      return Promise.reject(new QmsError('UNAVAILABLE', `device ${this.id} is closed`))
    const reqId = `${this.id}-${this.bootId}-${(++this.counter).toString(36)}`
    const payload = JSON.stringify({ reqId, ...body })
    this.stats.requests++
    return new Promise<Reply<Op>>((resolve, reject) => {
      const p: Pending = {
        op: body.op,
        payload,
        tries: 0,
        maxTries: Math.max(1, options.tries ?? this.tries),
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        timer: undefined,
        resolve: (reply) => resolve(reply as Reply<Op>),
        reject,
      }
      this.pending.set(reqId, p)
      this.send(reqId, p)
    })
  }

  private send(reqId: string, p: Pending) {
    p.tries++
    this.link.publish(mqttTopics.request(this.site, this.id), p.payload)
    p.timer = this.link.clock.setTimeout(() => this.onTimeout(reqId), p.timeoutMs)
  }

  private onTimeout(reqId: string) {
    const p = this.pending.get(reqId)
    if (p === undefined) return
    p.timer = undefined
    if (p.tries >= p.maxTries) {
      this.pending.delete(reqId)
      this.stats.timeouts++
      p.reject(new QmsError('TIMEOUT', `no answer to ${p.op} ${reqId} after ${p.tries} tries`))
      return
    }
    this.stats.retries++
    this.emit('retry', {
      reqId,
      op: p.op,
      attempt: p.tries + 1,
    })
    this.send(reqId, p)
  }

  /** After a reconnect, requests still waiting go out again at once (same reqId). */
  private resendPending() {
    for (const p of this.pending.values()) {
      this.link.publish(mqttTopics.request(this.site, this.id), p.payload)
    }
  }

  private onMessage(topic: string, payload: Buffer, retained: boolean) {
    if (topic === mqttTopics.response(this.site, this.id)) {
      const r = this.parse(topic, parseResponse, payload)
      if (r === undefined) return
      const p = r.reqId === undefined ? undefined : this.pending.get(r.reqId)
      if (p === undefined || r.reqId === undefined) {
        this.stats.unmatched++
        return
      }
      this.pending.delete(r.reqId)
      if (p.timer !== undefined) this.link.clock.clearTimeout(p.timer)
      p.resolve(r)
      return
    }
    if (topic === mqttTopics.command(this.site, this.id)) {
      const c = this.parse(topic, parseCommand, payload)
      if (c === undefined) return
      this.stats.commands++
      this.emit('command', c)
      this.onCommand(c)
      return
    }
    this.onShared(topic, payload, retained)
  }

  /** Validates an incoming payload; an invalid one is counted, reported and dropped. */
  protected parse<V>(
    topic: string,
    check: (payload: Uint8Array) => Validation<V>,
    payload: Buffer,
  ): V | undefined {
    const v = check(payload)
    if (v.ok) return v.value
    this.stats.invalid++
    this.emit('invalid', { topic, error: v.error })
    return undefined
  }

  /** A validated command for this device. `reboot` drops the link, which comes back by itself. */
  protected onCommand(command: DeviceCommand): void {
    if (command.cmd === 'reboot') this.link.kill()
  }

  /** A message on a shared topic: the retained hall snapshot, or an announcement. */
  protected onShared(topic: string, payload: Buffer, _retained: boolean): void {
    if (topic === mqttTopics.hall(this.site)) {
      const snap = this.parse(topic, parseSnapshot, payload)
      if (snap === undefined) return
      // The retained copy sent on a resubscribe may be older than one already seen.
      const last = this.snapshot
      if (last !== undefined && last.day === snap.day && snap.seq < last.seq) return
      this.snapshot = snap
      this.emit('snapshot', snap)
    } else if (topic === mqttTopics.announce(this.site)) {
      const a = this.parse(topic, parseAnnounce, payload)
      if (a !== undefined) this.onAnnounce(a)
    }
  }

  protected onAnnounce(announce: Announce): void {
    this.emit('announce', announce)
  }
}
