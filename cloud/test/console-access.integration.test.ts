import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { hasChromium, waitFor } from '@qms/test'
import t from 'tap'
import { cloudPagesDir } from '../src/console/paths.js'
import { DEMO } from './helpers/console.js'
import {
  keypad,
  kiosk,
  openPage,
  type Page,
  screenshot,
  signInPage,
  startConsoleSystem,
} from './helpers/console-system.js'

/*
 * The console in Debian's headless Chromium against a real cloud and real halls (edge agents with
 * their uplinks, keypads and kiosks over MQTT): a hall manager sees their own hall and no other,
 * through the page and through the API; every name is shown as text, never run as markup.
 */

t.setTimeout(900_000)

if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')
else if (!existsSync(join(cloudPagesDir, 'console', 'index.html')))
  t.fail('the console pages are not built: run npm run build -w @qms/cloud')
else {
  const XSS = '<img src=x onerror=window.__xss=1>'

  t.test('console: roles, escaping', async (t) => {
    const sys = await startConsoleSystem(t, {
      halls: ['hub', 'st-01', 'st-02'],
      rename: { 'st-02': XSS },
    })
    // Some life in the halls: numbers taken at kiosks, windows opened and calling.
    for (const site of ['hub', 'st-01', 'st-02']) {
      const hall = sys.hall(site)
      const k = await kiosk(t, hall)
      for (let i = 0; i < 6; i++) await k.take('HJ-002')
      const c = await keypad(t, hall, '2')
      await c.openWindow()
      await c.call()
    }
    await waitFor(
      async () => {
        for (const site of ['hub', 'st-01', 'st-02'])
          if ((await sys.cloud.reader.summary(site))?.seq === undefined) return false
        const s = await Promise.all(
          ['hub', 'st-01', 'st-02'].map((x) => sys.cloud.reader.summary(x)),
        )
        return s.every(
          (x) => x !== undefined && x.seq > 0 && x.issuedToday === 6 && x.link.connected,
        )
      },
      { what: 'the halls’ events in the cloud', timeoutMs: 120_000 },
    )

    await t.test('a district admin sees every hall, names as text', async (t) => {
      const { page, problems } = await openPage(
        t,
        sys.browser,
        `${sys.base}/console/`,
        { width: 1440, height: 900 },
        { expectHttpErrors: true },
      )
      await signInPage(page, DEMO.admin.user, DEMO.admin.password)
      await page.waitForSelector('[data-testid=hall-table] tr[data-site="st-02"]')
      const shown = await page.textContent(
        '[data-testid=hall-table] tr[data-site="st-02"] .hall-name',
      )
      t.equal(shown, XSS, 'the name is shown exactly as it is, as text')
      t.equal(await page.locator('img').count(), 0, 'no element was made from it')
      t.equal(
        await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss),
        undefined,
        'nothing ran',
      )
      const waiting = await page.textContent(
        '[data-testid=hall-table] tr[data-site="hub"] td:nth-child(3)',
      )
      t.equal(waiting, '5', 'the hub’s live figure: 6 taken, 1 called')
      await screenshot(page, 'console-district-escaping', { readme: false })
      await page.click('[data-testid=hall-table] tr[data-site="st-02"] a')
      await page.waitForSelector('[data-testid=windows] .window')
      t.equal(await page.textContent('.hall-head h2'), XSS)
      t.equal(await page.locator('img').count(), 0)
      t.equal(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss), undefined)
      t.same(problems.errors, [], 'no page errors')
    })

    await t.test('a hall manager sees their hall only, through the page and the API', async (t) => {
      const { page, problems } = await openPage(
        t,
        sys.browser,
        `${sys.base}/console/`,
        { width: 1440, height: 900 },
        { expectHttpErrors: true },
      )
      await signInPage(page, DEMO.hub.user, DEMO.hub.password)
      await page.waitForSelector('[data-testid=windows] .window')
      t.equal(new URL(page.url()).hash, '#/hall/hub', 'the manager starts at their hall')
      t.match(await page.textContent('.hall-head h2'), /行政服务中心/)
      t.equal(await page.locator('nav a[href="#/district"]').count(), 0, 'no district view')
      t.equal(await page.locator('[data-testid=board-link]').count(), 0, 'no job board')
      await screenshot(page, 'console-hall-manager', { fullPage: true, readme: false })

      await page.evaluate(() => {
        ;(globalThis as unknown as { location: { hash: string } }).location.hash = '#/hall/st-01'
      })
      await page.waitForSelector('[data-testid=forbidden]')
      t.match(await page.textContent('[data-testid=forbidden]'), /无权访问/)
      t.equal(await page.locator('[data-testid=windows]').count(), 0, 'nothing of st-01 drawn')
      type Answer = {
        status: number
        body: {
          code?: string
          sites?: { id: string }[]
          halls?: { id: string; waitingByItem?: Record<string, number> }[]
        }
      }
      const api = await page.evaluate(async () => {
        const get = async (url: string): Promise<Answer> => {
          const r = await fetch(url)
          return { status: r.status, body: (await r.json()) as Answer['body'] }
        }
        return {
          other: await get('/api/sites/st-01'),
          otherDay: await get('/api/sites/st-02/history'),
          own: await get('/api/sites/hub'),
          list: await get('/api/sites'),
          overview: await get('/api/console/overview'),
        }
      })
      t.equal(api.other.status, 403)
      t.equal(api.other.body.code, 'FORBIDDEN')
      t.equal(api.otherDay.status, 403)
      t.equal(api.own.status, 200)
      t.same(
        api.list.body.sites?.map((s) => s.id),
        ['hub'],
      )
      t.same(
        api.overview.body.halls?.map((s) => s.id),
        ['hub'],
      )
      t.same(
        api.overview.body.halls?.[0]?.waitingByItem,
        { 'HJ-002': 5 },
        'who waits for what: the weights of the hall’s predicted wait',
      )
      t.same(problems.errors, [])
    })

    await t.test('the language toggle is remembered', async (t) => {
      const { page } = await openPage(
        t,
        sys.browser,
        `${sys.base}/console/`,
        { width: 1280, height: 800 },
        { expectHttpErrors: true },
      )
      await signInPage(page, DEMO.admin.user, DEMO.admin.password)
      await page.waitForSelector('[data-testid=hall-table] tr')
      t.match(await page.textContent('.view h2'), /^全区概览/, 'Chinese first')
      await page.click('[data-testid=lang]')
      await page.waitForSelector('.view h2:has-text("District")')
      await page.reload()
      await page.waitForSelector('[data-testid=hall-table] tr')
      t.match(await page.textContent('.view h2'), /^District/, 'English after a reload')
      t.equal(await page.getAttribute('html', 'lang'), 'en')
    })

    await t.test('signing out ends the session for the API too', async (t) => {
      const { page } = await openPage(
        t,
        sys.browser,
        `${sys.base}/console/`,
        { width: 1280, height: 800 },
        { expectHttpErrors: true },
      )
      await signInPage(page, DEMO.st01.user, DEMO.st01.password)
      await page.waitForSelector('[data-testid=windows] .window')
      await page.click('[data-testid=sign-out]')
      await page.waitForSelector('#login:not([hidden])')
      const status = await page.evaluate(async () => (await fetch('/api/sites/st-01')).status)
      t.equal(status, 401)
    })
  })
}

export type { Page }
