import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JetStreamClient } from '@nats-io/jetstream'
import { jetstream } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/transport-node'
import { createEdgeAgent, type EdgeAgent, startUplink } from '@qms/edge-agent'
import { createQueueEngine, type QueueEngine, type QueueRequest } from '@qms/edge-agent/queue'
import {
  type Catalogue,
  type CloudCommand,
  type DeviceRequest,
  type EventEnvelope,
  type HallConfig,
  type Item,
  type NatsNames,
  QmsError,
  type RpcReplyOf,
  systemClock,
  type WindowConfig,
} from '@qms/protocol'
import { natsUrl, type Teardown } from '@qms/test'
import type { Cloud } from '../../src/cloud.js'
import type { CloudConfigInput } from '../../src/config.js'
import type { District, DistrictSite } from '../../src/district/district.js'
import { type Live, type LivePluginOptions, livePlugin } from '../../src/live/plugin.js'
import { startTestCloud, streamPrefixOf } from './cloud.js'
import { TestEdge } from './edge.js'

/*
 * The live cloud's test fixtures: a small catalogue and halls that are open all week (tests do
 * not depend on the hour they run at), a cloud with the live plugin, and two kinds of hall — a
 * queue engine publishing its events to JetStream and answering requests over NATS as an edge
 * would, and a real edge agent with its uplink.
 */

export function liveItem(
  code: string,
  category: string,
  meanMinutes: number,
  extra: Partial<Item> = {},
): Item {
  return {
    code,
    name: `事项${code}`,
    category,
    keywords: [],
    pinyin: 'sx',
    meanMinutes,
    cv: 0.3,
    online: false,
    materials: [],
    anywhere: true,
    demand: 1,
    ...extra,
  }
}

/** Categories ID (A), HK (B), PP (E); I10, I6 (ID), H15 (HK, local only), P12 (PP, 掌办). */
export function liveCatalogue(): Catalogue {
  return {
    version: 'live-test',
    branches: [{ code: 'HJ', name: '户政', nameEn: 'Household' }],
    categories: [
      { code: 'ID', name: '身份证', nameEn: 'ID card', branch: 'HJ', prefix: 'A' },
      { code: 'HK', name: '户口', nameEn: 'Household', branch: 'HJ', prefix: 'B' },
      { code: 'PP', name: '护照', nameEn: 'Passport', branch: 'HJ', prefix: 'E' },
    ],
    items: [
      liveItem('I10', 'ID', 10, { demand: 3 }),
      liveItem('I6', 'ID', 6),
      liveItem('H15', 'HK', 15, { anywhere: false }),
      liveItem('P12', 'PP', 12, { online: true, onlineUrl: 'https://zhangban.example.gov.cn/P12' }),
    ],
  }
}

const token = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`

/**
 * A fixed-offset zone where it is about noon when the tests start. The live cloud and the halls
 * run on the real clock, and a hall open 00:00–23:59 in Shanghai is rightly no place to send
 * anyone in the last minutes before its close: tests of what a hall can take must not depend on
 * the hour they run at. Noon leaves twelve hours either way before a day boundary.
 */
export function middayZone(now = Date.now()): string {
  const offset = 12 - new Date(now).getUTCHours()
  // Etc/GMT names count the other way round: Etc/GMT-8 is UTC+8.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}

/** The zone of the test halls, unless a test gives its own (tests on a fixed clock do). */
export const LIVE_TIMEZONE = middayZone()

/**
 * A hall open every day around the clock (in `LIVE_TIMEZONE`), with a dispenser `k1` and a
 * caller `c<no>` per window.
 */
export function liveHall(
  id: string,
  windows: Array<Partial<WindowConfig> & { no: string }>,
  extra: Partial<HallConfig> = {},
): HallConfig {
  return {
    id,
    name: `${id}服务厅`,
    kind: 'station',
    location: { lat: 30.75, lng: 120.75 },
    timezone: LIVE_TIMEZONE,
    hours: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '23:59' }],
    windows: windows.map((w) => ({ name: `${w.no}号窗口`, categories: ['ID', 'HK', 'PP'], ...w })),
    devices: [
      { id: 'k1', kind: 'dispenser', tokenHash: token(`demo-${id}-k1`) },
      ...windows.map((w) => ({
        id: `c${w.no}`,
        kind: 'caller' as const,
        window: w.no,
        tokenHash: token(`demo-${id}-c${w.no}`),
      })),
    ],
    ...extra,
  }
}

export function liveDistrict(halls: HallConfig[], catalogue: Catalogue): District {
  const sites = new Map<string, DistrictSite>()
  for (const h of halls)
    sites.set(h.id, {
      id: h.id,
      name: h.name,
      kind: h.kind,
      location: h.location,
      timezone: h.timezone ?? 'Asia/Shanghai',
    })
  const categories = new Map(catalogue.items.map((i) => [i.code, i.category]))
  return {
    id: 'live-test',
    name: '测试区',
    timezone: halls[0]?.timezone ?? 'Asia/Shanghai',
    sites,
    categoryOf: (item) => categories.get(item),
    catalogue,
  }
}

/** A cloud with the live plugin over the test's halls; resolves with both. */
export async function startLiveCloud(
  t: Teardown,
  opts: {
    names: NatsNames
    prefix: string
    halls: HallConfig[]
    catalogue?: Catalogue
    instanceId?: string
    config?: CloudConfigInput
    live?: Omit<LivePluginOptions, 'onStart' | 'halls' | 'catalogue'>
    plugins?: Parameters<typeof startTestCloud>[1]['plugins']
  },
): Promise<{ cloud: Cloud; live: Live }> {
  const catalogue = opts.catalogue ?? liveCatalogue()
  let live: Live | undefined
  const cloud = await startTestCloud(t, {
    names: opts.names,
    prefix: opts.prefix,
    district: liveDistrict(opts.halls, catalogue),
    ...(opts.instanceId === undefined ? {} : { instanceId: opts.instanceId }),
    ...(opts.config === undefined ? {} : { config: opts.config }),
    plugins: [
      ...(opts.plugins ?? []),
      livePlugin({
        ...opts.live,
        halls: opts.halls,
        catalogue,
        onStart: (l) => {
          live = l
        },
      }),
    ],
  })
  return { cloud, live: live! }
}

/**
 * A hall as its edge behaves on NATS, on the real queue engine: every decision's events are
 * journaled with the next seq and published to JetStream, requests from the cloud (`take`,
 * `ticket`) are answered from the engine, and commands are read from `cmd-<site>`.
 */
export class SimHall {
  readonly engine: QueueEngine
  readonly edge: TestEdge
  readonly commands: CloudCommand[] = []
  private seq = 0
  private reqs = 0
  private readonly waiters = new Set<() => void>()

  constructor(
    readonly js: JetStreamClient,
    readonly names: NatsNames,
    readonly hall: HallConfig,
    catalogue: Catalogue,
  ) {
    this.engine = createQueueEngine({ hall, catalogue, clock: systemClock, state: undefined })
    this.edge = new TestEdge(js, names, hall.id)
  }

  get site(): string {
    return this.hall.id
  }

  /** Runs a request on the engine and publishes its events; answers the result. */
  async run(request: QueueRequest): Promise<unknown> {
    const now = Date.now()
    const d = this.engine.execute(request, { now })
    if (!d.ok) throw d.error
    for (const e of d.events) {
      const envelope = {
        v: 1,
        site: this.site,
        seq: ++this.seq,
        ts: new Date(now).toISOString(),
        type: e.type,
        data: e.data,
      } as EventEnvelope
      await this.edge.publish(envelope)
    }
    return d.result
  }

  rid(): string {
    return `r${++this.reqs}`
  }

  open(window: string) {
    return this.run({ op: 'open', window, reqId: this.rid() } as DeviceRequest)
  }
  take(item: string, priority: 'normal' | 'elderly' = 'normal') {
    return this.run({ op: 'take', item, priority, reqId: this.rid() } as DeviceRequest) as Promise<{
      ticket: string
    }>
  }
  call(window: string) {
    return this.run({ op: 'call', window, reqId: this.rid() } as DeviceRequest) as Promise<{
      ticket: string
    }>
  }

  /** Answers `take` and `ticket` over NATS as the edge does. */
  answerRequests(nc: NatsConnection): void {
    nc.subscribe(this.names.rpc(this.site, 'take'), {
      callback: (err, msg) => {
        if (err) return
        const req = JSON.parse(new TextDecoder().decode(msg.data))
        this.run({ op: 'issue', ...req })
          .then((result) => msg.respond(JSON.stringify({ ok: true, result })))
          .catch((e: Error) =>
            msg.respond(
              JSON.stringify({
                ok: false,
                error:
                  e instanceof QmsError ? e.toBody() : { code: 'INTERNAL', message: e.message },
              }),
            ),
          )
      },
    })
    nc.subscribe(this.names.rpc(this.site, 'ticket'), {
      callback: (err, msg) => {
        if (err) return
        const req = JSON.parse(new TextDecoder().decode(msg.data)) as { ticket: string }
        const s = this.engine.status(req.ticket)
        const reply: RpcReplyOf<'ticket'> =
          s === undefined
            ? { ok: false, error: { code: 'UNKNOWN_TICKET', message: `no ticket ${req.ticket}` } }
            : { ok: true, result: s }
        msg.respond(JSON.stringify(reply))
      },
    })
  }

  /** Reads `cmd-<site>` as an edge does, collecting every command. */
  async readCommands(t: Teardown): Promise<void> {
    const js = this.js
    let consumer: Awaited<ReturnType<typeof js.consumers.get>> | undefined
    for (let i = 0; i < 100 && consumer === undefined; i++) {
      consumer = await js.consumers
        .get(this.names.commandStream, `cmd-${this.site}`)
        .catch(() => undefined)
      if (consumer === undefined) await new Promise((r) => setTimeout(r, 100))
    }
    if (consumer === undefined) throw new Error(`no command consumer for ${this.site}`)
    const messages = await consumer.consume()
    t.teardown(() => messages.close())
    void (async () => {
      for await (const m of messages) {
        this.commands.push(JSON.parse(m.string()) as CloudCommand)
        m.ack()
        for (const w of this.waiters) w()
      }
    })().catch(() => undefined)
  }

  /** The first command (from `from` on) that passes `test`, waiting for it. */
  async command<T extends CloudCommand['type']>(
    type: T,
    test: (c: Extract<CloudCommand, { type: T }>) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<Extract<CloudCommand, { type: T }>> {
    const find = () =>
      this.commands.find(
        (c): c is Extract<CloudCommand, { type: T }> =>
          c.type === type && test(c as Extract<CloudCommand, { type: T }>),
      )
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = find()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`no ${type} command for ${this.site} in time`)
      await new Promise<void>((resolve) => {
        const w = () => {
          this.waiters.delete(w)
          resolve()
        }
        this.waiters.add(w)
        setTimeout(w, 200)
      })
    }
  }
}

export async function simHall(
  t: Teardown,
  nc: NatsConnection,
  names: NatsNames,
  hall: HallConfig,
  catalogue = liveCatalogue(),
): Promise<SimHall> {
  const sim = new SimHall(jetstream(nc), names, hall, catalogue)
  void t
  return sim
}

/** A real edge agent with its uplink to the test's NATS names; closed when the test ends. */
export async function startLiveEdge(
  t: Teardown,
  names: NatsNames,
  hall: HallConfig,
  catalogue = liveCatalogue(),
): Promise<EdgeAgent> {
  const dataDir = await mkdtemp(join(tmpdir(), `qms-live-${hall.id}-`))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const agent = await createEdgeAgent({
    hall,
    catalogue,
    dataDir,
    broker: { host: '127.0.0.1', tcpPort: 0, wsPort: 0 },
    http: { host: '127.0.0.1', port: 0 },
    synchronous: 'NORMAL',
    printerFactory: null,
  })
  t.teardown(() => agent.close())
  const uplink = await startUplink(agent, {
    servers: [natsUrl()],
    root: names.root,
    streamPrefix: streamPrefixOf(names),
  })
  t.teardown(() => uplink.close())
  return agent
}
