import { EventEmitter } from 'node:events'
import {
  type Clock,
  type ClockTimer,
  type DeviceKind,
  type DeviceStatus,
  mqttTopics,
  systemClock,
} from '@qms/protocol'
import { connectAsync, type MqttClient } from 'mqtt'
import { type BackoffOptions, backoffDelay } from './backoff.js'

/*
 * The MQTT side of a simulated device, as firmware does it (DESIGN.md, MQTT contract): client id
 * = user name = device id, password = token; a retained status with `{"online":false}` as last
 * will; its subscriptions made again on every connection; and when the broker is gone, new
 * attempts after an exponential back-off with jitter, on an injected clock, each one reported.
 */

export type LinkStateName = 'connecting' | 'online' | 'reconnecting' | 'closed'

export interface LinkState {
  state: LinkStateName
  /** Failed attempts since the link was last online. */
  attempt: number
  /** For `reconnecting`: when the next attempt starts. */
  delayMs?: number
  /** Why the last attempt or connection failed. */
  error?: string
  at: number
}

export interface DeviceLinkOptions {
  /** `mqtt://host:port` of the hall's broker. */
  url: string
  site: string
  id: string
  kind: DeviceKind
  token: string
  /** Firmware version reported in the status (default 1.0.0). */
  fw?: string
  /** Topics subscribed on every connection, besides the device's own `res` and `cmd`. */
  topics?: string[]
  clock?: Clock
  backoff?: BackoffOptions
  /** Give up a connection attempt after this long (default 5 s). */
  connectTimeoutMs?: number
  /** MQTT keep-alive (default 30 s). */
  keepaliveSec?: number
}

export interface LinkEvents {
  state: [LinkState]
  /** A message on a subscribed topic. */
  message: [topic: string, payload: Buffer, retained: boolean]
  /** Connected and subscribed (also after every reconnect). */
  online: []
}

/** One device's connection to its broker. Call `start()` once; `close()` ends it. */
export class DeviceLink extends EventEmitter<LinkEvents> {
  readonly options: DeviceLinkOptions
  readonly clock: Clock
  private client: MqttClient | undefined
  private timer: ClockTimer | undefined
  private attempt = 0
  private closing: Promise<void> | undefined
  private current: LinkState
  private extraStatus: Partial<DeviceStatus> = {}
  /** Connections made so far (1 after the first). */
  connections = 0

  constructor(options: DeviceLinkOptions) {
    super()
    this.options = options
    this.clock = options.clock ?? systemClock
    this.current = { state: 'connecting', attempt: 0, at: this.clock.now() }
  }

  get state(): LinkState {
    return this.current
  }

  get online(): boolean {
    return this.current.state === 'online'
  }

  get statusTopic(): string {
    return mqttTopics.status(this.options.site, this.options.id)
  }

  /** Starts connecting; resolves at once. Watch `state` or await `waitOnline()`. */
  start(): void {
    if (this.closing !== undefined || this.client !== undefined || this.timer !== undefined) return
    void this.connect()
  }

  /** Resolves when the link is online (now or later); rejects if it is closed first. */
  waitOnline(): Promise<void> {
    if (this.online) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onState = (s: LinkState) => {
        if (s.state === 'online') {
          this.off('state', onState)
          resolve()
        } else if (s.state === 'closed') {
          this.off('state', onState)
          reject(new Error(`device ${this.options.id} closed before it came online`))
        }
      }
      this.on('state', onState)
    })
  }

  /** Publishes QoS 1; false when offline (the caller decides whether to try again). */
  publish(topic: string, payload: string, retain = false): boolean {
    const client = this.client
    if (client === undefined || !this.online) return false
    client.publish(topic, payload, { qos: 1, retain }, () => undefined)
    return true
  }

  /** Changes fields of the retained status (paper, fault) and publishes it when online. */
  setStatus(extra: Partial<DeviceStatus>): void {
    this.extraStatus = { ...this.extraStatus, ...extra }
    this.publishStatus()
  }

  /** Drops the TCP connection without a DISCONNECT, as a power cut would: the broker sends the will. */
  kill(): void {
    this.client?.stream.destroy()
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
      this.timer = undefined
      const client = this.client
      this.client = undefined
      if (client !== undefined) {
        // A clean goodbye: the device says it is off-line itself, since a DISCONNECT drops the will.
        if (this.online) {
          await client
            .publishAsync(this.statusTopic, JSON.stringify({ online: false }), {
              qos: 1,
              retain: true,
            })
            .catch(() => undefined)
        }
        await client.endAsync(true).catch(() => undefined)
      }
      this.setState({ state: 'closed', attempt: this.attempt, at: this.clock.now() })
    })()
    return this.closing
  }

  private setState(state: LinkState) {
    this.current = state
    this.emit('state', state)
  }

  private status(): string {
    const { kind, fw } = this.options
    const status: DeviceStatus = { online: true, kind, fw: fw ?? '1.0.0', ...this.extraStatus }
    return JSON.stringify(status)
  }

  private publishStatus() {
    this.publish(this.statusTopic, this.status(), true)
  }

  private async connect(): Promise<void> {
    if (this.closing !== undefined) return
    const o = this.options
    if (this.connections === 0 && this.attempt === 0) {
      this.setState({ state: 'connecting', attempt: 0, at: this.clock.now() })
    }
    let client: MqttClient
    try {
      client = await connectAsync(
        o.url,
        {
          clientId: o.id,
          username: o.id,
          password: o.token,
          clean: true,
          keepalive: o.keepaliveSec ?? 30,
          connectTimeout: o.connectTimeoutMs ?? 5000,
          // We reconnect ourselves, with back-off and a fresh subscription set.
          reconnectPeriod: 0,
          resubscribe: false,
          will: {
            topic: this.statusTopic,
            payload: Buffer.from(JSON.stringify({ online: false })),
            qos: 1,
            retain: true,
          },
        },
        false,
      )
    } catch (err) {
      this.retry((err as Error).message)
      return
    }
    if (this.closing !== undefined) {
      await client.endAsync(true).catch(() => undefined)
      return
    }
    // TCP_NODELAY (LIBRARIES.md): without it each QoS 1 round trip waits on delayed acks.
    ;(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true)
    client.on('error', () => undefined)
    client.on('message', (topic, payload, packet) =>
      this.emit('message', topic, payload, packet.retain),
    )
    client.once('close', () => {
      if (this.client !== client) return
      this.client = undefined
      client.removeAllListeners('message')
      void client.endAsync(true).catch(() => undefined)
      this.retry('connection lost')
    })
    try {
      const topics = [
        mqttTopics.response(o.site, o.id),
        mqttTopics.command(o.site, o.id),
        ...(o.topics ?? []),
      ]
      const granted = await client.subscribeAsync(topics, { qos: 1 })
      const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic)
      if (refused.length > 0) throw new Error(`broker refused subscriptions: ${refused.join(', ')}`)
    } catch (err) {
      await client.endAsync(true).catch(() => undefined)
      this.retry((err as Error).message)
      return
    }
    this.client = client
    this.connections++
    this.attempt = 0
    this.setState({ state: 'online', attempt: 0, at: this.clock.now() })
    this.publishStatus()
    this.emit('online')
  }

  private retry(error: string) {
    if (this.closing !== undefined) return
    const delayMs = backoffDelay(this.attempt, this.options.backoff)
    this.attempt++
    this.setState({
      state: 'reconnecting',
      attempt: this.attempt,
      delayMs,
      error,
      at: this.clock.now(),
    })
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      void this.connect()
    }, delayMs)
  }
}
