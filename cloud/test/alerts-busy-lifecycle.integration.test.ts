import { jetstream } from '@nats-io/jetstream'
import type { Alert } from '@qms/protocol'
import { connectNats, uniqueNatsNames, uniqueRedisPrefix, waitFor } from '@qms/test'
import t from 'tap'
import { consolePlugin } from '../src/console/plugin.js'
import { DEMO, signIn } from './helpers/console.js'
import { liveCatalogue, liveHall, SimHall, startLiveCloud } from './helpers/live.js'

/*
 * A busy hall's events raise a busy-window alert: the hall's staff get the reminder, nobody
 * acknowledges so it escalates (a BullMQ delayed job, short delays here), a manager acknowledges,
 * acts (open window 2: the hall gets the `openWindow` command) and resolves. Its life is kept and
 * counted; the same condition is not raised twice; a condition that goes away clears its alert.
 */

t.test(
  'an alert’s life: raised, reminded, escalated, acknowledged, acted on, resolved',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const nc = await connectNats(t)
    const hub = liveHall('hub', [{ no: '1' }, { no: '2' }], {
      location: { lat: 30.75, lng: 120.75 },
    })
    const st01 = liveHall('st-01', [{ no: '1' }], { location: { lat: 31.5, lng: 121.5 } })
    const { cloud, live } = await startLiveCloud(t, {
      names,
      prefix,
      halls: [hub, st01],
      config: { jobs: { enabled: true, predictionEveryMs: 0 } },
      plugins: [consolePlugin()],
      live: {
        settings: {
          runs: 16,
          workers: 0,
          refreshDebounceMs: 100,
          alertDebounceMs: 50,
          escalateAfterMs: [300, 3_600_000],
        },
        // Only the rules this test follows: eleven waiting at one window is also a long predicted
        // wait (wait-long), a second alert whose timing rests on the predictions' refresh.
        thresholds: { unattendedMinutes: 0, waitMinutes: [100_000, 100_000] },
      },
    })
    const app = cloud.app
    const js = jetstream(nc)
    const sim = new SimHall(js, names, hub, liveCatalogue())
    const other = new SimHall(js, names, st01, liveCatalogue())
    await sim.readCommands(t)
    await other.readCommands(t)
    const admin = await signIn(app, DEMO.admin)
    const manager = await signIn(app, DEMO.hub)
    const stranger = await signIn(app, DEMO.st01)

    await sim.open('1')
    for (let i = 0; i < 10; i++) await sim.take('I10')
    const listed = await waitFor(
      async () => {
        const r = await app.inject({ url: '/api/alerts?site=hub', headers: admin.read })
        return r.json().alerts?.length > 0 ? r.json() : undefined
      },
      { what: 'the alert raised' },
    )
    const raised: Alert = listed.alerts[0]
    t.match(raised, {
      rule: 'queue-long',
      key: 'queue-long:hub:ID',
      site: 'hub',
      category: 'ID',
      state: 'raised',
    })
    t.ok(raised.value >= 8, 'raised once eight wait at one window')
    t.match(raised.suggestions[0], { kind: 'open-window', window: '2' })
    const reminder = await sim.command('notice', (c) => c.data.alertId === raised.id)
    t.match(reminder.data.text, /^【预警】/, 'the hall’s staff are reminded')

    const escalated = await waitFor(
      async () => {
        const r = await app.inject({ url: `/api/alerts/${raised.id}`, headers: admin.read })
        return r.json().escalations === 1 ? (r.json() as Alert) : undefined
      },
      { what: 'the escalation', timeoutMs: 20_000 },
    )
    t.equal(escalated.level, 'critical', 'unacknowledged, it goes up a level')
    await sim.command(
      'notice',
      (c) => c.data.alertId === raised.id && c.data.text.startsWith('【预警升级】'),
    )

    // Who may touch it: signed in, with the CSRF token, for this hall.
    const ack = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: `/api/alerts/${raised.id}/ack`, headers, payload: {} })
    t.equal(
      (await app.inject({ method: 'POST', url: `/api/alerts/${raised.id}/ack`, payload: {} }))
        .statusCode,
      401,
    )
    t.equal((await ack(manager.read)).json().code, 'CSRF')
    const forbidden = await ack(stranger.write)
    t.equal(forbidden.statusCode, 403)
    t.match(forbidden.json(), { code: 'FORBIDDEN' })
    const acked = await ack(manager.write)
    t.equal(acked.statusCode, 200)
    t.match(acked.json(), { state: 'acknowledged', acknowledgedBy: 'hub' })
    t.equal((await ack(manager.write)).statusCode, 409, 'acknowledged once')

    const act = (payload: object) =>
      app.inject({
        method: 'POST',
        url: `/api/alerts/${raised.id}/act`,
        headers: manager.write,
        payload,
      })
    for (const [payload, code] of [
      [{ action: 'teleport' }, 'BAD_REQUEST'],
      [{ action: 'open-window', window: '9' }, 'UNKNOWN_WINDOW'],
      [{ action: 'move-staff', fromSite: 'hub' }, 'BAD_REQUEST'],
      [{ action: 'move-staff', fromSite: 'st-01' }, 'FORBIDDEN'],
    ] as const) {
      t.equal((await act(payload)).json().code, code, JSON.stringify(payload))
    }
    const acted = await act({ action: 'open-window', note: '窗口2请立即开放' })
    t.equal(acted.statusCode, 200)
    t.equal(acted.json().state, 'acting')
    const open = await sim.command('openWindow', (c) => c.data.alertId === raised.id)
    t.equal(open.data.window, '2', 'the suggested window')
    t.match(open.data.text, /请开放2号窗口/)

    const resolved = await app.inject({
      method: 'POST',
      url: `/api/alerts/${raised.id}/resolve`,
      headers: manager.write,
      payload: { note: '已增开2号窗口' },
    })
    t.equal(resolved.statusCode, 200)
    const life: Alert = resolved.json()
    t.equal(life.state, 'resolved')
    // (`level` steps come in when more people join while it is raised.)
    t.same(
      life.life.map((e) => e.what).filter((w) => w !== 'level'),
      ['raised', 'notified', 'escalated', 'notified', 'acknowledged', 'acted', 'resolved'],
      'its whole life is kept',
    )
    t.match(
      life.life.find((e) => e.what === 'acted'),
      { by: 'hub', action: { action: 'open-window' } },
    )
    const again = await app.inject({
      method: 'POST',
      url: `/api/alerts/${raised.id}/resolve`,
      headers: manager.write,
      payload: {},
    })
    t.equal(again.statusCode, 409)
    t.match(again.json(), { code: 'CONFLICT' })

    // The condition still holds: evaluated again, it is not raised a second time.
    await sim.take('I10')
    await live.evaluator.now('hub')
    const still = await app.inject({ url: '/api/alerts?site=hub', headers: admin.read })
    t.equal(still.json().total, 1, 'the same condition is one alert')

    const metric = async (name: string) =>
      await cloud.metrics.registry.getSingleMetricAsString(name)
    t.match(await metric('qms_cloud_alerts_raised_total'), /rule="queue-long"[^}]*\} 1/)
    t.match(await metric('qms_cloud_alerts_escalated_total'), /rule="queue-long"[^}]*\} 1/)
    t.match(await metric('qms_cloud_alerts_closed_total'), /how="resolved"[^}]*\} 1/)
    const trend = await app.inject({ url: '/api/sites/hub/trend?days=2', headers: manager.read })
    t.equal(trend.statusCode, 200)
    t.equal(trend.json().days.at(-1).alerts, 1, 'counted in the hall’s day')
    t.equal(trend.json().days.at(-1).issued, 11)

    // Another hall: an open window nobody sits at — raised with a reminder to that window, then
    // cleared (its life kept) when someone sits down.
    await other.open('1')
    await other.run({ op: 'presence', window: '1', present: false, reqId: other.rid() })
    const unattended = await waitFor(
      async () => {
        const r = await app.inject({ url: '/api/alerts?site=st-01', headers: stranger.read })
        return r.json().alerts?.[0] as Alert | undefined
      },
      { what: 'the unattended window' },
    )
    t.match(unattended, { rule: 'window-unattended', window: '1', state: 'raised' })
    const pointed = await other.command('notice', (c) => c.data.alertId === unattended.id)
    t.equal(pointed.data.window, '1', 'the reminder goes to that window')
    await other.run({ op: 'presence', window: '1', present: true, reqId: other.rid() })
    const cleared = await waitFor(async () => {
      const r = await app.inject({ url: `/api/alerts/${unattended.id}`, headers: admin.read })
      return r.json().state === 'cleared' ? (r.json() as Alert) : undefined
    })
    t.ok(cleared.clearedAt)
    t.same(cleared.life.map((e) => e.what).at(-1), 'cleared')
    t.match(await metric('qms_cloud_alerts_closed_total'), /how="cleared"[^}]*\} 1/)
    const hidden = await app.inject({ url: `/api/alerts/${unattended.id}`, headers: manager.read })
    t.equal(hidden.statusCode, 403, 'a hall manager does not see another hall’s alert')
    const mineOnly = await app.inject({ url: '/api/alerts', headers: manager.read })
    t.ok(mineOnly.json().alerts.every((a: Alert) => a.site === 'hub'))
    for (const [url, code] of [
      ['/api/alerts/nope-1', 'NOT_FOUND'],
      ['/api/alerts?state=bogus', 'BAD_REQUEST'],
      ['/api/alerts?site=st-01', 'FORBIDDEN'],
    ] as const) {
      t.equal((await app.inject({ url, headers: manager.read })).json().code, code, url)
    }
  },
)

t.test('managers act on a hall: diversion, guidance text, a window opened', async (t) => {
  const names = uniqueNatsNames(t)
  const prefix = uniqueRedisPrefix(t)
  const nc = await connectNats(t)
  const hub = liveHall('hub', [{ no: '1' }, { no: '2' }])
  const st01 = liveHall('st-01', [{ no: '1' }])
  const { cloud } = await startLiveCloud(t, {
    names,
    prefix,
    halls: [hub, st01],
    plugins: [consolePlugin()],
    live: { settings: { runs: 16, workers: 0 } },
  })
  const app = cloud.app
  const sim = new SimHall(jetstream(nc), names, hub, liveCatalogue())
  await sim.readCommands(t)
  const manager = await signIn(app, DEMO.hub)
  const stranger = await signIn(app, DEMO.st01)
  const post = (url: string, payload: object, headers = manager.write) =>
    app.inject({ method: 'POST', url, headers, payload })

  const diversion = await post('/api/sites/hub/diversion', { on: true })
  t.equal(diversion.statusCode, 200)
  const config = await sim.command('config', (c) => c.id === diversion.json().command)
  t.same(config.data, { diversion: true })
  await sim.command('guidance')

  const text = await post('/api/sites/hub/guidance', {
    text: '今日下午户籍业务窗口增开',
    textEn: 'More windows this afternoon',
    until: new Date(Date.now() + 3_600_000).toISOString(),
  })
  t.equal(text.statusCode, 200)
  const banner = await sim.command('guidance', (c) => c.id === text.json().command)
  t.match(banner.data.items[0], { kind: 'notice', text: '今日下午户籍业务窗口增开' })

  const opened = await post('/api/sites/hub/open-window', { window: '2', note: '请尽快' })
  t.equal(opened.statusCode, 200)
  const cmd = await sim.command('openWindow', (c) => c.id === opened.json().command)
  t.match(cmd.data, { window: '2', text: /2号窗口.*请尽快/ })

  for (const [url, payload, status, code] of [
    ['/api/sites/hub/open-window', { window: '99' }, 404, 'UNKNOWN_WINDOW'],
    ['/api/sites/hub/diversion', { on: 'yes' }, 400, 'BAD_REQUEST'],
    ['/api/sites/hub/guidance', { text: '' }, 400, 'BAD_REQUEST'],
    ['/api/sites/hub/guidance', { text: 'x', until: '2001-01-01T00:00:00Z' }, 400, 'BAD_REQUEST'],
  ] as const) {
    const r = await post(url, payload)
    t.equal(r.statusCode, status, `${url} ${JSON.stringify(payload)}`)
    t.equal(r.json().code, code)
  }
  t.equal((await post('/api/sites/hub/diversion', { on: false }, stranger.write)).statusCode, 403)
  const acc = await app.inject({ url: '/api/sites/hub/accuracy', headers: manager.read })
  t.equal(acc.statusCode, 200)
  t.match(acc.json(), { site: 'hub', count: Number, points: Array })
})
