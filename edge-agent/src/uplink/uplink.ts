import { jetstream } from '@nats-io/jetstream'
import { type Clock, type LinkState, type NatsNames, natsNames, systemClock } from '@qms/protocol'
import type { Logger } from 'pino'
import type { CloudHooks } from '../cloud/hooks.js'
import type { JournalReader } from '../journal/index.js'
import type { EdgeMetrics } from '../metrics.js'
import { type CommandConsumer, startCommandConsumer } from './commands.js'
import { createNatsLink } from './connection.js'
import { createLinkReporter } from './link-state.js'
import { uplinkMetrics } from './metrics.js'
import { createOutbox, type OutboxStatus, type PublishEvent } from './outbox.js'
import { jetStreamPublisher } from './publisher.js'
import { createReplayer } from './replay.js'
import { type RpcResponder, startRpcResponder } from './rpc.js'

/** What the uplink needs of the hall: an `EdgeAgent` has all of it. */
export interface UplinkHall {
  readonly site: string
  readonly journal: JournalReader
  readonly metrics: EdgeMetrics
  rpc: CloudHooks['rpc']
  command: CloudHooks['command']
  setLink(link: LinkState): void
}

/** Tuning, with defaults; units in the names. */
export interface UplinkTuning {
  /** Event publishes waiting for their PubAck at most (256). */
  window: number
  /** A publish without PubAck after this failed (5 s). */
  ackTimeoutMs: number
  /** The journal cursor is written at most this often (250 ms). */
  cursorFlushMs: number
  /** Back-off after failures: first wait, doubling up to the second (500 ms, 30 s). */
  retryMs: number
  retryMaxMs: number
  /** Client pings; after `maxPingOut` unanswered the link is dead (2 s, 2: noticed in 4–6 s). */
  pingIntervalMs: number
  maxPingOut: number
  /** One connection attempt (5 s). */
  connectTimeoutMs: number
  /** Longest wait between reconnect attempts (5 s). */
  reconnectMaxMs: number
  /** Link state refreshed while behind or disconnected (5 s). */
  linkIntervalMs: number
  /** Close waits this long for what is journaled to be acknowledged (3 s). */
  closeTimeoutMs: number
  /** Replay publishes in flight at most (64). */
  replayWindow: number
  /** Largest RPC request (64 KiB) and command (4 MiB) accepted. */
  rpcMaxBytes: number
  commandMaxBytes: number
}

export const UPLINK_DEFAULTS: UplinkTuning = {
  window: 256,
  ackTimeoutMs: 5000,
  cursorFlushMs: 250,
  retryMs: 500,
  retryMaxMs: 30_000,
  pingIntervalMs: 2000,
  maxPingOut: 2,
  connectTimeoutMs: 5000,
  reconnectMaxMs: 5000,
  linkIntervalMs: 5000,
  closeTimeoutMs: 3000,
  replayWindow: 64,
  rpcMaxBytes: 64 * 1024,
  commandMaxBytes: 4 * 1024 * 1024,
}

export interface UplinkOptions extends Partial<UplinkTuning> {
  hall: UplinkHall
  /** NATS servers of the cloud (`nats://host:4222`). */
  servers: string[]
  user?: string
  password?: string
  token?: string
  /** The hall's user nkey seed (`SU…`), as `qms-cloud nats-auth` made it. */
  nkeySeed?: string
  /** Subject root and stream names, as the cloud's (default `qms`, QMS_EVT / QMS_CMD). */
  names?: NatsNames
  clock?: Clock
  logger?: Logger
}

export interface UplinkStatus {
  connected: boolean
  outbox: OutboxStatus
  /** Events queued for replay. */
  replaying: number
}

export interface Uplink {
  /** The link as the hall shows it. */
  link(): LinkState
  status(): UplinkStatus
  /**
   * Stops answering the cloud and pulling commands, waits (bounded) for what is journaled to be
   * acknowledged, writes the cursor, closes the connection. Idempotent. Whatever is not
   * acknowledged stays in the journal and is sent at the next start.
   */
  close(): Promise<void>
}

/**
 * Connects a hall to the cloud over NATS JetStream: the outbox (journal → `qms.evt.<site>`),
 * replays, requests and commands from the cloud, and the link state. Returns at once; the
 * connection is made in the background and kept forever.
 */
export function createUplink(options: UplinkOptions): Uplink {
  const { hall } = options
  const t: UplinkTuning = { ...UPLINK_DEFAULTS }
  for (const key of Object.keys(UPLINK_DEFAULTS) as Array<keyof UplinkTuning>) {
    const v = options[key]
    if (v !== undefined) t[key] = v
  }
  const clock = options.clock ?? systemClock
  const logger = options.logger
  const names = options.names ?? natsNames()
  const site = hall.site
  const metrics = uplinkMetrics(hall.metrics.registry)
  const { journal } = hall

  let publisher: PublishEvent | undefined
  let rpc: RpcResponder | undefined
  let commands: CommandConsumer | undefined
  let accepting = true
  let up = false
  let lastFailureLog = Number.NEGATIVE_INFINITY

  /** A failure while the link is troubled is logged at most every 30 s; the metrics count all. */
  const warnSometimes = (obj: object, msg: string) => {
    const now = clock.now()
    if (now - lastFailureLog >= 30_000) {
      lastFailureLog = now
      logger?.warn(obj, msg)
    } else logger?.debug(obj, msg)
  }

  const outbox = createOutbox({
    journal,
    clock,
    window: t.window,
    cursorFlushMs: t.cursorFlushMs,
    retryMs: t.retryMs,
    retryMaxMs: t.retryMaxMs,
    metrics,
    onFailure: (err, seq, attempt) =>
      warnSometimes(
        { err, seq, attempt },
        'outbox: an event was not acknowledged (or the journal is closing); it is sent again from the journal',
      ),
    onProgress: () => {
      metrics.inFlight.set(outbox.status().inFlight)
      reporter.update()
    },
  })
  const replayer = createReplayer({
    journal,
    clock,
    window: t.replayWindow,
    retryMs: t.retryMs,
    retryMaxMs: t.retryMaxMs,
    metrics,
    onFailure: (err, seq) => warnSometimes({ err, seq }, 'replay publish failed; trying again'),
  })
  const reporter = createLinkReporter({
    journal,
    clock,
    setLink: (link) => hall.setLink(link),
    acked: () => outbox.status().acked,
    connected: () => up,
    intervalMs: t.linkIntervalMs,
  })
  const stopWatchingCommits = journal.onCommit(() => reporter.update())

  const link = createNatsLink({
    servers: options.servers,
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.nkeySeed === undefined ? {} : { nkeySeed: options.nkeySeed }),
    name: `qms-edge-${site}`,
    inboxPrefix: names.edgeInboxPrefix(site),
    clock,
    connectTimeoutMs: t.connectTimeoutMs,
    pingIntervalMs: t.pingIntervalMs,
    maxPingOut: t.maxPingOut,
    retryMs: t.retryMs,
    retryMaxMs: t.retryMaxMs,
    reconnectMaxMs: t.reconnectMaxMs,
    onSession(nc) {
      const js = jetstream(nc, { timeout: t.ackTimeoutMs })
      publisher = jetStreamPublisher(js, names, site, t.ackTimeoutMs)
      if (!accepting) return
      rpc = startRpcResponder({
        nc,
        names,
        site,
        clock,
        metrics,
        maxBytes: t.rpcMaxBytes,
        handlers: { rpc: (op, request) => hall.rpc(op, request), replay: replayer.request },
        onError: (err) => logger?.warn({ err }, 'request from the cloud not answered'),
      })
      commands = startCommandConsumer({
        js,
        names,
        site,
        clock,
        metrics,
        maxBytes: t.commandMaxBytes,
        retryMs: t.retryMs,
        handle: (command) => hall.command(command),
        onInvalid: () => hall.metrics.commandsDropped.inc({ type: 'unknown', reason: 'invalid' }),
        onError: (err, what) =>
          what === 'handle'
            ? logger?.error({ err }, 'cloud command failed')
            : warnSometimes({ err }, 'cannot pull cloud commands yet; trying again'),
      })
    },
    onUp(_nc, again) {
      up = true
      if (again) metrics.reconnects.inc()
      logger?.info(
        { acked: outbox.status().acked, seq: journal.lastSeq() },
        again ? 'uplink reconnected' : 'uplink connected',
      )
      if (publisher !== undefined) {
        outbox.resume(publisher)
        replayer.resume(publisher)
      }
      reporter.update()
    },
    onDown() {
      up = false
      outbox.pause()
      replayer.pause()
      if (accepting) logger?.warn({ acked: outbox.status().acked }, 'uplink lost; the hall goes on')
      reporter.update()
    },
    onSessionEnd() {
      publisher = undefined
      void rpc?.close(0)
      void commands?.close(0)
      rpc = undefined
      commands = undefined
    },
    onError: (err, what) => warnSometimes({ err, what }, 'uplink connection trouble'),
  })

  let closing: Promise<void> | undefined
  return {
    link: () => reporter.current(),
    status: () => ({ connected: up, outbox: outbox.status(), replaying: replayer.pending() }),
    close() {
      closing ??= (async () => {
        accepting = false
        // 1. No new work from the cloud: requests in hand are answered, the command in hand acked.
        await Promise.allSettled([rpc?.close(1000), commands?.close(1000)])
        replayer.close()
        // 2. What is journaled now is acknowledged, within the bound; the cursor is written.
        await outbox.close(t.closeTimeoutMs)
        stopWatchingCommits()
        reporter.close()
        // 3. The connection.
        await link.close()
        const s = outbox.status()
        logger?.info({ acked: s.acked, seq: journal.lastSeq() }, 'uplink closed')
      })()
      return closing
    },
  }
}
