import type { EdgeState } from '@qms/protocol'
import { hasChromium, shiftedClock, toNextWeekdayMorning, waitFor } from '@qms/test'
import t, { type Test } from 'tap'
import {
  guidanceCommand,
  launchBrowser,
  openPage,
  type Page,
  type PageGlobals,
  SHORTER_HALL,
  screenshot,
  startHallAgent,
} from './pages-helpers.js'

t.setTimeout(120_000)
if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')

const KIOSK = { width: 1080, height: 1920 }

const screenName = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__kiosk?.screen())
const idleRemaining = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__kiosk?.idleRemaining())
const resultCodes = (page: Page) =>
  page
    .locator('#results [data-item]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))

/** Every button on the screen is a touch target of at least 64 × 64 px. */
async function touchTargets(t: Test, page: Page, where: string) {
  const boxes = await page.locator('button:visible').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect()
      return { text: e.textContent ?? '', width: r.width, height: r.height }
    }),
  )
  t.ok(boxes.length > 0, `${where}: buttons`)
  const small = boxes.filter((b) => b.width < 64 || b.height < 64)
  t.same(small, [], `${where}: every button at least 64 px`)
}

async function typeOnScreen(page: Page, text: string) {
  await page.click('[data-key="Clear"]')
  for (const c of text) await page.click(`[data-key="${c}"]`)
  await waitFor(async () => (await page.inputValue('#query')) === text, { what: `query ${text}` })
}

t.test(
  'the kiosk finds an item by pinyin initials on its keyboard, shows materials and wait, and takes one ticket',
  async (t) => {
    const clock = shiftedClock(toNextWeekdayMorning())
    const { agent, httpUrl } = await startHallAgent(t, { clock })
    // The cloud says a nearby hall is shorter for ID cards; people already wait here.
    const nearby = {
      ...SHORTER_HALL,
      text: '办理身份证可前往城东派出所综合服务厅，等候更短',
      textEn: 'ID cards: Chengdong station hall has a shorter wait',
      site: 'st-02',
      siteName: '城东派出所综合服务厅',
    }
    t.same(await agent.command(guidanceCommand('st-01', clock, [nearby])), { ok: true })
    await agent.handle('c2', { reqId: 'o2', op: 'open', window: '2' })
    for (let i = 0; i < 4; i++)
      await agent.handle('k1', { reqId: `early-${i}`, op: 'take', item: 'HJ-002' })
    const browser = await launchBrowser(t)
    const { page, problems } = await openPage(t, browser, `${httpUrl}/kiosk/?kiosk=k-test`, KIOSK, {
      fixedTime: clock.now(),
    })
    await page.waitForSelector('[data-screen="home"] .tile')
    t.equal(await idleRemaining(page), undefined, 'no countdown on the start screen')
    t.match(await page.textContent('[data-category="HJ-SFZ"]'), /居民身份证[\s\S]*等候 4 人/)
    await touchTargets(t, page, 'start screen')
    await screenshot(page, 'kiosk-home')

    await page.click('#open-search')
    await page.waitForSelector('[data-screen="search"] .keyboard')
    await touchTargets(t, page, 'search screen')
    await typeOnScreen(page, 'sfz')
    await waitFor(async () => (await resultCodes(page)).length > 0, { what: 'results for sfz' })
    const sfz = await resultCodes(page)
    t.ok(sfz.includes('HJ-002'), `sfz finds 居民身份证换领 among ${sfz.length}`)
    await screenshot(page, 'kiosk-search')
    await typeOnScreen(page, 'jmsfzhl')
    await waitFor(async () => (await resultCodes(page))[0] === 'HJ-002', {
      what: 'jmsfzhl → HJ-002 first',
    })
    t.pass('the full initials put 居民身份证换领 first')
    t.ok(((await idleRemaining(page)) ?? 0) > 0, 'the idle countdown runs while searching')

    await page.click('[data-item="HJ-002"]')
    await page.waitForSelector('[data-screen="item"][data-item="HJ-002"]')
    t.match(await page.textContent('#item-name'), '居民身份证换领')
    const materials = await page.textContent('#materials')
    t.match(materials, '原居民身份证')
    t.match(materials, '居民户口簿')
    const wait = await page.textContent('#item-wait')
    t.match(wait, /预计等候[\s\S]*约\d+分钟/, 'the predicted wait, before taking')
    t.match(wait, /正在等候[\s\S]*4 人/)
    t.match(
      await page.textContent('[data-advice="hall"]'),
      /附近大厅等候更短[\s\S]*城东派出所[\s\S]*可少等28分钟/,
      'a shorter hall nearby, before taking',
    )
    await touchTargets(t, page, 'item screen')
    await screenshot(page, 'kiosk-item')

    // A double tap takes one number.
    const seqBefore = agent.journal.lastSeq()
    await page.locator('#take').dblclick()
    await page.waitForSelector('[data-screen="ticket"] #ticket-no')
    const ticket = (await page.textContent('#ticket-no')) ?? ''
    t.match(ticket, /^A\d{3}$/)
    t.match(await page.textContent('#ticket-ahead'), '4 人')
    t.match(await page.textContent('#printing'), '请记住您的号码')
    const state = (await (await fetch(`${httpUrl}/api/state`)).json()) as EdgeState
    const mine = state.waiting.filter((w) => w.channel === 'web')
    t.same(
      mine.map((w) => [w.ticket, w.item, w.ahead]),
      [[ticket, 'HJ-002', 4]],
      'exactly one ticket, waiting in the hall',
    )
    t.equal(agent.journal.lastSeq(), seqBefore + 1, 'one event journaled for the double tap')
    const takes = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).__kiosk?.takes.length,
    )
    t.equal(takes, 1)
    const remaining = (await idleRemaining(page)) ?? 0
    t.ok(
      remaining > 0 && remaining <= 30_000,
      `back to the start in ${remaining} ms on the ticket screen`,
    )
    await touchTargets(t, page, 'ticket screen')
    await screenshot(page, 'kiosk-ticket')

    await page.click('#done')
    await page.waitForSelector('[data-screen="home"]')
    t.equal(await screenName(page), 'home')
    t.same(problems.errors, [], 'no error in the page')
  },
)

t.test(
  'the kiosk finds items by Chinese words and one-touch words, and says in Chinese why a take failed',
  async (t) => {
    // A Sunday: the hall issues no numbers (enforceHours), so the take is refused.
    const toMorning = toNextWeekdayMorning()
    const sunday = shiftedClock(
      toMorning +
        ((7 - new Date(Date.now() + toMorning + 8 * 3_600_000).getUTCDay()) % 7 || 7) * 86_400_000,
    )
    const { httpUrl, agent } = await startHallAgent(t, { clock: sunday, enforceHours: true })
    const browser = await launchBrowser(t)
    const { page, problems } = await openPage(t, browser, `${httpUrl}/kiosk/`, KIOSK)
    await page.waitForSelector('[data-screen="home"] .tile')
    await page.click('#open-search')
    await page.fill('#query', '护照')
    await waitFor(async () => (await resultCodes(page)).length > 0, { what: 'results for 护照' })
    const passport = await resultCodes(page)
    t.ok(
      passport.every((c) => c?.startsWith('CRJ-')),
      `护照: ${passport.join(' ')}`,
    )
    await page.fill('#query', '身份证丢了')
    await waitFor(async () => (await resultCodes(page))[0] === 'HJ-003', {
      what: '身份证丢了 → 补领',
    })
    t.pass('a sentence finds 居民身份证补领')
    await page.click('[data-key="Clear"]')
    await page.click('.chip >> nth=0')
    t.not(await page.inputValue('#query'), '', 'a one-touch word searches')
    await waitFor(async () => (await resultCodes(page)).length > 0, {
      what: 'results for a one-touch word',
    })

    await page.fill('#query', 'jmsfzhl')
    await waitFor(async () => (await resultCodes(page))[0] === 'HJ-002', { what: 'HJ-002' })
    await page.click('[data-item="HJ-002"]')
    const seq = agent.journal.lastSeq()
    await page.click('#take')
    await page.waitForSelector('#error')
    t.match(await page.textContent('#error'), '现在不在取号时间')
    t.equal(await page.locator('#retry').count(), 0, 'a refusal offers no retry')
    t.equal(agent.journal.lastSeq(), seq, 'nothing issued')
    await page.click('#error-close')
    t.equal(await screenName(page), 'item', 'back on the item page')
    t.same(
      problems.errors.filter((e) => !e.includes('status of 409')),
      [],
      'no error in the page besides the refused request',
    )
  },
)

t.test('the kiosk goes back to its start screen after 60 s untouched', async (t) => {
  const { httpUrl } = await startHallAgent(t)
  const browser = await launchBrowser(t)
  const { page, problems } = await openPage(t, browser, `${httpUrl}/kiosk/`, KIOSK, {
    fakeTimers: true,
  })
  await page.waitForSelector('[data-screen="home"] .tile')
  await page.click('[data-category="HJ-SFZ"]')
  await page.click('[data-item="HJ-002"]')
  await page.waitForSelector('[data-screen="item"]')
  await page.clock.runFor(50_000)
  t.equal(await screenName(page), 'item', 'still there after 50 s')
  await page.click('#materials')
  await page.clock.runFor(50_000)
  t.equal(await screenName(page), 'item', 'a touch restarted the countdown')
  await page.clock.runFor(11_000)
  await page.waitForSelector('[data-screen="home"]')
  t.equal(await screenName(page), 'home', 'back at the start')
  t.same(problems.errors, [], 'no error in the page')
})
