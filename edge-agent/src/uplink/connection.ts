import {
  connect,
  type NatsConnection,
  type NodeConnectionOptions,
  nkeyAuthenticator,
} from '@nats-io/transport-node'
import type { Clock, ClockTimer } from '@qms/protocol'
import { backoffMs } from './backoff.js'

/*
 * The hall's one NATS connection. The hall must start and work without the cloud (DESIGN.md,
 * principle 1), so connecting never blocks: the first connection is tried in the background with
 * a back-off on the injected clock, and once connected nats.js reconnects forever by itself.
 * A dead link is noticed by the client's pings within (maxPingOut + 1) × pingInterval; a reset
 * connection at once.
 */

export interface NatsLinkOptions {
  servers: string[]
  user?: string
  password?: string
  token?: string
  /** The hall's user nkey seed (`SU…`): the server holds only the public key. */
  nkeySeed?: string
  /** Connection name, shown in the server's monitoring. */
  name: string
  /** The hall's inbox prefix: its NATS user may subscribe to `<prefix>.>` only. */
  inboxPrefix: string
  clock: Clock
  /** One connection attempt, ms (default 5 s). */
  connectTimeoutMs?: number
  /** Client pings, ms (default 2 s); after `maxPingOut` (2) unanswered the link is dead. */
  pingIntervalMs?: number
  maxPingOut?: number
  /** Back-off between fresh connection attempts, ms (default 500 doubling to 30 s). */
  retryMs?: number
  retryMaxMs?: number
  /** Longest wait between nats.js's reconnect attempts, ms (default 5 s). */
  reconnectMaxMs?: number
  /** A new connection object: subscribe and consume on it (nats.js keeps them over reconnects). */
  onSession?(nc: NatsConnection): void
  /** That connection object is closed for good. */
  onSessionEnd?(nc: NatsConnection): void
  /** The link is usable: connected, or reconnected (`again`). */
  onUp?(nc: NatsConnection, again: boolean): void
  /** The link is lost. */
  onDown?(): void
  /** Something to log: a failed attempt, a server error (permissions…). */
  onError?(error: unknown, what: 'connect' | 'server' | 'closed'): void
}

export interface NatsLink {
  connected(): boolean
  /** The connection while one exists (connected or reconnecting). */
  connection(): NatsConnection | undefined
  /** Closes the connection and stops trying. Idempotent; does not wait for a pending attempt. */
  close(): Promise<void>
}

export function createNatsLink(options: NatsLinkOptions): NatsLink {
  const { clock } = options
  const retryMs = options.retryMs ?? 500
  const retryMaxMs = options.retryMaxMs ?? 30_000
  const reconnectMaxMs = options.reconnectMaxMs ?? 5000
  let nc: NatsConnection | undefined
  let up = false
  let everUp = false
  let stopped = false
  let disconnectedAt = clock.now()
  let sleeping: { timer: ClockTimer; wake: () => void } | undefined
  let closing: Promise<void> | undefined

  const setUp = (conn: NatsConnection, value: boolean) => {
    if (up === value) return
    up = value
    if (value) {
      options.onUp?.(conn, everUp)
      everUp = true
    } else {
      disconnectedAt = clock.now()
      options.onDown?.()
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        sleeping = undefined
        resolve()
      }, ms)
      sleeping = {
        timer,
        wake: () => {
          clock.clearTimeout(timer)
          sleeping = undefined
          resolve()
        },
      }
    })

  const connectOptions = (): NodeConnectionOptions => ({
    servers: options.servers,
    name: options.name,
    inboxPrefix: options.inboxPrefix,
    timeout: options.connectTimeoutMs ?? 5000,
    pingInterval: options.pingIntervalMs ?? 2000,
    maxPingOut: options.maxPingOut ?? 2,
    reconnect: true,
    maxReconnectAttempts: -1,
    // Quick after a blip, then less often the longer the outage (at most reconnectMaxMs).
    reconnectDelayHandler: () =>
      Math.min(reconnectMaxMs, Math.max(250, (clock.now() - disconnectedAt) / 4)) +
      Math.floor(Math.random() * 250),
    ...(options.user === undefined ? {} : { user: options.user, pass: options.password }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.nkeySeed === undefined
      ? {}
      : { authenticator: nkeyAuthenticator(new TextEncoder().encode(options.nkeySeed)) }),
  })

  const session = async (conn: NatsConnection) => {
    nc = conn
    options.onSession?.(conn)
    setUp(conn, true)
    void (async () => {
      for await (const s of conn.status()) {
        if (s.type === 'disconnect') setUp(conn, false)
        else if (s.type === 'reconnect') setUp(conn, true)
        else if (s.type === 'error') options.onError?.(s.error, 'server')
      }
    })().catch(() => undefined)
    const err = await conn.closed()
    if (err !== undefined && !stopped) options.onError?.(err, 'closed')
    setUp(conn, false)
    nc = undefined
    options.onSessionEnd?.(conn)
  }

  const run = async () => {
    let attempt = 0
    while (!stopped) {
      let conn: NatsConnection
      try {
        conn = await connect(connectOptions())
      } catch (err) {
        if (stopped) break
        attempt++
        options.onError?.(err, 'connect')
        await sleep(backoffMs(attempt, retryMs, retryMaxMs))
        continue
      }
      if (stopped) {
        await conn.close().catch(() => undefined)
        break
      }
      attempt = 0
      await session(conn)
      // Closed under us (e.g. refused credentials on reconnect): start over after a while.
      if (!stopped) await sleep(backoffMs(1, retryMs, retryMaxMs))
    }
  }
  void run()

  return {
    connected: () => up,
    connection: () => nc,
    close() {
      closing ??= (async () => {
        stopped = true
        sleeping?.wake()
        const conn = nc
        if (conn !== undefined && !conn.isClosed()) await conn.close().catch(() => undefined)
      })()
      return closing
    },
  }
}
