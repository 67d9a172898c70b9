import type {
  Alert,
  AlertList,
  PredictionAccuracy,
  SiteActionResult,
  SiteDetail,
  SitePredictions,
  SiteTrend,
} from '@qms/protocol'
import { accuracyOption, trendOption } from '../../src/console/view/charts.js'
import { hallPredictedWait } from '../../src/console/view/district.js'
import {
  agoText,
  countText,
  minutesText,
  NONE,
  ratingText,
  shareText,
} from '../../src/console/view/format.js'
import {
  closedWindows,
  devicesView,
  orderWindows,
  queueRows,
  ratingsView,
  WINDOW_COLOURS,
} from '../../src/console/view/hall.js'
import { tDynamic } from '../../src/console/view/i18n.js'
import { LOAD_COLOURS, loadLevel } from '../../src/console/view/load.js'
import { ApiError, api } from '../shared/api.js'
import { fill, h } from '../shared/dom.js'
import { alertCard } from './alerts-view.js'
import { type App, itemName, outcome, poll } from './app.js'
import type { Chart } from './charts.js'
import { kpi } from './kpi.js'

/*
 * One hall: its figures, windows, queue, ratings, devices and link, today's trend and how well
 * the waits told came true, its open alerts, and the manager's actions on it.
 */

export function hallView(app: App, root: HTMLElement, site: string): () => void {
  const title = h('h2', { text: site })
  const linkPill = h('span', { class: 'pill', data: { testid: 'link' } })
  const figures = h('section', { class: 'kpis', data: { testid: 'hall-kpis' } })
  const windows = h('div', { class: 'windows', data: { testid: 'windows' } })
  const queue = h('tbody')
  const ratings = h('div', { class: 'ratings', data: { testid: 'ratings' } })
  const devices = h('div', { class: 'devices', data: { testid: 'devices' } })
  const linkInfo = h('div', { class: 'link-info' })
  const alerts = h('div', { class: 'alert-list', data: { testid: 'hall-alerts' } })
  const trendEl = h('div', { class: 'chart', data: { testid: 'trend-chart' } })
  const accEl = h('div', { class: 'chart', data: { testid: 'accuracy-chart' } })
  const accText = h('p', { class: 'muted' })
  const actions = h('section', { class: 'panel actions', data: { testid: 'actions' } })
  const back =
    app.session.role === 'district-admin'
      ? h('a', { class: 'back', text: `← ${app.w('district')}`, attrs: { href: '#/district' } })
      : undefined

  fill(
    root,
    h('div', { class: 'hall-head' }, back, title, linkPill),
    figures,
    h(
      'div',
      { class: 'hall-grid' },
      h('section', { class: 'panel wide' }, h('h3', { text: app.w('windows') }), windows),
      h(
        'section',
        { class: 'panel' },
        h('h3', { text: app.w('queue') }),
        h(
          'table',
          { class: 'queue', data: { testid: 'queue' } },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { text: app.w('item') }),
              h('th', { text: app.w('waiting') }),
              h('th', { text: app.w('firstTickets') }),
            ),
          ),
          queue,
        ),
      ),
      h('section', { class: 'panel' }, h('h3', { text: app.w('alerts') }), alerts),
      h('section', { class: 'panel' }, h('h3', { text: app.w('trend') }), trendEl),
      h('section', { class: 'panel' }, h('h3', { text: app.w('accuracy') }), accEl, accText),
      h('section', { class: 'panel' }, h('h3', { text: app.w('ratings') }), ratings),
      h(
        'section',
        { class: 'panel' },
        h('h3', { text: app.w('devices') }),
        devices,
        h('h3', { text: app.w('link') }),
        linkInfo,
      ),
      actions,
    ),
  )

  let trendChart: Chart | undefined
  let accChart: Chart | undefined
  let forbidden = false

  const drawDetail = (d: SiteDetail, predictedMin: number | null) => {
    const lang = app.lang
    const name = lang === 'en' && d.nameEn !== undefined ? d.nameEn : (d.name ?? d.id)
    title.textContent = name
    hallName = name
    const level = loadLevel({
      waiting: d.waiting,
      windowsOpen: d.windowsOpen,
      predictedMin,
      connected: d.link.connected,
    })
    linkPill.textContent = `${tDynamic(lang, `load.${level}`)}`
    linkPill.style.setProperty('background', LOAD_COLOURS[level])
    const today = d.today
    fill(
      figures,
      kpi(app.w('waiting'), countText(d.waiting)),
      kpi(app.w('meanWait'), minutesText(today?.wait.meanMin, lang)),
      kpi(app.w('predictedWait'), minutesText(predictedMin, lang)),
      kpi(app.w('windowsOpen'), countText(d.windowsOpen)),
      kpi(app.w('selfService'), shareText(today?.selfServiceShare)),
      kpi(app.w('satisfaction'), ratingText(today?.ratings.mean)),
      kpi(app.w('issuedToday'), countText(d.issuedToday)),
      kpi(app.w('servedToday'), countText(today?.served ?? 0)),
    )
    fill(
      windows,
      ...orderWindows(d.windows).map((w) =>
        h(
          'div',
          { class: `window state-${w.state}`, data: { no: w.no, state: w.state } },
          h('div', { class: 'window-no', text: w.name ?? `${w.no}` }),
          h('div', {
            class: 'window-state',
            text: tDynamic(lang, `window.${w.state}`),
            style: { background: WINDOW_COLOURS[w.state] },
          }),
          h('div', { class: 'window-ticket', text: w.ticket ?? '' }),
          w.staff === undefined ? undefined : h('div', { class: 'muted small', text: w.staff }),
        ),
      ),
    )
    const rows = queueRows(d.queues, Date.now())
    fill(
      queue,
      ...(rows.length === 0
        ? [h('tr', {}, h('td', { class: 'muted', text: app.w('noData'), attrs: { colspan: '3' } }))]
        : rows.map((r) =>
            h(
              'tr',
              { data: { item: r.item } },
              h('td', { text: itemName(app, r.item) }),
              h('td', { class: 'num', text: countText(r.waiting) }),
              h('td', { class: 'tickets', text: r.next.join('  ') }),
            ),
          )),
    )
    const rv = ratingsView(today)
    fill(
      ratings,
      h('div', { class: 'rating-mean', text: ratingText(rv.mean) }),
      h('div', { class: 'muted small', text: `${app.w('ratingCount')} ${rv.count}` }),
      ...rv.scores.map((s) =>
        h(
          'div',
          { class: 'rating-row' },
          h('span', { text: '★'.repeat(s.score) }),
          h(
            'span',
            { class: 'bar' },
            h('i', { style: { width: `${Math.round(s.share * 100)}%` } }),
          ),
          h('span', { class: 'num', text: String(s.count) }),
        ),
      ),
    )
    const dv = devicesView(d.devices)
    fill(
      devices,
      h(
        'div',
        {},
        h('span', { class: 'pill ok', text: `${app.w('online')} ${dv.online.length}` }),
        ' ',
        h('span', {
          class: `pill ${dv.offline.length > 0 ? 'bad' : ''}`,
          text: `${app.w('offline')} ${dv.offline.length}`,
        }),
      ),
      h(
        'ul',
        { class: 'device-list' },
        ...dv.offline.map((x) =>
          h('li', { class: 'bad', text: `${x.id}${x.kind ? ` · ${x.kind}` : ''}` }),
        ),
        ...dv.faulty.map((x) =>
          h('li', { class: 'warn', text: `${x.id} · ${x.faults.join(', ')}` }),
        ),
      ),
    )
    fill(
      linkInfo,
      h('span', {
        class: `pill ${d.link.connected ? 'ok' : 'bad'}`,
        text: d.link.connected ? app.w('linkUp') : app.w('linkDown'),
      }),
      h('div', {
        class: 'small',
        text: `${app.w('lastSeen')}: ${d.link.seenAt === undefined ? NONE : agoText(d.link.seenAt, Date.now(), lang)}`,
      }),
      h('div', { class: 'small', text: `${app.w('pending')}: ${d.link.pendingEvents}` }),
      d.link.gapFrom === undefined
        ? undefined
        : h('div', { class: 'small warn', text: app.w('gap') }),
    )
  }

  let hallName: string | undefined
  const drawAlerts = (list: Alert[]) => {
    const own = list.filter((a) => a.site === site)
    fill(
      alerts,
      ...(own.length === 0
        ? [h('p', { class: 'muted', text: app.w('noAlerts') })]
        : own.map((a) => alertCard(app, a, hallName, () => live.now()))),
    )
  }

  // The actions: built once (a refresh must not wipe what the manager is typing).
  const note = h('span', { class: 'note', data: { testid: 'action-note' } })
  const act = async (path: string, body: unknown) => {
    note.textContent = '…'
    try {
      await api<SiteActionResult>(`/api/sites/${encodeURIComponent(site)}/${path}`, {
        method: 'POST',
        body,
      })
      note.textContent = outcome(app, undefined)
      live.now()
    } catch (err) {
      note.textContent = outcome(app, err)
    }
  }
  const text = h('input', {
    attrs: { maxlength: '200', placeholder: app.w('guidanceText'), name: 'guidance' },
  })
  const textEn = h('input', {
    attrs: { maxlength: '300', placeholder: app.w('guidanceTextEn'), name: 'guidanceEn' },
  })
  const windowChoice = h('select', { attrs: { name: 'window' } })
  fill(
    actions,
    h('h3', { text: app.w('actions') }),
    h(
      'form',
      {
        class: 'action-row',
        on: {
          submit: (e) => {
            e.preventDefault()
            if (text.value.trim() === '') return
            void act('guidance', {
              text: text.value.trim(),
              ...(textEn.value.trim() === '' ? {} : { textEn: textEn.value.trim() }),
            })
          },
        },
      },
      h('label', { text: app.w('guidance') }),
      text,
      textEn,
      h('button', {
        text: app.w('send'),
        attrs: { type: 'submit' },
        data: { testid: 'send-guidance' },
      }),
    ),
    h(
      'div',
      { class: 'action-row' },
      h('label', { text: app.w('diversion') }),
      h('button', {
        text: app.w('diversionOn'),
        data: { testid: 'diversion-on' },
        on: { click: () => void act('diversion', { on: true }) },
      }),
      h('button', {
        class: 'secondary',
        text: app.w('diversionOff'),
        data: { testid: 'diversion-off' },
        on: { click: () => void act('diversion', { on: false }) },
      }),
    ),
    h(
      'div',
      { class: 'action-row' },
      h('label', { text: app.w('openWindow') }),
      windowChoice,
      h('button', {
        text: app.w('send'),
        data: { testid: 'open-window' },
        on: {
          click: () =>
            void act(
              'open-window',
              windowChoice.value === '' ? {} : { window: windowChoice.value },
            ),
        },
      }),
    ),
    note,
  )
  const drawWindowChoice = (d: SiteDetail) => {
    const current = windowChoice.value
    fill(
      windowChoice,
      h('option', { text: app.w('anyWindow'), attrs: { value: '' } }),
      ...closedWindows(d).map((w) => h('option', { text: w.name ?? w.no, attrs: { value: w.no } })),
    )
    windowChoice.value = current
    if (windowChoice.value !== current) windowChoice.value = ''
  }

  const live = poll(app, 5_000, async () => {
    if (forbidden) return
    let d: SiteDetail
    try {
      d = await api<SiteDetail>(`/api/sites/${encodeURIComponent(site)}`)
    } catch (err) {
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        forbidden = true
        fill(
          root,
          h('p', {
            class: 'error big',
            data: { testid: 'forbidden' },
            text: err.status === 403 ? app.w('forbidden') : app.w('noData'),
          }),
        )
        return
      }
      throw err
    }
    const [predictions, alertList] = await Promise.all([
      api<SitePredictions>(`/api/predictions?site=${encodeURIComponent(site)}`).catch(
        () => undefined,
      ),
      api<AlertList>(`/api/alerts?site=${encodeURIComponent(site)}`).catch(() => undefined),
    ])
    const waiting = Object.fromEntries(d.queues.map((q) => [q.item, q.waiting]))
    drawDetail(d, hallPredictedWait(predictions?.items, waiting))
    drawWindowChoice(d)
    drawAlerts(alertList?.alerts ?? [])
  })

  const charts = poll(app, 60_000, async () => {
    if (forbidden) return
    const [trend, accuracy] = await Promise.all([
      api<SiteTrend>(`/api/sites/${encodeURIComponent(site)}/trend`).catch(() => undefined),
      api<PredictionAccuracy>(`/api/sites/${encodeURIComponent(site)}/accuracy`).catch(
        () => undefined,
      ),
    ])
    if (forbidden) return
    if (trend === undefined && accuracy === undefined) return
    // ECharts is a chunk of its own, fetched the first time a chart is drawn.
    const { chart } = await import('./charts.js')
    if (forbidden) return
    if (trend !== undefined) {
      trendChart ??= chart(trendEl)
      trendChart.set(trendOption(trend, app.lang))
    }
    if (accuracy !== undefined) {
      accChart ??= chart(accEl)
      accChart.set(accuracyOption(accuracy, app.lang))
      accText.textContent = `${app.w('meanAbsError')} ${minutesText(accuracy.meanAbsErrorMin, app.lang)} · ${app.w('coverage80')} ${shareText(accuracy.coverage80)} · n=${accuracy.count}`
    }
  })

  return () => {
    live.stop()
    charts.stop()
    trendChart?.dispose()
    accChart?.dispose()
  }
}
