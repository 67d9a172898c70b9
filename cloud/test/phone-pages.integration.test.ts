import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { hasChromium, waitFor, weekdayMorningClock } from '@qms/test'
import t from 'tap'
import { cloudPagesDir } from '../src/console/paths.js'
import {
  keypad,
  kiosk,
  openPage,
  screenshot,
  startConsoleSystem,
} from './helpers/console-system.js'

/*
 * The phone page in Debian's headless Chromium at a phone's size, against a real cloud with the
 * live cloud and a real hall (edge agent, uplink, keypads and kiosks over MQTT): a person finds
 * the item, chooses the hall, takes a number, and watches the people ahead fall as the window
 * calls, until "your turn is near" and the call; the printed ticket's QR link opens the same
 * page for a kiosk ticket.
 */

t.setTimeout(900_000)

const PHONE = { width: 390, height: 844 }

/** The halls are open: the clock reads the next weekday's 10:00 in Shanghai. */
const inOpeningHours = weekdayMorningClock()

const live = { settings: { workers: 0, runs: 16, refreshDebounceMs: 100 } }

if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')
else if (!existsSync(join(cloudPagesDir, 'm', 'index.html')))
  t.fail('the phone page is not built: run npm run build -w @qms/cloud')
else {
  t.test('phone: take a number and follow it to the call', async (t) => {
    const sys = await startConsoleSystem(t, {
      halls: ['st-01', 'st-02'],
      live,
      clock: inOpeningHours,
    })
    const hall = sys.hall('st-01')
    const k = await kiosk(t, hall)
    for (let i = 0; i < 6; i++) await k.take('HJ-002')
    const window2 = await keypad(t, hall, '2')
    await window2.openWindow()
    await waitFor(async () => (await sys.cloud.reader.summary('st-01'))?.waiting === 6, {
      what: 'six waiting in the cloud',
      timeoutMs: 120_000,
    })

    const { page, problems } = await openPage(t, sys.browser, `${sys.base}/m/`, PHONE)
    await page.fill('[data-testid=search]', 'jmsfzhl')
    await page.click('[data-testid=results] button[data-item="HJ-002"]')
    await page.waitForSelector('[data-testid=halls] button[data-site="st-01"]')
    await screenshot(page, 'phone-take')
    await page.click('[data-testid=halls] button[data-site="st-01"]')
    await page.waitForURL(/\/t\/st-01\/A\d{3}$/)
    const number = new URL(page.url()).pathname.split('/').pop() as string
    await page.waitForSelector('[data-testid=ahead]')
    t.equal(await page.textContent('[data-testid=number]'), number)
    t.match(await page.textContent('[data-testid=ahead]'), /前面还有 6 人/)
    t.match(await page.textContent('[data-testid=wait]'), /预计等候/)

    // The window calls and serves the people ahead, one by one.
    for (let i = 0; i < 6; i++) {
      await window2.call()
      await window2.complete()
      const ahead = 5 - i
      if (ahead > 0)
        await page.waitForSelector(`[data-testid=ahead]:has-text("前面还有 ${ahead} 人")`, {
          timeout: 120_000,
        })
      if (ahead === 3) {
        t.equal(await page.getAttribute('[data-testid=headline]', 'data-phase'), 'near')
        t.match(await page.textContent('[data-testid=headline]'), /快到您了/)
        t.match(await page.textContent('[data-testid=headline]'), /your turn is near/i)
        await screenshot(page, 'phone-ticket-near')
      }
    }
    await window2.call()
    await page.waitForSelector('[data-testid=headline][data-phase=called]', { timeout: 120_000 })
    t.match(await page.textContent('[data-testid=headline]'), /请到2号窗口办理/)
    t.equal(
      await page.locator('[data-testid=shorter-hall]').count(),
      0,
      'once called, no advice to go elsewhere',
    )
    const seen = await page.evaluate(() =>
      (globalThis as unknown as { __phone: { ticket(): { renders: { ahead: number }[] } } }).__phone
        .ticket()
        .renders.map((r) => r.ahead),
    )
    t.same(
      [...new Set(seen)],
      [6, 5, 4, 3, 2, 1, 0],
      'the people ahead only ever fell, to the call',
    )
    await screenshot(page, 'phone-ticket-called')
    t.same(problems.errors, [])
  })

  t.test('phone: the printed ticket’s QR link opens the same ticket', async (t) => {
    const sys = await startConsoleSystem(t, { halls: ['st-01'], live, clock: inOpeningHours })
    const hall = sys.hall('st-01')
    const k = await kiosk(t, hall)
    await k.take('HJ-002')
    const printed = await k.take('HJ-002')
    t.ok(printed.ok)
    const result = (printed as { result: { ticket: string; statusUrl?: string } }).result
    t.equal(result.statusUrl, `${sys.base}/t/st-01/${result.ticket}`, 'the QR code’s address')
    const { page, problems } = await openPage(t, sys.browser, result.statusUrl as string, PHONE)
    await page.waitForSelector('[data-testid=ahead]')
    t.equal(await page.textContent('[data-testid=number]'), result.ticket)
    t.match(await page.textContent('[data-testid=ahead]'), /前面还有 1 人/)
    t.match(await page.textContent('.hall-line'), /城关派出所/)
    t.same(problems.errors, [])
    const missing = await openPage(t, sys.browser, `${sys.base}/t/st-01/Z999`, PHONE, {
      expectHttpErrors: true,
    })
    await missing.page.waitForSelector('text=没有找到这个号码')
  })

  t.test('phone: the system chooses the hall; a shorter hall takes the ticket over', async (t) => {
    const sys = await startConsoleSystem(t, {
      halls: ['st-01', 'st-02'],
      live,
      clock: inOpeningHours,
    })
    const busy = sys.hall('st-01')
    const k = await kiosk(t, busy)
    for (let i = 0; i < 8; i++) await k.take('HJ-002')
    await (await keypad(t, busy, '2')).openWindow()
    const quiet = sys.hall('st-02')
    for (const w of ['1', '2']) await (await keypad(t, quiet, w)).openWindow()
    await waitFor(
      async () => {
        const r = await fetch(`${sys.base}/api/halls?item=HJ-002`)
        const list = (await r.json()) as { halls: { id: string; waiting: number }[] }
        return list.halls.find((h) => h.id === 'st-01')?.waiting === 8 && list.halls.length === 2
      },
      { what: 'both halls’ waits in the cloud', timeoutMs: 120_000 },
    )
    const there = sys.district.sites.get('st-02')!.location

    // Let the system choose: the quiet hall, where this phone is.
    const auto = await openPage(t, sys.browser, `${sys.base}/m/`, PHONE, {
      geolocation: { latitude: there.lat, longitude: there.lng },
    })
    await auto.page.fill('[data-testid=search]', '身份证换领')
    await auto.page.click('[data-testid=results] button[data-item="HJ-002"]')
    await auto.page.click('[data-testid=locate]')
    await auto.page.waitForSelector('[data-testid=halls] button[data-site="st-02"] .dist')
    await auto.page.click('[data-testid=auto]')
    await auto.page.waitForURL(/\/t\/st-02\/A\d{3}$/)
    await auto.page.waitForSelector('[data-testid=ahead]')
    t.match(await auto.page.textContent('.hall-line'), /城东派出所/)
    t.same(auto.problems.errors, [])

    // Take at the busy hall, then accept the shorter hall the page offers.
    const { page, problems } = await openPage(t, sys.browser, `${sys.base}/m/`, PHONE)
    await page.fill('[data-testid=search]', 'sfz')
    await page.click('[data-testid=results] button[data-item="HJ-002"]')
    await page.click('[data-testid=halls] button[data-site="st-01"]')
    await page.waitForURL(/\/t\/st-01\/A\d{3}$/)
    const first = new URL(page.url()).pathname.split('/').pop() as string
    await page.waitForSelector('[data-testid=shorter-hall]', { timeout: 120_000 })
    t.match(await page.textContent('[data-testid=shorter-hall]'), /城东派出所.*等候更短/)
    await page.click('[data-testid=handoff]')
    await page.waitForURL(/\/t\/st-02\/A\d{3}$/, { timeout: 120_000 })
    await page.waitForSelector('[data-testid=number]')
    const moved = new URL(page.url()).pathname.split('/').pop() as string
    t.equal(await page.textContent('[data-testid=number]'), moved)
    const old = await fetch(`${sys.base}/api/virtual-tickets/st-01/${first}`)
    const oldStatus = (await old.json()) as { state: string; toSite?: string }
    t.equal(oldStatus.toSite, 'st-02', 'the first hall’s ticket points to the new one')
    t.same(problems.errors, [])
  })
}
