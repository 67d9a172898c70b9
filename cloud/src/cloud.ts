import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { type Clock, type CloudHealth, type NatsNames, natsNames, systemClock } from '@qms/protocol'
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { type CommandSender, createCommandSender } from './commands/sender.js'
import { type CloudConfig, type CloudConfigInput, resolveConfig } from './config.js'
import { type District, emptyDistrict, loadDistrict } from './district/district.js'
import { buildHttp } from './http/server.js'
import { SiteDiscovery } from './intake/discovery.js'
import { Intake } from './intake/intake.js'
import { LinkMonitor } from './intake/link-monitor.js'
import { registerBoard } from './jobs/board.js'
import { closeDay, previousDay } from './jobs/end-of-day.js'
import { createJobs, type Jobs } from './jobs/jobs.js'
import { type CloudMetrics, createCloudMetrics } from './metrics.js'
import { connectNats } from './nats/connection.js'
import { ensureCommandConsumer } from './nats/consumers.js'
import { ensureStreams } from './nats/streams.js'
import { Ownership } from './ownership/ownership.js'
import { type RedisKeys, redisKeys } from './projections/keys.js'
import { createProjectionReader, type ProjectionReader } from './projections/reader.js'
import { createProjectionStore, type ProjectionStore } from './projections/store.js'
import { createRpcClient, type RpcClient } from './rpc/client.js'
import { wire } from './wiring.js'

/*
 * The cloud scheduler, built and started: NATS streams and consumers, the intake of the halls
 * this instance owns, the projections and their readers, the command sender and RPC client,
 * the jobs, and the HTTP API. Later modules (predictor, balancer, alerts, console) plug in
 * through `plugins` or use the services on the returned object.
 */

export interface Cloud {
  readonly config: CloudConfig
  readonly instanceId: string
  readonly names: NatsNames
  readonly keys: RedisKeys
  readonly district: District
  readonly nc: NatsConnection
  readonly js: JetStreamClient
  readonly jsm: JetStreamManager
  readonly redis: Redis
  readonly app: FastifyInstance
  /** Reads every hall's projection (any instance can read any hall). */
  readonly reader: ProjectionReader
  readonly store: ProjectionStore
  readonly commands: CommandSender
  /** Publishes a command to a hall: `sendCommand('hub', 'notice', { text }, 60_000)`. */
  sendCommand: CommandSender['send']
  readonly rpc: RpcClient
  /** BullMQ queues; undefined when jobs are disabled. */
  readonly jobs: Jobs | undefined
  readonly intake: Intake
  readonly ownership: Ownership
  readonly discovery: SiteDiscovery
  readonly metrics: CloudMetrics
  /** The HTTP port once listening (0 when not listening). */
  readonly port: number
  health(): Promise<CloudHealth>
  /** Drains and stops everything; idempotent and bounded. */
  close(): Promise<void>
}

export type CloudPlugin = (cloud: Cloud) => void | Promise<void>

export interface CreateCloudOptions {
  config?: CloudConfigInput
  logger?: Logger
  clock?: Clock
  /** The district, already loaded (instead of config.district). */
  district?: District
  /** Runs before every bull-board request: the console's login. */
  adminGuard?: onRequestHookHandler
  /** Called once everything runs, before the HTTP server listens. */
  plugins?: CloudPlugin[]
}

const CLOSE_BUDGET_MS = 10_000

export async function createCloud(opts: CreateCloudOptions = {}): Promise<Cloud> {
  const config = resolveConfig(opts.config)
  const clock = opts.clock ?? systemClock
  const log = opts.logger
  const instanceId =
    config.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const district =
    opts.district ??
    (config.district === undefined ? emptyDistrict() : await loadDistrict(config.district))
  const names = natsNames({ root: config.nats.root, streamPrefix: config.nats.streamPrefix })
  const keys = redisKeys(config.redis.prefix)
  const metrics = createCloudMetrics({ labels: { instance: instanceId } })
  const startedAt = clock.now()
  const cleanups: (() => Promise<unknown>)[] = []
  const undo = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined)
  }

  try {
    const redis = new Redis(config.redis.url, { lazyConnect: true, maxRetriesPerRequest: 2 })
    cleanups.push(async () => redis.disconnect())
    await redis.connect()
    const nc = await connectNats(config.nats, `qms-cloud ${instanceId}`)
    cleanups.push(() => nc.close())
    const jsm = await jetstreamManager(nc)
    const js = jetstream(nc)
    await ensureStreams(jsm, names, {
      eventMaxAgeMs: config.nats.eventMaxAgeDays * 86_400_000,
      eventMaxBytes: -1,
      duplicateWindowMs: config.nats.duplicateWindowMs,
      commandsPerSite: 1000,
      replicas: config.nats.replicas,
    })

    const store = createProjectionStore({ redis, keys, instanceId })
    const reader = createProjectionReader({ redis, keys, district, clock })
    const rpc = createRpcClient({ nc, names, timeoutMs: config.rpc.timeoutMs, clock, metrics })
    const ensuredConsumers = new Map<string, Promise<unknown>>()
    const ensureConsumer = (site: string) => {
      let p = ensuredConsumers.get(site)
      if (p === undefined) {
        p = ensureCommandConsumer(jsm, names, site)
        ensuredConsumers.set(site, p)
        p.catch((err: Error) => {
          ensuredConsumers.delete(site)
          log?.warn({ site, err }, 'command consumer not created')
        })
      }
      return p
    }
    const commands = createCommandSender({ js, names, ensureConsumer, clock, metrics })

    const discovery = new SiteDiscovery({
      jsm,
      names,
      configured: district.sites.keys(),
      clock,
      intervalMs: config.intake.discoveryMs,
    })
    cleanups.push(async () => discovery.close())
    discovery.on('error', (err) => log?.warn({ err }, 'hall discovery failed'))
    await discovery.start()
    for (const site of discovery.sites()) void ensureConsumer(site).catch(() => undefined)

    const timezoneOf = (site: string) => district.sites.get(site)?.timezone ?? district.timezone
    const intake = new Intake({
      names,
      js,
      jsm,
      store,
      keys,
      ctx: { categoryOf: district.categoryOf },
      timezoneOf,
      settings: { ...config.intake, replayTimeoutMs: config.intake.replayTimeoutMs },
      clock,
      metrics,
      replay: (site, fromSeq, toSeq) =>
        rpc.request(
          site,
          'replay',
          { fromSeq, toSeq },
          { timeoutMs: config.intake.replayTimeoutMs },
        ),
    })
    cleanups.push(() => intake.close())
    const ownership = new Ownership({
      redis,
      keys,
      instanceId,
      clock,
      leaseMs: config.ownership.leaseMs,
      heartbeatMs: config.ownership.heartbeatMs,
      sites: () => discovery.sites(),
    })
    cleanups.push(() => ownership.close())
    wire({ intake, ownership, discovery, metrics, ensureConsumer, log })
    await ownership.start()

    const linkMonitor = new LinkMonitor({
      jsm,
      names,
      redis,
      keys,
      clock,
      intervalMs: config.intake.linkPollMs,
      owned: () => ownership.owned(),
      worker: (site) => intake.worker(site),
      metrics,
    })
    linkMonitor.start()
    cleanups.push(async () => linkMonitor.close())

    let jobs: Jobs | undefined
    if (config.jobs.enabled) {
      jobs = await createJobs({
        redisUrl: config.redis.url,
        prefix: keys.bullPrefix,
        workers: config.jobs.workers,
        schedules: {
          predictionEveryMs: config.jobs.predictionEveryMs,
          endOfDayPattern: config.jobs.endOfDayPattern,
          timezone: district.timezone,
        },
      })
      cleanups.push(() => jobs!.close())
      jobs.on('error', (err) => log?.warn({ err }, 'job queue error'))
      jobs.on('failed', (name, job, err) =>
        log?.warn({ job: name, id: job?.id, err }, 'job failed'),
      )
      jobs.handle('end-of-day', async (job) => {
        const day =
          typeof job.data.day === 'string'
            ? job.data.day
            : previousDay(clock.now(), district.timezone)
        const summary = await closeDay({
          redis,
          keys,
          reader,
          day,
          ttlSec: config.intake.dayTtlDays * 86_400,
        })
        return { day, sites: summary.sites, issued: summary.issued }
      })
      // The predictor replaces this: until it exists, a refresh only counts the halls.
      jobs.handle('prediction-refresh', async () => ({ sites: (await reader.siteIds()).length }))
    }

    let connected = true
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'disconnect') connected = false
        else if (s.type === 'reconnect') connected = true
      }
    })()
    const health = async (): Promise<CloudHealth> => {
      const natsOk = !nc.isClosed() && connected
      const redisOk = redis.status === 'ready'
      return {
        status: natsOk && redisOk ? 'ok' : 'degraded',
        instance: instanceId,
        nats: natsOk,
        redis: redisOk,
        ownedSites: ownership.owned().length,
        members: ownership.members().length,
        uptimeSec: Math.round((clock.now() - startedAt) / 1000),
      }
    }

    const app = await buildHttp({
      reader,
      rpc,
      registry: metrics.registry,
      health,
      ...(log === undefined ? {} : { logger: log.child({ component: 'http' }) }),
    })
    cleanups.push(() => app.close())
    if (jobs !== undefined) {
      await registerBoard(
        app,
        jobs,
        opts.adminGuard === undefined ? {} : { guard: opts.adminGuard },
      )
    }

    let port = 0
    let closing: Promise<void> | undefined
    const cloud: Cloud = {
      config,
      instanceId,
      names,
      keys,
      district,
      nc,
      js,
      jsm,
      redis,
      app,
      reader,
      store,
      commands,
      sendCommand: (site, type, data, ttlMs) => commands.send(site, type, data, ttlMs),
      rpc,
      jobs,
      intake,
      ownership,
      discovery,
      metrics,
      get port() {
        return port
      },
      health,
      close() {
        closing ??= (async () => {
          const staged = (async () => {
            discovery.close()
            linkMonitor.close()
            await app.close()
            // Finish applying what was read and acknowledge it while the leases still hold…
            await intake.close()
            // …then hand the halls over at once instead of letting the leases expire.
            await ownership.close()
            await jobs?.close()
            await nc.drain().catch(() => undefined)
            await redis.quit().catch(() => undefined)
          })()
          let timer: ReturnType<typeof setTimeout> | undefined
          const budget = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, CLOSE_BUDGET_MS)
            timer.unref()
          })
          await Promise.race([staged, budget])
          clearTimeout(timer)
          if (!nc.isClosed()) await nc.close().catch(() => undefined)
          redis.disconnect()
        })()
        return closing
      },
    }
    for (const plugin of opts.plugins ?? []) await plugin(cloud)
    if (config.http.listen) {
      await app.listen({ host: config.http.host, port: config.http.port })
      const address = app.server.address()
      port = typeof address === 'object' && address !== null ? address.port : config.http.port
    }
    return cloud
  } catch (err) {
    await undo()
    throw err
  }
}
