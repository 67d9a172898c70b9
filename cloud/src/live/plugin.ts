import { type Catalogue, type Clock, type HallConfig, systemClock } from '@qms/protocol'
import type { FastifyBaseLogger } from 'fastify'
import type { Logger } from 'pino'
import { createEscalations } from '../alerts/escalation.js'
import { createAlertEvaluator } from '../alerts/evaluator.js'
import type { AlertThresholds } from '../alerts/rules/index.js'
import { createAlertService } from '../alerts/service.js'
import { createSiteActions } from '../alerts/site-actions.js'
import { createAlertStore } from '../alerts/store.js'
import type { BalanceOptions } from '../balance/index.js'
import type { Cloud, CloudPlugin } from '../cloud.js'
import { createDistrictViews } from '../guidance/district-view.js'
import { createGuidanceService } from '../guidance/service.js'
import { createHandoffService } from '../handoff/handoff.js'
import { liveManagerRoutes } from '../http/live-manager.js'
import { livePublicRoutes } from '../http/live-public.js'
import { liveTicketRoutes } from '../http/live-tickets.js'
import { createRateLimits } from '../http/rate-limit.js'
import { provideVirtualTickets } from '../http/routes/virtual-tickets.js'
import { createLiveStore } from '../predict-service/live-store.js'
import { createPredictionPool } from '../predict-service/pool.js'
import { createHallConfigs, loadHallFiles, loadSampleCatalogue } from './hall-configs.js'
import { LiveHalls } from './live-halls.js'
import { createLiveMetrics } from './metrics.js'
import { repeat } from './repeat.js'
import { type LiveSettingsInput, resolveLiveSettings } from './settings.js'
import { createTicketFeeds } from './ticket-feed.js'
import { createVirtualTickets } from './virtual-tickets.js'

/*
 * The live cloud as one plugin: per owned hall a mirror of its queue and predictions refreshed
 * on every change and sent to the hall; guidance (banners, recommendations, diversion); phone
 * tickets and their live status; hand-off between halls; busy-window alerts with their life and
 * escalation; the public and managers' HTTP API. Closed with the cloud's HTTP server.
 */

export interface LivePluginOptions {
  settings?: LiveSettingsInput
  /** The halls' configurations (default: the hall files of the cloud's district file). */
  halls?: HallConfig[]
  /** The catalogue (default: the district's, else the shipped sample catalogue). */
  catalogue?: Catalogue
  thresholds?: Partial<AlertThresholds>
  balance?: BalanceOptions
  /** The clock the cloud was given (default the system's). */
  clock?: Clock
  logger?: Logger
  /** Called with the running services (tests, embedders). */
  onStart?(live: Live): void
}

export type Live = Awaited<ReturnType<typeof startLive>>

export function livePlugin(opts: LivePluginOptions = {}): CloudPlugin {
  return async (cloud) => {
    const live = await startLive(cloud, opts)
    opts.onStart?.(live)
  }
}

export async function startLive(cloud: Cloud, opts: LivePluginOptions = {}) {
  const settings = resolveLiveSettings(opts.settings)
  const clock = opts.clock ?? systemClock
  const log: FastifyBaseLogger | Logger = opts.logger ?? cloud.app.log
  const { redis, keys, district } = cloud
  const catalogue = opts.catalogue ?? district.catalogue ?? (await loadSampleCatalogue())
  const halls =
    opts.halls ??
    (cloud.config.district === undefined ? [] : await loadHallFiles(cloud.config.district))
  const configs = createHallConfigs({ catalogue, halls, district })
  const metrics = createLiveMetrics(cloud.metrics.registry)
  const store = createLiveStore({ redis, keys })
  const views = createDistrictViews({
    redis,
    keys,
    configs,
    clock,
    staleMs: settings.staleBalanceMs,
  })
  const guidance = createGuidanceService({
    redis,
    keys,
    configs,
    views,
    commands: cloud.commands,
    clock,
    settings,
    ...(opts.balance === undefined ? {} : { balance: opts.balance }),
  })
  const pool = createPredictionPool({
    catalogue,
    threads: settings.workers,
    onError: (err) => log.warn({ err }, 'prediction worker failed'),
  })
  const liveHalls = new LiveHalls(
    {
      js: cloud.js,
      names: cloud.names,
      redis,
      keys,
      reader: cloud.reader,
      store,
      configs,
      pool,
      views,
      guidance,
      send: (site, type, data, ttl) => cloud.sendCommand(site, type, data, ttl),
      clock,
      settings,
      metrics,
    },
    settings,
    clock,
  )
  liveHalls.on('error', (err, site) => log.warn({ err, site }, 'live hall error'))

  // Halls learnt from their events only: their announced configuration, kept by their owner.
  const learnAnnounced = async () => {
    for (const site of await cloud.reader.siteIds()) {
      if (liveHalls.hall(site) !== undefined) continue
      const raw = await redis.get(keys.live.hallConfig(site))
      if (raw === null) continue
      try {
        if (configs.announce(site, JSON.parse(raw))) views.invalidate()
      } catch {
        // A damaged announcement: wait for the owner's next one.
      }
    }
  }
  await learnAnnounced().catch((err: Error) => log.warn({ err }, 'hall announcements not read'))

  const alertStore = createAlertStore({
    redis,
    keys,
    keepDays: settings.alertKeepDays,
    timezone: district.timezone,
  })
  const actions = createSiteActions({
    configs,
    guidance,
    commands: cloud.commands,
    noticeTtlMs: settings.noticeTtlMs,
  })
  let escalations: ReturnType<typeof createEscalations> | undefined
  const alerts = createAlertService({
    store: alertStore,
    actions,
    escalations: () => escalations!,
    clock,
    metrics,
    onError: (err) => log.warn({ err }, 'alert reminder not sent'),
  })
  escalations = createEscalations({
    jobs: cloud.jobs,
    clock,
    delaysMs: settings.escalateAfterMs,
    run: (step) => alerts.escalate(step),
    onError: (err) => log.warn({ err }, 'alert escalation failed'),
  })
  const evaluator = createAlertEvaluator({
    halls: () => liveHalls.map,
    configs,
    reader: cloud.reader,
    store: alertStore,
    service: alerts,
    clock,
    debounceMs: settings.alertDebounceMs,
    ...(opts.thresholds === undefined ? {} : { thresholds: opts.thresholds }),
    onError: (err, site) => log.warn({ err, site }, 'alert evaluation failed'),
  })
  liveHalls.on('refreshed', (site) => evaluator.schedule(site))

  const handoffs = createHandoffService({
    redis,
    keys,
    rpc: cloud.rpc,
    commands: cloud.commands,
    configs,
    views,
    store,
    clock,
    settings,
    metrics,
  })
  const tickets = createVirtualTickets({
    redis,
    keys,
    rpc: cloud.rpc,
    configs,
    guidance,
    store,
    clock,
    settings,
    metrics,
  })

  // One subscriber for the live feeds and the district-wide refresh.
  const subscriber = redis.duplicate()
  subscriber.on('error', (err) => log.warn({ err }, 'live subscriber error'))
  const feeds = createTicketFeeds({ subscriber, keys })
  subscriber.on('message', (channel: string) => {
    if (channel === keys.live.refreshAll) liveHalls.refreshAll()
  })
  await subscriber.subscribe(keys.live.refreshAll)
  cloud.jobs?.handle('prediction-refresh', async () => ({
    instances: await redis.publish(keys.live.refreshAll, String(clock.now())),
  }))

  const limits = createRateLimits({
    redis,
    keys,
    clock,
    windowMs: settings.rate.windowMs,
    onLimited: (bucket) => metrics.rateLimited.inc({ bucket }),
  })
  provideVirtualTickets(cloud.app, {
    async take(body, request, reply) {
      await limits.check(request, 'take', settings.rate.takes, reply)
      return await tickets.take(body)
    },
  })
  await cloud.app.register(livePublicRoutes, {
    configs,
    district,
    reader: cloud.reader,
    store,
    guidance,
    limits,
    readsPerWindow: settings.rate.reads,
    clock,
  })
  await cloud.app.register(liveTicketRoutes, {
    tickets,
    handoffs,
    feeds,
    limits,
    rate: settings.rate,
    clock,
    heartbeatMs: settings.sseHeartbeatMs,
    metrics,
  })
  await cloud.app.register(liveManagerRoutes, {
    alerts,
    alertStore,
    actions,
    store,
    reader: cloud.reader,
    clock,
  })

  // Follow the leases: a hall taken starts live here, one handed over writes what it learned.
  const { ownership, intake } = cloud
  ownership.on('acquired', (site) => liveHalls.start(site))
  ownership.on('shed', (site) => {
    evaluator.forget(site)
    void liveHalls.stop(site, true)
  })
  ownership.on('lost', (site) => {
    evaluator.forget(site)
    void liveHalls.stop(site, false)
  })
  intake.on('applied', (b) => {
    if (b.skipped > 0) liveHalls.skipped(b.site, b.fromSeq, b.fromSeq + b.skipped - 1)
  })
  for (const site of ownership.owned()) liveHalls.start(site)
  const periodic = [
    repeat(clock, settings.alertEveryMs, () => {
      for (const site of liveHalls.map.keys()) evaluator.schedule(site)
    }),
    repeat(clock, settings.refreshEveryMs, () => {
      void learnAnnounced().catch(() => undefined)
    }),
  ]

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      for (const p of periodic) p.cancel()
      escalations?.close()
      await evaluator.close()
      await liveHalls.close()
      await pool.close()
      await feeds.close()
    })()
    return closing
  }
  cloud.app.addHook('onClose', close)

  return {
    settings,
    configs,
    store,
    views,
    guidance,
    halls: liveHalls,
    alerts,
    alertStore,
    actions,
    evaluator,
    handoffs,
    tickets,
    feeds,
    metrics,
    close,
  }
}
