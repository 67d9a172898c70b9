import { createHmac, randomBytes } from 'node:crypto'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import {
  type Announce,
  type Catalogue,
  type Clock,
  type DeviceRequest,
  type DeviceResponse,
  type EdgeWsMessage,
  type HallConfig,
  type HallSnapshot,
  type LinkState,
  mqttTopics,
  QmsError,
  systemClock,
} from '@qms/protocol'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { catalogueOf, edgeState, statusOf } from './agent-http.js'
import type { DeviceBus } from './broker/bus.js'
import { createEmbeddedBroker } from './broker/embedded.js'
import { connectExternalBroker } from './broker/external.js'
import { createCloudAdvice } from './cloud/advice.js'
import { type CloudHooks, createCloudHooks } from './cloud/hooks.js'
import { createDeviceOutputs } from './devices/outputs.js'
import { createPresence } from './devices/presence.js'
import { defaultPrinterFactory } from './devices/printer-module.js'
import { createPrintService, type PrinterFactory } from './devices/printing.js'
import { createDeviceRegistry } from './devices/registry.js'
import { createDeviceRequests, errorResponse } from './devices/requests.js'
import { createCoalescer } from './hall/coalescer.js'
import { type CommitInfo, createHallCore, type HallCore } from './hall/core.js'
import { startDayTimer } from './hall/day-timer.js'
import { createTicketLinks } from './hall/links.js'
import { createRequestRunner } from './hall/runner.js'
import { configToRecord, rememberConfig } from './hall/site-config.js'
import { buildSnapshot } from './hall/snapshot.js'
import { createHttpServer, type HttpServer } from './http/server.js'
import { type JournalReader, openJournal, type SyncMode } from './journal/index.js'
import { createEdgeMetrics, type EdgeMetrics } from './metrics.js'
import { createHallModel, decide, type HallModel, type QueueState } from './queue/index.js'
import { createSerialKeypad } from './serial/index.js'

export interface EdgeAgentOptions {
  /** The hall file, validated (HallConfig schema and checkHall). */
  hall: HallConfig
  catalogue: Catalogue
  /** Folder of the journal (`journal.sqlite`). */
  dataDir: string
  /** Broker settings; default the hall file's `broker` (embedded on 1883 and 8883). */
  broker?: HallConfig['broker']
  /** HTTP settings; default the hall file's `http` (0.0.0.0:8080). */
  http?: HallConfig['http']
  clock?: Clock
  logger?: Logger
  /** Journal durability (default FULL: an answered ticket survives a power cut). */
  synchronous?: SyncMode
  /** Makes ticket printers; null prints nothing. Default: the printer module. */
  printerFactory?: PrinterFactory | null
  /** Reopen delay of serial keypads, ms (default 1000). */
  serialReopenDelayMs?: number
  /** Hall snapshot republished at most once per this, ms (default 100). */
  snapshotIntervalMs?: number
  /** How long the cloud's predictions are used, ms (default 3 minutes). */
  predictionTtlMs?: number
  /** Refuse takes outside the opening hours (default false). */
  enforceHours?: boolean
  /** More HTTP routes, e.g. the hall pages (see `registerStaticFolder`). */
  routes?: (app: FastifyInstance) => void | Promise<void>
}

export interface EdgeAgent {
  readonly site: string
  readonly model: HallModel
  /** The journal, for the uplink. */
  readonly journal: JournalReader
  /** Listening ports: MQTT over TCP and WebSocket (embedded broker) and HTTP. */
  readonly ports: { mqtt?: number; ws?: number; http: number }
  readonly metrics: EdgeMetrics
  /** The queue state now (read only). */
  state(): QueueState
  /** The hall snapshot now. */
  snapshot(): HallSnapshot
  /** Runs a request as device `device` sent it (serial keypads use this path). */
  handle(device: string, request: DeviceRequest): Promise<DeviceResponse>
  /** Cloud RPC: take, ticket, cancel, state. */
  rpc: CloudHooks['rpc']
  /** A cloud command: applied, or dropped and counted when expired or not for this hall. */
  command: CloudHooks['command']
  /** The uplink's view of the link to the cloud. */
  setLink(link: LinkState): void
  /** Snapshots (coalesced) and announcements, as `/ws` sends them. */
  subscribe(listener: (message: EdgeWsMessage) => void): () => void
  /**
   * Stops accepting, answers what is in flight, publishes a last snapshot and closes the devices'
   * side (broker, printers, keypads, HTTP); the journal stays open, so an uplink can still send
   * what the drain wrote before it closes. Idempotent.
   */
  drain(): Promise<void>
  /** Drains, then closes the journal. Idempotent. */
  close(): Promise<void>
}

/** How long the answer to a request is kept for a device that repeats its reqId. */
const ANSWERS_KEPT_MS = 2 * 24 * 3600_000 // 2 days

const rollover = (state: QueueState, now: number) => decide(state, { op: 'rollover' }, { now })

function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  return '127.0.0.1'
}

/**
 * Builds and starts a hall's edge agent: journal (replayed into the queue state), broker,
 * device handling, printers, serial keypads, HTTP; resolves when every part is listening.
 */
export async function createEdgeAgent(options: EdgeAgentOptions): Promise<EdgeAgent> {
  const { hall, catalogue } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger
  const site = hall.id
  const metrics = createEdgeMetrics(site)
  const journal = openJournal({
    file: join(options.dataDir, 'journal.sqlite'),
    site,
    synchronous: options.synchronous ?? 'FULL',
  })
  const cleanup: Array<() => unknown> = [() => journal.close()]
  try {
    return await start()
  } catch (err) {
    for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => undefined)
    throw err
  }

  async function start(): Promise<EdgeAgent> {
    let salt = journal.getMeta('personSalt')
    if (salt === undefined) {
      salt = randomBytes(32).toString('hex')
      journal.setMeta('personSalt', salt)
    }
    const personSalt = salt
    const model = createHallModel(hall, catalogue, {
      hashPerson: (id) => createHmac('sha256', personSalt).update(id).digest('hex'),
    })
    const registry = createDeviceRegistry(hall.devices)
    let core: HallCore | undefined
    const record = (drafts: Parameters<HallCore['record']>[0]) => {
      core?.record(drafts).catch((err) => logger?.error({ err }, 'device event not journaled'))
    }
    const presence = createPresence(registry, record, logger?.child({ part: 'devices' }))
    const hallCore = createHallCore({
      model,
      journal,
      clock,
      logger: logger?.child({ part: 'queue' }),
      onReplay: presence.replay,
    })
    core = hallCore
    cleanup.push(() => hallCore.close())
    const advice = createCloudAdvice({ predictionTtlMs: options.predictionTtlMs })
    const httpSettings = { ...hall.http, ...options.http }
    let ownUrl = 'http://127.0.0.1'
    const links = createTicketLinks(
      model,
      {
        get ownUrl() {
          return ownUrl
        },
        ...(httpSettings.publicUrl === undefined ? {} : { publicUrl: httpSettings.publicUrl }),
      },
      advice.onlineUrl,
    )

    // Devices: the broker, what the edge tells them, printers.
    const brokerSettings = { ...hall.broker, ...options.broker }
    const bus: DeviceBus =
      brokerSettings.url !== undefined
        ? await connectExternalBroker({
            site,
            url: brokerSettings.url,
            ...(brokerSettings.username === undefined ? {} : { username: brokerSettings.username }),
            ...(brokerSettings.password === undefined ? {} : { password: brokerSettings.password }),
            logger: logger?.child({ part: 'broker' }),
            clock,
          })
        : await createEmbeddedBroker({
            site,
            registry,
            host: brokerSettings.host,
            tcpPort: brokerSettings.tcpPort,
            wsPort: brokerSettings.wsPort,
            logger: logger?.child({ part: 'broker' }),
            onRefused: (what) => metrics.refused.inc({ what }),
          })
    cleanup.push(() => bus.close())
    if (bus.mode === 'embedded') presence.allOffline()
    const outputs = createDeviceOutputs({ model, bus, registry, clock, logger })
    const printing = createPrintService({
      devices: hall.devices,
      printers: hall.printers ?? [],
      factory:
        options.printerFactory === null
          ? undefined
          : (options.printerFactory ?? defaultPrinterFactory()),
      clock,
      timeZone: model.timeZone,
      onFault: (report) => {
        if (!report.cleared) metrics.printFailures.inc({ fault: report.fault })
        record([{ type: 'device.fault', data: report }])
      },
      onFailed: (device, ticket) =>
        outputs.notice(
          [device],
          `打印失败，请凭屏幕号码 ${ticket} 等候叫号`,
          `Printing failed: please remember your number ${ticket} from the screen`,
        ),
      logger: logger?.child({ part: 'printer' }),
    })
    cleanup.push(() => printing.close())
    const runner = createRequestRunner({
      core: hallCore,
      advice,
      links,
      printing,
      enforceHours: options.enforceHours === true,
    })
    const requests = createDeviceRequests(registry, runner, model)

    // The hall snapshot and the live feed.
    let linkOverride: LinkState | undefined
    const link = (): LinkState => {
      if (linkOverride !== undefined) return linkOverride
      const last = journal.lastSeq()
      const acked = journal.getCursor('uplink')
      const oldest = acked < last ? journal.timeOf(acked + 1) : undefined
      return {
        connected: false,
        behindEvents: Math.max(0, last - acked),
        behindSec: oldest === undefined ? 0 : Math.max(0, (clock.now() - oldest) / 1000),
      }
    }
    const snapshot = () =>
      buildSnapshot({
        state: hallCore.state,
        seq: journal.lastSeq(),
        now: clock.now(),
        advice,
        link: link(),
      })
    const live = new Set<(message: EdgeWsMessage) => void>()
    const broadcast = (message: EdgeWsMessage) => {
      for (const fn of live) {
        try {
          fn(message)
        } catch (err) {
          logger?.warn({ err }, 'a live listener failed')
        }
      }
    }
    const publishSnapshot = () => {
      const s = snapshot()
      bus
        .publish(mqttTopics.hall(site), JSON.stringify(s), { retain: true })
        .catch((err) => logger?.warn({ err }, 'hall snapshot not published'))
      broadcast({ type: 'snapshot', snapshot: s })
    }
    const snapshots = createCoalescer(clock, options.snapshotIntervalMs ?? 100, publishSnapshot)
    cleanup.push(() => snapshots.cancel())
    // After the last snapshot of a drain the screens hear nothing more (the bus closes).
    let drained = false
    const changed = () => {
      if (!drained) snapshots.mark()
    }

    hallCore.onCommit((info: CommitInfo) => {
      metrics.commitSeconds.observe(info.commitMs / 1000)
      metrics.batchSize.observe(info.settled.length)
      metrics.seq.set(journal.lastSeq())
      for (const e of info.events) {
        if (e.type !== 'ticket.called' && e.type !== 'ticket.recalled') continue
        const at = Date.parse(e.ts)
        outputs.showCall(e.data.window, e.data.ticket, at)
        const announce: Announce = outputs.announce(
          e.data.ticket,
          e.data.window,
          e.type === 'ticket.recalled',
          at,
        )
        broadcast({ type: 'announce', announce })
      }
      changed()
    })

    // Requests from devices over MQTT.
    let accepting = true
    const answering = new Set<Promise<unknown>>()
    bus.onMessage((device, leaf, payload) => {
      if (leaf === 'status') {
        if (accepting) presence.status(device, payload)
        return
      }
      const started = performance.now()
      const answered = (async () => {
        const response = accepting
          ? await requests.fromPayload(device, payload)
          : errorResponse(new QmsError('UNAVAILABLE', 'the hall agent is restarting; try again'))
        await bus.publish(mqttTopics.response(site, device), JSON.stringify(response))
        const seconds = (performance.now() - started) / 1000
        const op = response.op ?? 'unknown'
        metrics.requests.inc({ op, code: response.ok ? 'OK' : response.error.code, via: 'mqtt' })
        if (op === 'take') metrics.takeSeconds.observe({ via: 'mqtt' }, seconds)
        if (op === 'call' && response.ok) metrics.callSeconds.observe({ via: 'mqtt' }, seconds)
      })().catch((err) => logger?.warn({ err, device }, 'answer to a device not published'))
      answering.add(answered)
      answered.finally(() => answering.delete(answered))
    })
    bus.onDisconnect((device) => {
      if (accepting) presence.gone(device)
    })

    // Serial keypads run requests as their caller device would.
    const handle = async (device: string, request: DeviceRequest): Promise<DeviceResponse> => {
      if (!accepting) return errorResponse(new QmsError('UNAVAILABLE'), request.reqId, request.op)
      const response = await requests.execute(device, request)
      metrics.requests.inc({
        op: request.op,
        code: response.ok ? 'OK' : response.error.code,
        via: 'serial',
      })
      return response
    }
    const keypads = (hall.serial ?? []).map((config) => {
      const keypad = createSerialKeypad({
        config,
        handle: (request) => handle(config.device, request),
        clock,
        ...(logger === undefined ? {} : { logger: logger.child({ part: 'serial' }) }),
        ...(options.serialReopenDelayMs === undefined
          ? {}
          : { reopenDelayMs: options.serialReopenDelayMs }),
      })
      keypad.on('state', (s) => {
        if (accepting) presence.line(config.device, s.open, s.error)
      })
      return keypad
    })
    cleanup.push(() => Promise.all(keypads.map((k) => k.close())))

    const hooks = createCloudHooks({
      core: hallCore,
      runner,
      advice,
      outputs,
      registry,
      metrics,
      clock,
      snapshot,
      status: (ticket) => statusOf(hallCore, advice, ticket, clock.now()),
      changed,
      accepting: () => accepting,
      logger: logger?.child({ part: 'cloud' }),
    })

    // The day: the configuration as journaled, today's start, and every midnight after.
    const config = configToRecord(model, journal)
    if (config !== undefined) {
      await hallCore.record([config])
      rememberConfig(config, journal)
    }
    // A device retries a request within seconds; answers older than two days are let go.
    const pruneAnswers = () => {
      const n = journal.pruneAnswers(clock.now() - ANSWERS_KEPT_MS)
      if (n > 0) logger?.info({ answers: n }, 'old answers pruned')
    }
    await hallCore.submit({ op: 'rollover', decide: rollover })
    pruneAnswers()
    const dayTimer = startDayTimer(clock, model.timeZone, () => {
      void hallCore.submit({ op: 'rollover', decide: rollover }).then(pruneAnswers)
    })
    cleanup.push(() => dayTimer.stop())
    await Promise.all(keypads.map((k) => k.start()))

    const startedAt = clock.now()
    const http: HttpServer = await createHttpServer({
      host: httpSettings.host,
      port: httpSettings.port,
      logger: logger?.child({ part: 'http' }),
      routes: options.routes,
      backend: {
        health: () => ({
          ok: accepting,
          site,
          day: hallCore.state.day,
          seq: journal.lastSeq(),
          uptimeSec: Math.max(0, (clock.now() - startedAt) / 1000),
          broker: { mode: bus.mode, connected: bus.connected(), devices: bus.connectedDevices() },
          link: link(),
        }),
        async metrics() {
          const l = link()
          metrics.seq.set(journal.lastSeq())
          metrics.devicesConnected.set(bus.connectedDevices())
          metrics.devicesOnline.set(presence.online())
          metrics.linkConnected.set(l.connected ? 1 : 0)
          metrics.linkBehindEvents.set(l.behindEvents)
          metrics.linkBehindSeconds.set(l.behindSec)
          return {
            contentType: metrics.registry.contentType,
            body: await metrics.registry.metrics(),
          }
        },
        state: () => edgeState(snapshot(), hallCore),
        async take(body) {
          if (!accepting)
            return { ok: false, op: 'take', error: new QmsError('UNAVAILABLE').toBody() }
          const reqId = body.reqId ?? `web-${randomBytes(8).toString('hex')}`
          const settled = await runner.run(
            {
              op: 'take',
              reqId,
              item: body.item,
              ...(body.priority === undefined ? {} : { priority: body.priority }),
              ...(body.personId === undefined ? {} : { personId: body.personId }),
            },
            { key: 'web', channel: 'web' },
          )
          const o = settled.outcome
          metrics.requests.inc({ op: 'take', code: o.ok ? 'OK' : o.error.code, via: 'http' })
          return o
        },
        ticket: (ticket) => statusOf(hallCore, advice, ticket, clock.now()),
        catalogue: () => catalogueOf(hallCore, advice, links, clock.now()),
        snapshot,
        subscribe(listener) {
          live.add(listener)
          return () => live.delete(listener)
        },
      },
    })
    cleanup.push(() => http.close())
    ownUrl = `http://${reachableHost(httpSettings.host ?? '0.0.0.0')}:${http.port}`
    publishSnapshot()

    let draining: Promise<void> | undefined
    const drain = () => {
      draining ??= (async () => {
        accepting = false
        dayTimer.stop()
        // Answer what was received, then tell the screens how the hall stands.
        await hallCore.drain()
        await Promise.allSettled([...answering])
        snapshots.cancel()
        publishSnapshot()
        drained = true
        await outputs.flush()
        await Promise.allSettled(keypads.map((k) => k.close()))
        await printing.close()
        await bus.close()
        await http.close()
        await hallCore.close()
      })()
      return draining
    }
    let closing: Promise<void> | undefined
    const close = () => {
      closing ??= (async () => {
        await drain()
        await journal.close()
      })()
      return closing
    }

    return {
      site,
      model,
      journal,
      ports: { mqtt: bus.ports.tcp, ws: bus.ports.ws, http: http.port },
      metrics,
      state: () => hallCore.state,
      snapshot,
      handle,
      rpc: hooks.rpc,
      command: hooks.command,
      setLink(state) {
        linkOverride = state
        changed()
      },
      subscribe(listener) {
        live.add(listener)
        return () => {
          live.delete(listener)
        }
      },
      drain,
      close,
    }
  }
}
