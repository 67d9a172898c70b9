import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Alert, AlertList } from '@qms/protocol'
import { hasChromium, waitFor, weekdayMorningClock } from '@qms/test'
import t from 'tap'
import { cloudPagesDir } from '../src/console/paths.js'
import { DEMO, signIn } from './helpers/console.js'
import {
  keypad,
  kiosk,
  openPage,
  screenshot,
  signInPage,
  startConsoleSystem,
} from './helpers/console-system.js'

/*
 * The loop a manager closes, in Debian's headless Chromium against a real cloud with the live
 * cloud and real halls: numbers taken at a hall's kiosk with no window open for them raise a
 * busy-window alert (the alert rules, not a planted record); the district admin signs in, sees
 * it, acknowledges it, acts on a suggestion and resolves it, and the API shows each step.
 */

t.setTimeout(900_000)

const inOpeningHours = weekdayMorningClock()

const live = {
  settings: { workers: 0, runs: 16, refreshDebounceMs: 100, alertDebounceMs: 100 },
}

if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')
else if (!existsSync(join(cloudPagesDir, 'console', 'index.html')))
  t.fail('the console pages are not built: run npm run build -w @qms/cloud')
else {
  t.test('console: an alert raised by a busy hall is seen, acted on and resolved', async (t) => {
    const sys = await startConsoleSystem(t, {
      halls: ['hub', 'st-01', 'st-02', 'st-03'],
      live,
      clock: inOpeningHours,
    })
    // A quiet hub with some history: numbers taken, called, served and rated.
    const hub = sys.hall('hub')
    const hubKiosk = await kiosk(t, hub)
    const w5 = await keypad(t, hub, '5')
    await w5.openWindow()
    for (let i = 0; i < 4; i++) await hubKiosk.take('HJ-002')
    for (let i = 0; i < 3; i++) {
      await w5.call()
      await w5.start()
      await w5.complete()
    }
    // Two station halls at work: one calm, one with a queue at its one open window. st-03's queue is
    // of a short item (2 minutes), so it is busy by the people per window (7) while its predicted
    // wait stays far from the 45 minutes that would make it overloaded: seven ID-card renewals of
    // 6 minutes each sat on that line and the map showed red or orange by chance.
    for (const [site, takes, windows, item] of [
      ['st-02', 3, ['2', '3'], 'HJ-002'],
      ['st-03', 8, ['2'], 'HJ-008'],
    ] as const) {
      const hall = sys.hall(site)
      const k = await kiosk(t, hall)
      for (let i = 0; i < takes; i++) await k.take(item)
      for (const no of windows) {
        const c = await keypad(t, hall, no)
        await c.openWindow()
        await c.call().catch(() => undefined) // a window that serves other items calls nobody
      }
    }
    // st-01: nine people waiting for ID cards and no window open for them.
    const st01 = sys.hall('st-01')
    const k = await kiosk(t, st01)
    for (let i = 0; i < 9; i++) await k.take('HJ-002')

    const admin = await signIn(sys.cloud.app, DEMO.admin)
    const alertOf = async (): Promise<Alert | undefined> => {
      const r = await sys.cloud.app.inject({ url: '/api/alerts?site=st-01', headers: admin.read })
      return (r.json() as AlertList).alerts.find(
        (a) => a.site === 'st-01' && a.rule === 'queue-long' && a.state === 'raised',
      )
    }
    const raised = await waitFor(alertOf, {
      what: 'the queue-long alert raised',
      timeoutMs: 180_000,
    })
    t.equal(raised.level, 'critical', 'nobody serves the category while nine wait')

    const { page, problems } = await openPage(
      t,
      sys.browser,
      `${sys.base}/console/`,
      { width: 1440, height: 900 },
      { expectHttpErrors: true },
    )
    await signInPage(page, DEMO.admin.user, DEMO.admin.password)
    // The district: the hall nobody serves in red at the top, the one with a queue in orange.
    await page.waitForSelector('[data-testid=hall-table] tbody tr:first-child[data-site="st-01"]')
    await page.waitForSelector('.hall-dot[data-site="st-01"][data-level=overloaded]')
    await page.waitForSelector('.hall-dot[data-site="st-03"][data-level=busy]')
    await screenshot(page, 'console-district')
    await page.click('nav a[href="#/alerts"]')
    const card = `[data-testid=alerts] article[data-alert="${raised.id}"]`
    await page.waitForSelector(`${card}[data-state=raised]`)
    t.match(await page.textContent(`${card} .alert-text`), /排队|等候/)
    t.match(await page.textContent(`${card} .alert-site`), /城关派出所/)
    await screenshot(page, 'console-alerts')

    await page.click(`${card} button[data-command=ack]`)
    await page.waitForSelector(`${card}[data-state=acknowledged]`)
    const suggestion = page.locator(`${card} button[data-command=act]`).first()
    t.ok((await suggestion.count()) > 0, 'a suggested action is offered')
    await suggestion.click()
    await page.waitForSelector(`${card}[data-state=acting]`)
    await page.click(`${card} button[data-command=resolve]`)
    // Resolved alerts leave the list of open ones…
    await page.waitForSelector(card, { state: 'detached' })
    // …and show under "all".
    await page.click('[data-testid=filter-all]')
    await page.waitForSelector(`${card}[data-state=resolved]`)

    const r = await sys.cloud.app.inject({ url: `/api/alerts/${raised.id}`, headers: admin.read })
    const done = r.json() as Alert
    t.equal(done.state, 'resolved')
    t.equal(done.acknowledgedBy, 'admin')
    t.equal(done.resolvedBy, 'admin')
    t.same(
      done.life.map((x) => x.what).filter((w) => w !== 'notified' && w !== 'level'),
      ['raised', 'acknowledged', 'acted', 'resolved'],
      'every step of the loop, by the signed-in admin',
    )

    // The hub's hall view with its charts, for the README.
    await page.evaluate(() => {
      ;(globalThis as unknown as { location: { hash: string } }).location.hash = '#/hall/hub'
    })
    await page.waitForSelector('[data-testid=trend-chart] canvas', { timeout: 120_000 })
    await page.waitForSelector('[data-testid=accuracy-chart] canvas', { timeout: 120_000 })
    await screenshot(page, 'console-hall', { fullPage: true })

    // The manual actions reach the hall: a guidance text on its screen, diversion on.
    const text = '身份证业务请前往城关派出所办理'
    await page.fill('input[name=guidance]', text)
    await page.click('[data-testid=send-guidance]')
    await page.waitForSelector('[data-testid=action-note]:has-text("已发送")')
    await waitFor(() => hub.agent.snapshot().guidance.some((g) => g.text === text), {
      what: 'the guidance on the hub’s screen',
      timeoutMs: 120_000,
    })
    await page.click('[data-testid=diversion-on]')
    await waitFor(() => hub.agent.snapshot().diversion === true, {
      what: 'diversion on at the hub',
      timeoutMs: 120_000,
    })
    await page.click('[data-testid=diversion-off]')
    await waitFor(() => hub.agent.snapshot().diversion !== true, {
      what: 'diversion off at the hub',
      timeoutMs: 120_000,
    })
    t.same(problems.errors, [])
  })

  t.test('console: a hall manager cannot touch another hall’s alerts', async (t) => {
    const sys = await startConsoleSystem(t, { halls: ['st-01'], live, clock: inOpeningHours })
    const k = await kiosk(t, sys.hall('st-01'))
    for (let i = 0; i < 9; i++) await k.take('HJ-002')
    const admin = await signIn(sys.cloud.app, DEMO.admin)
    const raised = await waitFor(
      async () => {
        const r = await sys.cloud.app.inject({ url: '/api/alerts', headers: admin.read })
        return (r.json() as AlertList).alerts.find((a) => a.site === 'st-01')
      },
      { what: 'an alert at st-01', timeoutMs: 180_000 },
    )
    const hub = await signIn(sys.cloud.app, DEMO.hub)
    const list = await sys.cloud.app.inject({ url: '/api/alerts', headers: hub.read })
    t.notOk(
      (list.json() as AlertList).alerts.some((a) => a.site === 'st-01'),
      'not in the hub manager’s list',
    )
    for (const command of ['ack', 'resolve']) {
      const r = await sys.cloud.app.inject({
        method: 'POST',
        url: `/api/alerts/${raised.id}/${command}`,
        headers: hub.write,
        payload: {},
      })
      t.equal(r.statusCode, 403, command)
    }
    const action = await sys.cloud.app.inject({
      method: 'POST',
      url: '/api/sites/st-01/guidance',
      headers: hub.write,
      payload: { text: '请前往其他服务点' },
    })
    t.equal(action.statusCode, 403, 'no manual action on another hall')
    const noToken = await sys.cloud.app.inject({
      method: 'POST',
      url: `/api/alerts/${raised.id}/ack`,
      headers: admin.read,
      payload: {},
    })
    t.equal(noToken.statusCode, 403, 'the admin too needs the CSRF token')
    t.match(noToken.json(), { code: 'CSRF' })
  })
}
