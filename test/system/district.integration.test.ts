import { existsSync, readFileSync } from 'node:fs'
import type { Dispenser, WindowDisplay } from '@qms/firmware-sim'
import type {
  Alert,
  AlertList,
  HallSnapshot,
  TicketStatus,
  VirtualTicketStatus,
} from '@qms/protocol'
import t from 'tap'
import {
  hasChromium,
  launchBrowser,
  natsUrl,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '../src/index.js'
import {
  caller,
  cloudDay,
  cloudOpenTickets,
  cloudSite,
  dispenser,
  edgeOpenTickets,
  edgeState,
  getJson,
  type JournalSummary,
  readJournal,
  type Session,
  signInAdmin,
  startTestDistrict,
  type TestDistrict,
  watchPage,
} from './district-system.js'

/*
 * The whole system as `npm start` runs it — qms-cloud, five halls' qms-edge with their embedded
 * brokers, virtual printers, every device simulated and people arriving at 60× — and what a
 * newcomer would check by hand, in Debian's headless Chromium: a kiosk's ticket comes out of the
 * printer; a keypad's call shows on the window screen and the hall screen; the cloud sees it; the
 * cloud's predictions and a manager's banner come back to the hall screen; a phone takes a
 * number at another hall; a busy hall's alert is closed in the console. Then the faults: a hall
 * killed outright mid-flow, another cut off from NATS while its people keep coming, both
 * restarted — and the cloud's counts equal the halls' journals exactly.
 *
 * The test plays a few devices itself (named `external`, so the district leaves them alone):
 * the hub's second kiosk (printer p2) and window 1's keypad, and the township point's kiosk and
 * keypad (so nobody else queues there: its alert is the test's doing).
 */

t.setTimeout(1_500_000)

/** What the pages' scripts see (the tests' TypeScript has no DOM library). */
interface PageGlobals {
  __hall?: {
    renders: Array<{ latest?: string }>
    snapshot(): HallSnapshot | undefined
  }
  document: { querySelector(selector: string): { textContent: string | null } | null }
}

const ok = <T>(r: { ok: true; result: T } | { ok: false; error: { code: string } }): T => {
  if (!r.ok) throw new Error(`refused: ${r.error.code}`)
  return r.result
}

if (!hasChromium()) t.fail('Debian chromium is required (apt-get install chromium)')
else
  t.test('a whole district, as npm start runs it', async (t) => {
    const outer = t
    const nats = new URL(natsUrl())
    // st-02 reaches NATS through a link the test can cut.
    const link: TcpProxy = await startTcpProxy(t, {
      host: nats.hostname,
      port: Number(nats.port || 4222),
    })
    const sys: TestDistrict = await startTestDistrict(t, {
      hallNats: { 'st-02': `nats://127.0.0.1:${link.port}` },
      external: ['hub/k2', 'hub/c1', 'pt-01/k1', 'pt-01/c1'],
    })
    t.teardown(() => {
      if ((t as unknown as { passing(): boolean }).passing()) return
      for (const e of sys.events.slice(-40)) process.stderr.write(`${JSON.stringify(e)}\n`)
      for (const [, h] of sys.district.halls)
        process.stderr.write(`--- ${h.site} ---\n${h.process.tail(15)}\n`)
    })
    const { cloud } = sys
    const hub = sys.hall('hub')
    const browser = await launchBrowser(t)
    const session: Session = await signInAdmin(cloud)
    let ticket = ''
    let hubKiosk: Dispenser | undefined

    await t.test('a kiosk take prints a ticket', async (t) => {
      hubKiosk = await dispenser(outer, hub, 'k2')
      const taken = ok(await hubKiosk.take('HJ-002'))
      ticket = taken.ticket
      t.equal(taken.printed, 'queued', 'sent to the kiosk’s printer')
      const printer = sys.district.printers?.printers.get('hub/p2')
      if (printer === undefined) throw new Error('no virtual printer hub/p2')
      const paper = await printer.waitForTicket(
        (p) => p.lines.some((l) => l.text === ticket),
        120_000,
      )
      const lines = paper.lines.map((l) => l.text)
      t.ok(lines.includes('澄湖区公安局行政服务中心'), 'the hall’s name, in Chinese')
      t.ok(lines.includes('您的号码 Your number'))
      t.ok(lines.includes('居民身份证换领'), 'the item')
      const number = paper.lines.find((l) => l.text === ticket)!
      t.ok(number.height >= 4, 'the number printed large')
      t.same(paper.qr, [`${cloud}/t/hub/${ticket}`], 'the QR code opens the ticket on a phone')
      t.equal(paper.cut, 'full', 'and the paper is cut')
      const file = sys.district.printers!.paperFile('hub', 'p2')
      await waitFor(() => existsSync(file) && readFileSync(file, 'utf8').includes(ticket), {
        what: 'the ticket in .data/printers',
        timeoutMs: 60_000,
      })
      t.pass('the ticket is in the printer’s paper file too')
    })

    const hallPage = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    watchPage(t, hallPage, 'hall screen')
    hallPage.setDefaultTimeout(120_000)
    await hallPage.goto(`${hub.httpUrl}/display/?voice=off`)

    await t.test('a keypad call shows on the window screen and the hall screen', async (t) => {
      const windowPage = await (await browser.newContext()).newPage()
      watchPage(t, windowPage, 'window screen')
      windowPage.setDefaultTimeout(120_000)
      await windowPage.goto(`${hub.httpUrl}/display/window/1`)
      await hallPage.waitForFunction(
        () => (globalThis as unknown as PageGlobals).__hall?.snapshot() !== undefined,
      )
      const keys = await caller(t, hub, '1')
      ok(await keys.openWindow())
      // Window 1 (one-stop) calls whoever is next; the arrivals' windows may have called the
      // kiosk's ticket already, so another number is taken while nobody waits.
      let number: string | undefined
      for (let i = 0; i < 20 && number === undefined; i++) {
        const r = await keys.call()
        if (r.ok) number = r.result.ticket
        else if (r.error.code === 'NO_TICKET') ok(await hubKiosk!.take('HJ-002'))
        else throw new Error(`call refused: ${r.error.code}`)
      }
      if (number === undefined) throw new Error('window 1 found nobody to call')
      const called = number
      ticket = called
      await windowPage.waitForFunction(
        (n) =>
          (globalThis as unknown as PageGlobals).document.querySelector('#window-ticket')
            ?.textContent === n,
        ticket,
      )
      t.match(await windowPage.textContent('#window-line'), `请 ${ticket} 号到1号窗口办理`)
      await hallPage.waitForFunction(
        (n) =>
          (globalThis as unknown as PageGlobals).__hall?.renders.some((r) => r.latest === n) ===
          true,
        ticket,
      )
      t.pass('the hall screen showed it as the latest call')
      const screen = hub.devices?.byId.get('w1') as WindowDisplay | undefined
      await waitFor(() => screen?.shown?.ticket === ticket, {
        what: 'the simulated window display told to show the ticket',
        timeoutMs: 60_000,
      })

      await t.test('the call reaches the cloud', async (t) => {
        const detail = await waitFor(
          async () => {
            const d = await cloudSite(cloud, session, 'hub')
            const w = d.windows.find((x) => x.no === '1')
            return w?.ticket === ticket && w.state === 'calling' ? d : undefined
          },
          {
            what: 'the cloud’s hub window 1 calling the ticket',
            intervalMs: 500,
            timeoutMs: 120_000,
          },
        )
        t.ok(
          detail.calls.some((c) => c.ticket === ticket && c.window === '1'),
          'in its calls',
        )
        const status = await getJson<VirtualTicketStatus>(
          `${cloud}/api/virtual-tickets/hub/${ticket}`,
        )
        t.match(status, { ticket, state: 'called', window: '1' })
      })
      ok(await keys.start())
      ok(await keys.complete())
    })

    await t.test('the cloud’s predictions and guidance come back to the hall screen', async (t) => {
      // A moment when people wait: every wait shown is the cloud's, in minutes.
      await hallPage.waitForFunction(
        () => {
          const g = globalThis as unknown as PageGlobals
          const s = g.__hall?.snapshot()
          return (
            s?.queues.some((q) => q.waiting > 0) &&
            s.queues.every((q) => q.wait.source === 'cloud') &&
            (g.document.querySelector('#queues')?.textContent ?? '').includes('分钟')
          )
        },
        undefined,
        { timeout: 180_000, polling: 250 },
      )
      t.pass('every wait on the hall screen is the cloud’s prediction, shown in minutes')
      const text = '今天下午出入境业务请到城关派出所办理'
      const sent = await fetch(`${cloud}/api/sites/hub/guidance`, {
        method: 'POST',
        headers: session.write,
        body: JSON.stringify({ text, textEn: 'Exit-entry this afternoon: Chengguan station' }),
      })
      t.equal(sent.status, 200, await sent.clone().text())
      await hallPage.waitForFunction(
        (x) =>
          (globalThis as unknown as PageGlobals).document
            .querySelector('#banner')
            ?.textContent?.includes(x) === true,
        text,
        { timeout: 180_000 },
      )
      const snapshot = await hallPage.evaluate(() =>
        (globalThis as unknown as PageGlobals).__hall?.snapshot(),
      )
      t.ok(
        snapshot?.guidance.some((g) => g.text === text),
        'the banner came as the cloud’s guidance to the hall',
      )
    })

    await t.test('a phone user takes a number at another hall', async (t) => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      })
      const page = await context.newPage()
      watchPage(t, page, 'phone')
      page.setDefaultTimeout(120_000)
      await page.goto(`${cloud}/m/`)
      await page.fill('[data-testid=search]', 'jmsfzhl')
      await page.click('[data-testid=results] button[data-item="HJ-002"]')
      const choice = page.locator('[data-testid=halls] button[data-site="st-03"]')
      await choice.waitFor()
      let number: string
      if (await choice.isEnabled()) {
        await choice.click()
        await page.waitForURL(/\/t\/st-03\/A\d{3}$/)
        number = new URL(page.url()).pathname.split('/').pop() as string
      } else {
        // Outside the hall's hours the page offers it as "not issuing now" (未到取号时间); the
        // phone API still takes (halls do not refuse numbers out of hours unless told to), and
        // the page follows the ticket it gave.
        t.match(await choice.textContent(), /未到取号时间/, 'the page says the hall is shut')
        const taken = (await page.evaluate(async () => {
          const res = await fetch('/api/virtual-tickets', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ site: 'st-03', item: 'HJ-002' }),
          })
          return { status: res.status, body: await res.json() }
        })) as { status: number; body: { ticket: string; links: { page: string } } }
        t.equal(taken.status, 201, 'taken through the phone API')
        number = taken.body.ticket
        await page.goto(new URL(taken.body.links.page, cloud).href)
      }
      await page.waitForSelector('[data-testid=number]')
      t.equal(await page.textContent('[data-testid=number]'), number, 'the phone shows its number')
      const atHall = await getJson<TicketStatus>(
        `${sys.hall('st-03').httpUrl}/api/tickets/${number}`,
      )
      t.match(atHall, { ticket: number, item: 'HJ-002' }, 'the hall issued it')
      const inCloud = await getJson<VirtualTicketStatus>(
        `${cloud}/api/virtual-tickets/st-03/${number}`,
      )
      t.equal(inCloud.channel, 'mobile', 'taken on a phone')
    })

    await t.test('a busy hall raises an alert that the console resolves', async (t) => {
      const point = sys.hall('pt-01')
      const kiosk = await dispenser(t, point, 'k1')
      for (let i = 0; i < 9; i++) ok(await kiosk.take('HJ-002'))
      const raised = await waitFor(
        async () =>
          (await getJson<AlertList>(`${cloud}/api/alerts?site=pt-01`, session.read)).alerts.find(
            (a) => a.rule === 'queue-long' && a.state === 'raised',
          ),
        { what: 'the queue-long alert at pt-01', intervalMs: 500, timeoutMs: 180_000 },
      )
      t.equal(raised.level, 'critical', 'nine waiting and no window open')
      const page = await (
        await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
      ).newPage()
      watchPage(t, page, 'console')
      page.setDefaultTimeout(120_000)
      await page.goto(`${cloud}/console/`)
      await page.fill('#login-user', 'admin')
      await page.fill('#login-password', 'chenghu-admin')
      await page.click('#login-submit')
      await page.waitForSelector('[data-testid=hall-table] tbody tr[data-site="pt-01"]')
      t.equal(
        await page.locator('[data-testid=hall-table] tbody tr').count(),
        5,
        'the console lists the five halls',
      )
      await page.click('nav a[href="#/alerts"]')
      const card = `[data-testid=alerts] article[data-alert="${raised.id}"]`
      await page.waitForSelector(`${card}[data-state=raised]`)
      t.match(await page.textContent(`${card} .alert-site`), /北渚镇/)
      await page.click(`${card} button[data-command=ack]`)
      await page.waitForSelector(`${card}[data-state=acknowledged]`)
      await page.locator(`${card} button[data-command=act]`).first().click()
      await page.waitForSelector(`${card}[data-state=acting]`)
      await page.click(`${card} button[data-command=resolve]`)
      await page.waitForSelector(card, { state: 'detached' })
      const done = await getJson<Alert>(`${cloud}/api/alerts/${raised.id}`, session.read)
      t.equal(done.state, 'resolved')
      t.same(
        done.life.map((x) => x.what).filter((w) => w !== 'notified' && w !== 'level'),
        ['raised', 'acknowledged', 'acted', 'resolved'],
        'each step of the loop, by the signed-in admin',
      )
    })

    await t.test(
      'faults: a hall killed, another cut off; the cloud equals the journals',
      async (t) => {
        if (hubKiosk === undefined) throw new Error('the hub’s kiosk did not start')
        const kiosk = hubKiosk
        const st02 = sys.hall('st-02')

        // The hub is killed outright while its kiosk is taking numbers.
        const restarted = new Promise<void>((resolve) =>
          hub.process.once('started', () => resolve()),
        )
        let answered = 0
        const takes = Array.from({ length: 20 }, () =>
          kiosk.take('HJ-001').then((r) => {
            answered++
            return r
          }),
        )
        await waitFor(() => answered >= 3, { what: 'the first answers', timeoutMs: 60_000 })
        hub.process.kill('SIGKILL')
        await restarted
        t.pass('the launcher restarted the killed hall')
        const results = await Promise.all(takes)
        const numbers = results.map((r) => ok(r).ticket)
        t.equal(new Set(numbers).size, 20, 'every take answered once, with its own number')

        // st-02 is cut off from NATS; its people keep coming; its own second kiosk takes five.
        link.cut()
        await waitFor(async () => (await edgeState(st02)).link.connected === false, {
          what: 'st-02 sees its link down',
          intervalMs: 250,
          timeoutMs: 60_000,
        })
        const cutAt = (await edgeState(st02)).seq
        const k2 = st02.devices?.byId.get('k2') as Dispenser
        for (let i = 0; i < 5; i++) ok(await k2.take('HJ-002'))
        const behind = await waitFor(
          async () => {
            const s = await edgeState(st02)
            return s.link.behindEvents >= 5 ? s : undefined
          },
          { what: 'st-02 behind by its new events', intervalMs: 500, timeoutMs: 60_000 },
        )
        t.ok(behind.seq >= cutAt + 5, 'the hall went on issuing while cut off')
        const screen = await getJson<HallSnapshot>(`${st02.httpUrl}/api/state`)
        t.equal(screen.link.connected, false, 'its screens say the cloud link is down')

        // The link comes back; both halls are restarted (SIGTERM: they drain and journal).
        link.restore()
        await st02.process.restart()
        await hub.process.restart()
        // Arrivals go on a little, then stop; the halls fall quiet.
        await waitFor(async () => (await edgeState(st02)).seq > behind.seq + 3, {
          what: 'more traffic at st-02 after the restart',
          intervalMs: 500,
          timeoutMs: 120_000,
        })
        await sys.district.traffic?.stop()

        // Running, caught up: per hall the cloud applied exactly the hall's seqs, and holds the
        // same open tickets in the same states.
        for (const [site, hall] of sys.district.halls) {
          const { edge, detail } = await waitFor(
            async () => {
              const before = await edgeState(hall)
              const detail = await cloudSite(cloud, session, site)
              const edge = await edgeState(hall)
              return before.seq === edge.seq &&
                detail.seq === edge.seq &&
                edge.link.connected &&
                edge.link.behindEvents === 0
                ? { edge, detail }
                : undefined
            },
            { what: `the cloud caught up with ${site}`, intervalMs: 500, timeoutMs: 240_000 },
          )
          t.equal(detail.applied, edge.seq, `${site}: events applied = last seq (${edge.seq})`)
          t.equal(detail.skipped, 0, `${site}: none passed over`)
          t.same(
            Object.fromEntries([...cloudOpenTickets(detail)].sort()),
            Object.fromEntries([...edgeOpenTickets(edge)].sort()),
            `${site}: the same open tickets in the same states`,
          )
        }

        // Stopped (each hall hands its last events over), the journals against the cloud.
        await Promise.all([...sys.district.halls.values()].map((h) => h.process.stop()))
        const journals = new Map<string, JournalSummary>()
        for (const [site, hall] of sys.district.halls) journals.set(site, await readJournal(hall))
        for (const [site, journal] of journals) {
          t.ok(journal.gapless, `${site}: the journal's seqs run 1..${journal.lastSeq}`)
          const ckpt = await waitFor(
            async () => {
              const d = await cloudSite(cloud, session, site)
              return d.seq === journal.lastSeq ? d : undefined
            },
            { what: `${site}'s last events in the cloud`, intervalMs: 500, timeoutMs: 120_000 },
          )
          t.equal(ckpt.applied, journal.lastSeq, `${site}: applied = the journal's last seq`)
          for (const [day, counts] of journal.days)
            t.same(
              await cloudDay(cloud, session, site, day),
              counts,
              `${site} ${day}: issued, served, no-shows, cancelled, transfers, recalls, ratings`,
            )
        }
        const issuedAtHub = new Set(
          [...(journals.get('hub')?.tickets.values() ?? [])].flatMap((s) => [...s]),
        )
        t.ok(
          numbers.every((n) => issuedAtHub.has(n)),
          'every number the killed hub gave out is in its journal',
        )
      },
    )
  })
