import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { HallConfig } from '@qms/protocol'
import {
  baseEnv,
  type CloudReady,
  cloudProcess,
  type EdgeReady,
  edgeProcess,
} from './halls/processes.js'
import { isBuilt, packageBin, sampleDir } from './layout/bins.js'
import { readHall, readSample, writeDistrictFile, writeHallFile } from './layout/hall-files.js'
import { freePort, type HallPorts, planPorts } from './layout/ports.js'
import { type DistrictOptions, type ResolvedOptions, resolveOptions } from './options.js'
import { type CloudUrls, cloudUrls, type DistrictUrls, hallUrls } from './output/urls.js'
import type { ExitInfo } from './processes/child.js'
import { PidFile } from './processes/pid-file.js'
import type { Supervised } from './processes/supervised.js'
import { provideService, type Service, stopService } from './services/services.js'
import { type Booth, startBooth } from './sim/booth.js'
import { castHall, type HallCast, type HallDevices, startAmbient } from './sim/devices.js'
import { type HallPrinters, startPrinters } from './sim/printers.js'
import { loadTrafficScenario, Traffic, type TrafficProgress } from './sim/traffic.js'

/*
 * A whole district on one machine: NATS and Redis (found or started), one `qms-cloud`, a
 * `qms-edge` per hall with its embedded broker, a virtual printer per ticket printer, every
 * hall device simulated, and arrivals at a sped-up pace. `createDistrict` resolves once all of
 * it runs; `close()` stops it in the order that loses nothing: arrivals and devices, then the
 * halls (each drains and journals), then the cloud, then the printers and private services.
 */

export interface HallRun {
  site: string
  name: string
  nameEn?: string
  /** This run's hall file and configuration (ports, printers, journal folder). */
  file: string
  config: HallConfig
  dataDir: string
  /** The hall's qms-edge, restarted if it exits unasked. */
  process: Supervised<EdgeReady>
  /** The NATS the hall's uplink uses; undefined: the hall runs on its own. */
  natsUrl?: string
  /** Planned ports (the hall file's): the same after a restart. */
  ports: HallPorts
  cast: HallCast
  /** Simulated devices other than the arrivals' (screens, sensors, evaluators, kiosks). */
  devices?: HallDevices
  booth?: Booth
  mqttUrl: string
  httpUrl: string
}

export type DistrictEvent =
  | { type: 'service'; service: Service }
  | { type: 'started'; part: string; pid: number; restarts: number }
  | { type: 'exited'; part: string; exit: ExitInfo; restartInMs?: number; tail: string }
  | { type: 'restart-failed'; part: string; error: Error; restartInMs: number }
  | { type: 'left-running'; parts: string[] }
  | { type: 'printed'; site: string; printer: string; ticket: number }
  | { type: 'traffic'; progress: TrafficProgress }
  | { type: 'traffic-day'; day: number; people: number; anomalies: number }
  | { type: 'error'; part: string; error: Error }

export interface DistrictEvents {
  event: [DistrictEvent]
}

export class District extends EventEmitter<DistrictEvents> {
  readonly halls = new Map<string, HallRun>()
  nats: Service | undefined
  redis: Service | undefined
  cloud: Supervised<CloudReady> | undefined
  cloudUrls: CloudUrls | undefined
  printers: HallPrinters | undefined
  traffic: Traffic | undefined
  districtFile: string | undefined
  private readonly pids: PidFile
  private closing: Promise<void> | undefined

  constructor(readonly options: ResolvedOptions) {
    super()
    this.pids = new PidFile(join(options.dataDir, 'run', 'pids.json'))
  }

  private say(event: DistrictEvent) {
    this.emit('event', event)
  }

  /** Whether the cloud runs (NATS and Redis are both there). */
  get online(): boolean {
    return this.cloud !== undefined
  }

  urls(): DistrictUrls {
    const host = this.options.publicHost
    return {
      halls: [...this.halls.values()].map((h) =>
        hallUrls({
          site: h.site,
          name: h.name,
          nameEn: h.nameEn,
          host,
          http: h.ports.http,
          mqtt: h.ports.mqtt,
          firstWindow: h.config.windows[0]?.no ?? '1',
        }),
      ),
      ...(this.cloudUrls === undefined ? {} : { cloud: this.cloudUrls }),
    }
  }

  private supervise<R>(part: string, process: Supervised<R>) {
    process.on('started', ({ pid, restarts }) => {
      this.pids.set(part, pid)
      this.say({ type: 'started', part, pid, restarts })
    })
    process.on('exited', ({ exit, restartInMs, tail }) => {
      this.pids.set(part, undefined)
      this.say({ type: 'exited', part, exit, restartInMs, tail })
    })
    process.on('restart-failed', ({ error, restartInMs }) =>
      this.say({ type: 'restart-failed', part, error, restartInMs }),
    )
  }

  /** @internal Starts everything; createDistrict calls it. */
  async start(): Promise<void> {
    const o = this.options
    mkdirSync(o.logDir, { recursive: true })
    const left = await this.pids.claim()
    if (left.length > 0) this.say({ type: 'left-running', parts: left })

    const edgeBin = packageBin('@qms/edge-agent', 'qms-edge')
    const cloudBin = packageBin('@qms/cloud', 'qms-cloud')
    for (const bin of [edgeBin, cloudBin])
      if (!isBuilt(bin)) throw new Error(`${bin} is not built yet: run npm run build (or npm ci)`)
    const sample = readSample(sampleDir())
    const configs = o.halls.map((site) => readHall(sample, site))
    const env = baseEnv(o.env)

    // 1. NATS and Redis: found, started, or missing.
    const serviceOptions = {
      path: o.env.PATH,
      dataDir: o.dataDir,
      logDir: o.logDir,
      port: () => freePort('127.0.0.1'),
      env,
    }
    ;[this.nats, this.redis] = await Promise.all([
      provideService('nats', { ...serviceOptions, url: o.natsUrl, program: o.natsProgram }),
      provideService('redis', { ...serviceOptions, url: o.redisUrl, program: o.redisProgram }),
    ])
    for (const s of [this.nats, this.redis]) {
      this.say({ type: 'service', service: s })
      if (s.kind === 'private') this.supervise(s.process.name, s.process)
      if (s.kind === 'private' && s.process.pid !== undefined)
        this.pids.set(s.process.name, s.process.pid)
    }
    const natsUrl = this.nats.kind === 'missing' ? undefined : this.nats.url
    const redisUrl = this.redis.kind === 'missing' ? undefined : this.redis.url
    const withCloud = natsUrl !== undefined && redisUrl !== undefined

    // 2. Ports, printers, this run's hall and district files.
    const plan = await planPorts({
      halls: o.halls,
      mode: o.ports,
      host: o.host === '0.0.0.0' ? '0.0.0.0' : o.host,
      base: o.basePorts,
    })
    this.printers = await startPrinters({
      halls: configs,
      dataDir: o.dataDir,
      mode: o.ports,
      onTicket: (site, printer, ticket) =>
        this.say({ type: 'printed', site, printer, ticket: ticket.seq }),
      onError: (error) => this.say({ type: 'error', part: 'printers', error }),
    })
    this.cloudUrls = withCloud ? cloudUrls(o.publicHost, plan.cloud) : undefined
    const layouts = configs.map((hall) =>
      writeHallFile({
        sample,
        hall,
        dataDir: o.dataDir,
        ports: plan.halls.get(hall.id)!,
        host: o.host,
        printerUrls: this.printers!.urlsOf(hall.id),
        ...(this.cloudUrls === undefined ? {} : { publicUrl: this.cloudUrls.base }),
      }),
    )
    this.districtFile = writeDistrictFile({ sample, dataDir: o.dataDir, halls: layouts })

    // 3. The cloud and the halls, side by side (a hall's uplink waits for the cloud's streams).
    if (withCloud) {
      this.cloud = cloudProcess({
        bin: cloudBin,
        logDir: o.logDir,
        env,
        natsUrl,
        redisUrl,
        redisPrefix: o.redisPrefix,
        names: o.names,
        districtFile: this.districtFile,
        host: o.host,
        port: plan.cloud,
        logLevel: o.logLevel,
        usersFile: o.usersFile,
        jobs: o.jobs,
      })
      this.supervise('cloud', this.cloud)
    }
    for (const [i, layout] of layouts.entries()) {
      const site = layout.site
      const hallNats = o.hallNats[site] ?? natsUrl
      const process = edgeProcess({
        site,
        bin: edgeBin,
        hallFile: layout.file,
        logDir: o.logDir,
        env,
        natsUrl: () => hallNats,
        names: o.names,
        logLevel: o.logLevel,
      })
      this.supervise(site, process)
      const hall = configs[i]!
      this.halls.set(site, {
        site,
        name: hall.name,
        ...(hall.nameEn === undefined ? {} : { nameEn: hall.nameEn }),
        file: layout.file,
        config: layout.config,
        dataDir: layout.dataDir,
        process,
        ports: layout.ports,
        ...(hallNats === undefined ? {} : { natsUrl: hallNats }),
        cast: castHall(hall, { external: o.external, traffic: o.traffic !== false }),
        mqttUrl: `mqtt://127.0.0.1:${layout.ports.mqtt}`,
        httpUrl: `http://127.0.0.1:${layout.ports.http}`,
      })
    }
    // Every start is waited for, failed or not, so that close() finds each child.
    const starts = await Promise.allSettled([
      this.cloud?.start(),
      ...[...this.halls.values()].map((h) => h.process.start()),
    ])
    const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failed !== undefined) throw failed.reason

    // 4. Devices, the booths, the arrivals.
    for (const h of this.halls.values()) {
      const hall = configs.find((c) => c.id === h.site)!
      h.devices = startAmbient(hall, h.cast, h.mqttUrl)
      h.booth = startBooth(h.devices)
    }
    if (o.traffic !== false) {
      const playing = new Map(
        [...this.halls.values()]
          .filter((h) => h.cast.kiosk !== undefined)
          .map((h) => [h.site, h.cast.traffic] as const),
      )
      if (playing.size > 0) {
        const scenario = loadTrafficScenario(o.traffic.scenario, [...playing.keys()])
        this.traffic = new Traffic(
          {
            scenarioFile: o.traffic.scenario,
            halls: playing,
            brokerOf: (site) => this.halls.get(site)!.mqttUrl,
            speed: o.traffic.speed,
            ...(o.traffic.seed === undefined ? {} : { seed: o.traffic.seed }),
          },
          scenario,
        )
        this.traffic.on('progress', (progress) => this.say({ type: 'traffic', progress }))
        this.traffic.on('day', ({ day, result }) =>
          this.say({
            type: 'traffic-day',
            day,
            people: result.summary.total.arrivals,
            anomalies: result.stats.anomalies,
          }),
        )
        this.traffic.on('error', (error) => this.say({ type: 'error', part: 'arrivals', error }))
        this.traffic.start()
      }
    }
  }

  /**
   * Stops everything in the order that loses nothing; idempotent (a second call returns the
   * first one's promise).
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const settle = (ps: Array<Promise<unknown> | undefined>) => Promise.allSettled(ps)
      await this.traffic?.stop()
      await settle(
        [...this.halls.values()].map(async (h) => {
          h.booth?.close()
          await h.devices?.close()
        }),
      )
      await settle([...this.halls.values()].map((h) => h.process.stop()))
      await this.cloud?.stop()
      await this.printers?.close()
      await settle([stopService(this.nats), stopService(this.redis)])
      this.pids.release()
    })()
    return this.closing
  }

  /** Emergency stop: every child killed at once (the launcher's second Ctrl-C). */
  kill(): void {
    for (const h of this.halls.values()) h.process.forceStop()
    this.cloud?.forceStop()
    for (const s of [this.nats, this.redis]) if (s?.kind === 'private') s.process.forceStop()
  }
}

/** Starts a district; on failure, stops whatever had started and rejects. */
export async function createDistrict(
  options: DistrictOptions = {},
  onEvent?: (event: DistrictEvent) => void,
): Promise<District> {
  const district = new District(resolveOptions(options))
  if (onEvent !== undefined) district.on('event', onEvent)
  try {
    await district.start()
  } catch (err) {
    await district.close().catch(() => undefined)
    throw err
  }
  return district
}
