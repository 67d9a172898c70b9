import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openJournal } from '@qms/edge-agent'
import { Caller, Dispenser, demoToken } from '@qms/firmware-sim'
import { createDistrict, type District, type DistrictEvent, type HallRun } from '@qms/launcher'
import type { EdgeState, EventEnvelope, SiteDetail } from '@qms/protocol'
import {
  natsUrl,
  redisUrl,
  type Teardown,
  uniqueNatsNames,
  uniqueRedisPrefix,
} from '../src/index.js'

/*
 * The district of `npm start`, started for a test through the launcher's own factory: the same
 * composition (qms-cloud and every hall's qms-edge as child processes, virtual printers,
 * simulated devices, arrivals), on free ports, a temporary data folder, the shared NATS and
 * Redis under private names. And what the tests read back: the halls' and the cloud's APIs,
 * and after the stop, the halls' journals.
 */

export interface TestDistrict {
  district: District
  /** The cloud's base URL. */
  cloud: string
  dataDir: string
  hall(site: string): HallRun
  /** Everything the district said, for a failure's explanation. */
  events: DistrictEvent[]
}

export async function startTestDistrict(
  t: Teardown,
  options: {
    hallNats?: Record<string, string>
    external?: string[]
    speed?: number
  } = {},
): Promise<TestDistrict> {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const dataDir = await mkdtemp(join(tmpdir(), 'qms-district-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const events: DistrictEvent[] = []
  const district = await createDistrict(
    {
      dataDir,
      ports: 'free',
      nats: { url: natsUrl() },
      redis: { url: redisUrl(), prefix },
      names: { root: names.root, streamPrefix: names.eventStream.replace(/_EVT$/, '') },
      hallNats: options.hallNats ?? {},
      externalDevices: options.external ?? [],
      traffic: { speed: options.speed ?? 60 },
    },
    (e) => {
      if (e.type !== 'traffic' && e.type !== 'printed') events.push(e)
    },
  )
  // Registered after the names' and prefix's cleanups, so it runs before them.
  t.teardown(async () => {
    await district.close()
  })
  const cloud = district.urls().cloud?.base
  if (cloud === undefined) throw new Error('the cloud is not running: NATS or Redis is missing')
  return {
    district,
    cloud,
    dataDir,
    events,
    hall(site) {
      const h = district.halls.get(site)
      if (h === undefined) throw new Error(`no hall ${site}`)
      return h
    },
  }
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers })
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

export interface Session {
  cookie: string
  read: Record<string, string>
  write: Record<string, string>
}

/** Signs in to the console's API as the sample district's demo admin. */
export async function signInAdmin(cloud: string): Promise<Session> {
  const res = await fetch(`${cloud}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: cloud },
    body: JSON.stringify({ user: 'admin', password: 'chenghu-admin' }),
  })
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? ''
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return {
    cookie,
    read: { cookie },
    write: { cookie, 'x-csrf-token': csrfToken, origin: cloud, 'content-type': 'application/json' },
  }
}

export const edgeState = (hall: HallRun) => getJson<EdgeState>(`${hall.httpUrl}/api/state`)

export const cloudSite = (cloud: string, session: Session, site: string) =>
  getJson<SiteDetail>(`${cloud}/api/sites/${site}`, session.read)

/** A device of the hall played by the test (named in `external`), with its demo token. */
export async function dispenser(t: Teardown, hall: HallRun, id: string): Promise<Dispenser> {
  const d = new Dispenser({
    url: hall.mqttUrl,
    site: hall.site,
    id,
    token: demoToken(hall.site, id),
    requestTries: 12,
  })
  t.teardown(() => d.close())
  await d.connect()
  return d
}

export async function caller(t: Teardown, hall: HallRun, window: string): Promise<Caller> {
  const id = `c${window}`
  const c = new Caller({
    url: hall.mqttUrl,
    site: hall.site,
    id,
    token: demoToken(hall.site, id),
    window,
    requestTries: 12,
  })
  t.teardown(() => c.close())
  await c.connect()
  return c
}

/** A hall's open tickets, ticket → state, as the hall's API shows them. */
export function edgeOpenTickets(state: EdgeState): Map<string, string> {
  const out = new Map<string, string>()
  for (const w of state.waiting) out.set(w.ticket, w.state)
  for (const w of state.windows)
    if (w.ticket !== undefined && (w.state === 'calling' || w.state === 'serving'))
      out.set(w.ticket, w.state === 'calling' ? 'called' : 'serving')
  return out
}

/** The same, as the cloud's projection shows them. */
export function cloudOpenTickets(detail: SiteDetail): Map<string, string> {
  const out = new Map<string, string>()
  for (const q of detail.queues) for (const t of q.tickets) out.set(t.ticket, t.state)
  for (const w of detail.windows)
    if (w.ticket !== undefined && (w.state === 'calling' || w.state === 'serving'))
      out.set(w.ticket, w.state === 'calling' ? 'called' : 'serving')
  return out
}

/** The counts the cloud keeps per local day, from the events that make them. */
export interface DayCounts {
  issued: number
  served: number
  noShow: number
  cancelled: number
  transferred: number
  recalled: number
  ratings: number
}

const COUNTED: Record<string, keyof DayCounts> = {
  'ticket.issued': 'issued',
  'ticket.completed': 'served',
  'ticket.noshow': 'noShow',
  'ticket.cancelled': 'cancelled',
  'ticket.transferred': 'transferred',
  'ticket.recalled': 'recalled',
  'rating.given': 'ratings',
}

export function emptyCounts(): DayCounts {
  return { issued: 0, served: 0, noShow: 0, cancelled: 0, transferred: 0, recalled: 0, ratings: 0 }
}

const localDay = (ts: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(ts))

export interface JournalSummary {
  lastSeq: number
  /** Seqs are 1..lastSeq, once each, in order. */
  gapless: boolean
  days: Map<string, DayCounts>
  /** Distinct tickets issued per day. */
  tickets: Map<string, Set<string>>
}

/** Reads a stopped hall's journal (the agent's lock must be released). */
export async function readJournal(hall: HallRun): Promise<JournalSummary> {
  const journal = openJournal({ file: join(hall.dataDir, 'journal.sqlite'), site: hall.site })
  try {
    const timeZone = hall.config.timezone ?? 'Asia/Shanghai'
    const days = new Map<string, DayCounts>()
    const tickets = new Map<string, Set<string>>()
    let expected = 1
    let gapless = true
    for (let after = 0; ; ) {
      const page: EventEnvelope[] = journal.readAfter(after, 5000)
      if (page.length === 0) break
      for (const e of page) {
        if (e.seq !== expected) gapless = false
        expected = e.seq + 1
        const field = COUNTED[e.type]
        if (field === undefined) continue
        const day = localDay(e.ts, timeZone)
        const counts = days.get(day) ?? emptyCounts()
        counts[field]++
        days.set(day, counts)
        if (e.type === 'ticket.issued') {
          const set = tickets.get(day) ?? new Set()
          set.add((e.data as { ticket: string }).ticket)
          tickets.set(day, set)
        }
      }
      after = page[page.length - 1]!.seq
    }
    return { lastSeq: journal.lastSeq(), gapless, days, tickets }
  } finally {
    await journal.close()
  }
}

/** The cloud's counts of a hall's day. */
export async function cloudDay(
  cloud: string,
  session: Session,
  site: string,
  day: string,
): Promise<DayCounts> {
  const f = await getJson<{
    issued: number
    served: number
    noShow: number
    cancelled: number
    transferred: number
    recalled: number
    ratings: { count: number }
  }>(`${cloud}/api/sites/${site}/days/${day}`, session.read)
  return {
    issued: f.issued,
    served: f.served,
    noShow: f.noShow,
    cancelled: f.cancelled,
    transferred: f.transferred,
    recalled: f.recalled,
    ratings: f.ratings.count,
  }
}

type Page = Awaited<
  ReturnType<Awaited<ReturnType<typeof import('../src/index.js').launchBrowser>>['newPage']>
>

/**
 * Keeps what a page went through (errors, failed requests); when the test fails, prints it with
 * where the page is and what it shows, so that a browser failure explains itself.
 */
export function watchPage(t: Teardown & { passing(): boolean }, page: Page, name: string): void {
  const log: string[] = []
  page.on('pageerror', (e) => log.push(`pageerror ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') log.push(`console ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) log.push(`http ${r.status()} ${r.url()}`)
  })
  page.on('crash', () => log.push('crashed'))
  t.teardown(async () => {
    if (t.passing()) return
    const body = await page
      .evaluate(
        () =>
          (globalThis as unknown as { document: { body: { textContent: string } } }).document.body
            .textContent,
      )
      .catch((err: Error) => `(unreadable: ${err.message})`)
    process.stderr.write(
      `--- page ${name} at ${page.url()} ---\n${log.slice(-30).join('\n')}\n${String(body).slice(0, 1500)}\n`,
    )
  })
}
