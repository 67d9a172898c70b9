import { readFileSync } from 'node:fs'
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Caller, demoToken } from '@qms/firmware-sim'
import type { Utterance } from '@qms/hall-display'
import {
  type Catalogue,
  type Clock,
  type CloudCommand,
  type Guidance,
  HallConfig,
  PROTOCOL_VERSION,
  type TakeResult,
  validate,
} from '@qms/protocol'
import { launchBrowser, type Teardown } from '@qms/test'
import { registerHallPages } from '../src/http/pages.js'
import { startAgent, type TestAgent } from './fixtures/agent.js'

/*
 * The hall pages against a real edge agent for a hall of the sample district (embedded broker,
 * journal in a temp folder, free ports) in Debian's headless Chromium.
 */

type Browser = Awaited<ReturnType<typeof launchBrowser>>
export type Page = Awaited<ReturnType<Browser['newPage']>>

const sample = (path: string) =>
  JSON.parse(
    readFileSync(fileURLToPath(import.meta.resolve(`@qms/protocol/sample/${path}`)), 'utf8'),
  )

export function sampleHall(id: string): HallConfig {
  const checked = validate(HallConfig, sample(`halls/${id}.json`))
  if (!checked.ok) throw new Error(`sample hall ${id}: ${checked.error.message}`)
  return checked.value
}

export const sampleCatalogue = (): Catalogue => sample('catalogue.json') as Catalogue

/** The cloud's guidance command for a hall, valid for ten minutes. */
export function guidanceCommand(site: string, clock: Clock, items: Guidance[]): CloudCommand {
  return {
    v: PROTOCOL_VERSION,
    id: `guidance-${clock.now().toString(36)}`,
    site,
    ts: new Date(clock.now()).toISOString(),
    expiresAt: new Date(clock.now() + 600_000).toISOString(),
    type: 'guidance',
    data: { items },
  }
}

/** Guidance to a shorter hall for ID cards, as the cloud's balancer sends it. */
export const SHORTER_HALL: Guidance = {
  kind: 'hall',
  category: 'HJ-SFZ',
  text: '办理身份证可前往城关派出所综合服务厅，等候更短',
  textEn: 'ID cards: Chengguan station hall has a shorter wait',
  site: 'st-01',
  siteName: '城关派出所综合服务厅',
  waitMin: 5,
  travelMin: 12,
  savingMin: 28,
}

/** A real edge agent for a sample hall that serves the hall pages (as main.ts will). */
export async function startHallAgent(
  t: Teardown,
  options: {
    hall?: string
    clock?: Clock
    snapshotIntervalMs?: number
    enforceHours?: boolean
  } = {},
): Promise<TestAgent> {
  return startAgent(t, {
    ...(options.enforceHours === undefined ? {} : { enforceHours: options.enforceHours }),
    hall: sampleHall(options.hall ?? 'st-01'),
    catalogue: sampleCatalogue(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.snapshotIntervalMs === undefined
      ? {}
      : { snapshotIntervalMs: options.snapshotIntervalMs }),
    routes: (app) => registerHallPages(app),
  })
}

/** The keypad of a window, a simulated caller on MQTT with its demo token. */
export async function keypad(t: Teardown, mqttUrl: string, site: string, window: string) {
  const caller = new Caller({
    url: mqttUrl,
    site,
    id: `c${window}`,
    token: demoToken(site, `c${window}`),
    window,
  })
  t.teardown(() => caller.close())
  await caller.connect()
  return caller
}

/**
 * The globals the pages expose for tests. The edge's test project has no DOM types: functions
 * sent to the browser cast `globalThis` to this (casts vanish when they are sent).
 */
export interface PageGlobals {
  __announcer?: { history: Utterance[] }
  __hall?: {
    feed: { stats: { connections: number } }
    renders: Array<{ at: number; latest?: string; seq: number }>
  }
  __kiosk?: { screen(): string; takes: TakeResult[]; idleRemaining(): number | undefined }
  __window?: { renders: Array<{ at: number; ticket?: string; state: string }> }
}

/** Resolves once the element `selector` has exactly `text`, checked on every animation frame. */
export async function waitForText(page: Page, selector: string, text: string, timeout = 10_000) {
  await page.waitForFunction(
    `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(text)}`,
    undefined,
    { polling: 'raf', timeout },
  )
}

export interface PageProblems {
  /** Uncaught errors and console errors of the page. */
  errors: string[]
}

/**
 * A fresh browser page of `size` in the hall's locale and time zone, its uncaught errors and
 * console errors collected (a page that throws is a failing page, even when it still draws).
 */
export async function openPage(
  t: Teardown,
  browser: Browser,
  url: string,
  size: { width: number; height: number },
  options: { fixedTime?: number; fakeTimers?: boolean; timezoneId?: string } = {},
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    viewport: size,
    locale: 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
  })
  t.teardown(() => context.close())
  const page = await context.newPage()
  const problems: PageProblems = { errors: [] }
  page.on('pageerror', (err) => problems.errors.push(`pageerror: ${err.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`)
  })
  // The page's clock shows this instant (its timers still run): screenshots in opening hours.
  if (options.fixedTime !== undefined) await page.clock.setFixedTime(new Date(options.fixedTime))
  // Or the page's timers move only when the test says (page.clock.runFor).
  if (options.fakeTimers === true) await page.clock.install()
  await page.goto(url)
  return { page, problems }
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const artifacts = join(repoRoot, 'artifacts', 'screenshots')
const docs = join(repoRoot, 'hall-display', 'docs', 'screenshots')

/**
 * Saves a screenshot as a test artifact (artifacts/screenshots/, not committed); with
 * QMS_UPDATE_SCREENSHOTS=1 also as the README's picture (hall-display/docs/screenshots/).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifacts, { recursive: true })
  const file = join(artifacts, `${name}.png`)
  await page.screenshot({ path: file })
  if (process.env.QMS_UPDATE_SCREENSHOTS === '1') {
    await mkdir(docs, { recursive: true })
    await copyFile(file, join(docs, `${name}.png`))
  }
  return file
}

export { launchBrowser }
