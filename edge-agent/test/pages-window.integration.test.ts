import { hasChromium, shiftedClock, toNextWeekdayMorning, waitFor } from '@qms/test'
import t from 'tap'
import {
  keypad,
  launchBrowser,
  openPage,
  screenshot,
  startHallAgent,
  waitForText,
} from './pages-helpers.js'

t.setTimeout(120_000)
if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')

const WINDOW_SCREEN = { width: 1280, height: 480 }

t.test(
  "the window screen shows its window's ticket and state as the keypad moves it",
  async (t) => {
    const clock = shiftedClock(toNextWeekdayMorning())
    const { httpUrl, mqttUrl, agent } = await startHallAgent(t, { clock })
    const browser = await launchBrowser(t)
    const w2 = await openPage(t, browser, `${httpUrl}/display/window/2`, WINDOW_SCREEN, {
      fixedTime: clock.now(),
    })
    const w3 = await openPage(t, browser, `${httpUrl}/display/window/3`, WINDOW_SCREEN)
    const w99 = await openPage(t, browser, `${httpUrl}/display/window/99`, WINDOW_SCREEN)
    await waitForText(w2.page, '#window-name', '2号窗口')
    t.match(await w2.page.textContent('#window-line'), '暂停办理', 'closed at first')
    await waitFor(
      async () => (await w99.page.textContent('#window-line'))?.includes('本厅没有该窗口'),
      {
        what: 'an unknown window says so',
      },
    )

    const keys = await keypad(t, mqttUrl, 'st-01', '2')
    t.match(await keys.openWindow(), { ok: true })
    await waitFor(async () => (await w2.page.textContent('#window-line'))?.includes('等候叫号'), {
      what: 'open, waiting for a number',
    })
    await agent.handle('k1', { reqId: 'w-t1', op: 'take', item: 'HJ-002' })
    const call = await keys.call()
    t.match(call, { ok: true, result: { ticket: 'A001' } })
    await waitForText(w2.page, '#window-ticket', 'A001')
    t.match(await w2.page.textContent('#window-line'), '请 A001 号到2号窗口办理')
    t.equal(await w2.page.getAttribute('#body', 'data-state'), 'calling')
    t.equal(await w3.page.textContent('#window-ticket'), '', 'the next window shows none')
    t.match(await w3.page.textContent('#window-line'), '暂停办理')
    await w2.page.locator('#body').evaluate((el) => el.classList.remove('flash'))
    await screenshot(w2.page, 'window-screen')

    t.match(await keys.start(), { ok: true })
    await waitFor(async () => (await w2.page.getAttribute('#body', 'data-state')) === 'serving', {
      what: 'serving',
    })
    t.match(await w2.page.textContent('#window-line'), '正在办理')
    t.equal(await w2.page.textContent('#window-ticket'), 'A001')
    t.match(await keys.complete(), { ok: true })
    await waitFor(async () => (await w2.page.getAttribute('#body', 'data-state')) === 'idle', {
      what: 'idle after completing',
    })
    t.equal(await w2.page.isVisible('#window-ticket'), false, 'no ticket once done')
    for (const p of [w2, w3, w99]) t.same(p.problems.errors, [], 'no error in the page')
  },
)

t.test('the pages are served where the hall expects them; bad paths are refused', async (t) => {
  const { httpUrl } = await startHallAgent(t)
  const get = (path: string) => fetch(`${httpUrl}${path}`, { redirect: 'manual' })
  for (const path of ['/display/', '/display/window/5', '/kiosk/']) {
    const res = await get(path)
    t.equal(res.status, 200, path)
    t.match(res.headers.get('content-type'), /^text\/html/, `${path} is a page`)
  }
  for (const [path, type] of [
    ['/display/hall.js', /javascript/],
    ['/display/window.js', /javascript/],
    ['/kiosk/kiosk.css', /css/],
  ] as const) {
    const res = await get(path)
    t.equal(res.status, 200, path)
    t.match(res.headers.get('content-type'), type, path)
  }
  for (const path of ['/display', '/kiosk']) {
    const res = await get(path)
    t.equal(res.status, 301, `${path} redirects`)
    t.equal(res.headers.get('location'), `${path}/`)
  }
  const chime = await get('/display/voice/chime.wav')
  t.equal(chime.status, 200)
  t.equal(chime.headers.get('content-type'), 'audio/wav')
  const badText = await get('/display/voice/speech.wav?text=--help')
  t.equal(badText.status, 400, 'a text that is not a spoken sentence')
  t.match(await badText.json(), { error: { code: 'BAD_REQUEST', messageZh: '请求内容不正确' } })
  const query = await get('/display?voice=off')
  t.equal(query.headers.get('location'), '/display/?voice=off', 'the query string is kept')
  for (const path of [
    '/display/window/bad%20no',
    '/display/window/123456789',
    '/display/window/a.b',
  ]) {
    const res = await get(path)
    t.equal(res.status, 400, path)
    t.match(await res.json(), { error: { code: 'BAD_REQUEST' } })
  }
  for (const path of [
    '/display/nothing.js',
    '/display/../package.json',
    '/kiosk/%2e%2e/%2e%2e/package.json',
  ]) {
    const res = await get(path)
    t.equal(res.status, 404, path)
  }
})

t.test("the screens keep the hall's clock, whatever zone their machine keeps", async (t) => {
  const { httpUrl } = await startHallAgent(t)
  const browser = await launchBrowser(t)
  const at = Date.UTC(2026, 10, 29, 17, 5, 30) // Monday 01:05 in Shanghai, Sunday 17:05 in UTC
  for (const path of ['/display/window/2', '/display/?voice=off', '/kiosk/']) {
    const { page, problems } = await openPage(t, browser, `${httpUrl}${path}`, WINDOW_SCREEN, {
      fixedTime: at,
      timezoneId: 'UTC',
    })
    await page.waitForFunction(
      `document.querySelector('#clock .clock-time')?.textContent?.startsWith('01:05')`,
      undefined,
      { timeout: 15_000 },
    )
    t.match(
      await page.textContent('#clock .clock-date'),
      /2026.*11.*30/,
      `${path}: the hall's date`,
    )
    t.same(problems.errors, [], `${path}: no error in the page`)
  }
})
