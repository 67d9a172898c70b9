import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEdgeAgent, createUplink, type EdgeAgent, type Uplink } from '@qms/edge-agent'
import { Caller, Dispenser, demoToken } from '@qms/firmware-sim'
import { type Catalogue, type Clock, HallConfig, validate } from '@qms/protocol'
import {
  launchBrowser,
  natsUrl,
  type Teardown,
  uniqueNatsNames,
  uniqueRedisPrefix,
} from '@qms/test'
import pino from 'pino'
import { guard } from '../../src/auth/guard.js'
import { type Cloud, type CloudPlugin, createCloud } from '../../src/cloud.js'
import { consolePlugin } from '../../src/console/plugin.js'
import { type District, loadDistrict, sampleDistrictPath } from '../../src/district/district.js'
import { type Live, type LivePluginOptions, livePlugin } from '../../src/live/plugin.js'

/*
 * A small district running for real, for the console's and the phone page's browser tests: the
 * cloud in this process (sample district, the shared NATS and Redis under private names, a real
 * HTTP listener, the console plugin and whatever else is asked), real edge agents of sample halls
 * with their uplinks to it, simulated keypads and kiosks over MQTT, and Debian's Chromium.
 */

type Browser = Awaited<ReturnType<typeof launchBrowser>>
export type Page = Awaited<ReturnType<Browser['newPage']>>

const sampleDir = dirname(sampleDistrictPath())

async function sampleHall(site: string, rename?: string): Promise<HallConfig> {
  const { readFile } = await import('node:fs/promises')
  const raw = JSON.parse(await readFile(join(sampleDir, 'halls', `${site}.json`), 'utf8'))
  // No ticket printers listen here: every take would journal a print fault.
  delete raw.printers
  for (const d of raw.devices) delete d.printer
  if (rename !== undefined) raw.name = rename
  const checked = validate(HallConfig, raw)
  if (!checked.ok) throw new Error(`sample hall ${site}: ${checked.error.message}`)
  return checked.value
}

export interface SystemHall {
  site: string
  agent: EdgeAgent
  uplink: Uplink
  mqttUrl: string
  httpUrl: string
}

export interface ConsoleSystem {
  cloud: Cloud
  district: District
  /** The cloud's address: http://127.0.0.1:<port>. */
  base: string
  halls: Map<string, SystemHall>
  browser: Browser
  /** The live cloud's services, when it runs. */
  live: Live | undefined
  hall(site: string): SystemHall
}

export async function startConsoleSystem(
  t: Teardown,
  opts: {
    halls: string[]
    /** Hall names to replace (in the district and at the hall), e.g. to test escaping. */
    rename?: Record<string, string>
    /** Run the live cloud (predictions, phone tickets, alerts) with these options. */
    live?: Omit<LivePluginOptions, 'halls' | 'clock' | 'onStart'>
    /** More cloud plugins, after the console's and the live cloud's. */
    plugins?: CloudPlugin[]
    clock?: Clock
  },
): Promise<ConsoleSystem> {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const sample = await loadDistrict(sampleDistrictPath())
  const sites = new Map(sample.sites)
  for (const [id, name] of Object.entries(opts.rename ?? {})) {
    const s = sites.get(id)
    if (s !== undefined) sites.set(id, { ...s, name })
  }
  const district: District = { ...sample, sites }
  const logger = pino({ level: process.env.QMS_TEST_LOG ?? 'silent' })
  const configs = new Map<string, HallConfig>()
  for (const site of opts.halls) configs.set(site, await sampleHall(site, opts.rename?.[site]))
  let live: Live | undefined
  const cloud = await createCloud({
    district,
    logger,
    ...(opts.clock === undefined ? {} : { clock: opts.clock }),
    config: {
      nats: {
        servers: [natsUrl()],
        root: names.root,
        streamPrefix: names.eventStream.replace(/_EVT$/, ''),
      },
      redis: { prefix },
      http: { listen: true, host: '127.0.0.1', port: 0 },
      jobs: { enabled: false },
      ownership: { leaseMs: 1500, heartbeatMs: 250 },
      intake: { discoveryMs: 200, linkPollMs: 500, replayRetryMs: 300, restartMs: 100 },
    },
    adminGuard: guard({ role: 'district-admin', signIn: '/console/' }),
    plugins: [
      consolePlugin(opts.clock === undefined ? {} : { clock: opts.clock }),
      ...(opts.live === undefined
        ? []
        : [
            livePlugin({
              ...opts.live,
              halls: [...configs.values()],
              logger,
              ...(opts.clock === undefined ? {} : { clock: opts.clock }),
              onStart: (l) => {
                live = l
              },
            }),
          ]),
      ...(opts.plugins ?? []),
    ],
  })
  t.teardown(() => cloud.close())
  const base = `http://127.0.0.1:${cloud.port}`
  const catalogue = district.catalogue as Catalogue
  const halls = new Map<string, SystemHall>()
  for (const site of opts.halls) {
    const dataDir = await mkdtemp(join(tmpdir(), `qms-console-${site}-`))
    t.teardown(() => rm(dataDir, { recursive: true, force: true }))
    const agent = await createEdgeAgent({
      hall: configs.get(site) as HallConfig,
      catalogue,
      dataDir,
      synchronous: 'NORMAL',
      printerFactory: null,
      broker: { host: '127.0.0.1', tcpPort: 0, wsPort: 0 },
      // The printed ticket's QR code points at the cloud's phone page.
      http: { host: '127.0.0.1', port: 0, publicUrl: base },
      ...(opts.clock === undefined ? {} : { clock: opts.clock }),
      logger,
    })
    const uplink = createUplink({ hall: agent, servers: [natsUrl()], names, logger })
    // The uplink reads the journal: it stops first.
    t.teardown(async () => {
      await uplink.close()
      await agent.close()
    })
    halls.set(site, {
      site,
      agent,
      uplink,
      mqttUrl: `mqtt://127.0.0.1:${agent.ports.mqtt}`,
      httpUrl: `http://127.0.0.1:${agent.ports.http}`,
    })
  }
  const browser = await launchBrowser(t)
  return {
    cloud,
    district,
    base,
    halls,
    browser,
    live,
    hall(site) {
      const h = halls.get(site)
      if (h === undefined) throw new Error(`no hall ${site} in this system`)
      return h
    },
  }
}

/** A window's keypad: a simulated caller over MQTT with its demo token. */
export async function keypad(t: Teardown, hall: SystemHall, window: string): Promise<Caller> {
  const id = `c${window}`
  const caller = new Caller({
    url: hall.mqttUrl,
    site: hall.site,
    id,
    token: demoToken(hall.site, id),
    window,
  })
  t.teardown(() => caller.close())
  await caller.connect()
  return caller
}

/** A kiosk of the hall: a simulated dispenser over MQTT with its demo token. */
export async function kiosk(t: Teardown, hall: SystemHall, id = 'k1'): Promise<Dispenser> {
  const d = new Dispenser({
    url: hall.mqttUrl,
    site: hall.site,
    id,
    token: demoToken(hall.site, id),
  })
  t.teardown(() => d.close())
  await d.connect()
  return d
}

export interface PageProblems {
  errors: string[]
}

/**
 * A fresh page in the halls' locale and time zone, its uncaught errors and console errors
 * collected — except the browser's own line for an HTTP error answer the page expected.
 */
export async function openPage(
  t: Teardown,
  browser: Browser,
  url: string,
  size: { width: number; height: number },
  options: {
    expectHttpErrors?: boolean
    geolocation?: { latitude: number; longitude: number }
  } = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: size,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.geolocation === undefined
      ? {}
      : { geolocation: options.geolocation, permissions: ['geolocation'] }),
    ...(size.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  })
  t.teardown(() => context.close())
  const page = await context.newPage()
  // Generous: a machine busy with other work must not fail a test, only slow it.
  page.setDefaultTimeout(120_000)
  const problems: PageProblems = { errors: [] }
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`))
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const text = m.text()
    if (
      options.expectHttpErrors === true &&
      /^Failed to load resource: the server responded with a status of (401|403|404)/.test(text)
    )
      return
    problems.errors.push(`console: ${text}`)
  })
  await page.goto(url)
  return { page, problems }
}

/** Signs in through the console's form. */
export async function signInPage(page: Page, user: string, password: string): Promise<void> {
  await page.fill('#login-user', user)
  await page.fill('#login-password', password)
  await page.click('#login-submit')
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const artifacts = join(repoRoot, 'artifacts', 'screenshots')
const docs = join(repoRoot, 'cloud', 'docs', 'screenshots')

/**
 * Saves a screenshot as a test artifact (artifacts/screenshots/, not committed); with
 * QMS_UPDATE_SCREENSHOTS=1 also, unless `readme` is false, as the README's picture
 * (cloud/docs/screenshots/).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; readme?: boolean } = {},
): Promise<string> {
  await mkdir(artifacts, { recursive: true })
  const file = join(artifacts, `${name}.png`)
  await page.screenshot({ path: file, fullPage: options.fullPage === true })
  if (process.env.QMS_UPDATE_SCREENSHOTS === '1' && options.readme !== false) {
    await mkdir(docs, { recursive: true })
    await copyFile(file, join(docs, `${name}.png`))
  }
  return file
}
