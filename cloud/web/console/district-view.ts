import type { ConsoleOverview, PublicHallList } from '@qms/protocol'
import {
  districtTotals,
  type HallRow,
  hallPredictedWait,
  hallRows,
  mapLayout,
} from '../../src/console/view/district.js'
import {
  countText,
  minutesText,
  NONE,
  ratingText,
  shareText,
} from '../../src/console/view/format.js'
import { tDynamic } from '../../src/console/view/i18n.js'
import { LOAD_COLOURS, LOAD_ORDER } from '../../src/console/view/load.js'
import { ApiError, api } from '../shared/api.js'
import { fill, h } from '../shared/dom.js'
import { type App, poll } from './app.js'
import { kpi } from './kpi.js'

/*
 * The district view: the district's figures, a map with every hall coloured by its load, and
 * the halls in order of urgency. Refreshed every five seconds.
 */

const MAP_ASPECT = 1.6

export function districtView(app: App, root: HTMLElement): () => void {
  const figures = h('section', { class: 'kpis', data: { testid: 'district-kpis' } })
  const map = h('div', { class: 'map', data: { testid: 'map' } })
  const legend = h('div', { class: 'legend' })
  const table = h('tbody')
  const stamp = h('span', { class: 'muted stamp' })
  fill(
    root,
    h('h2', { text: app.w('district') }, stamp),
    figures,
    h(
      'div',
      { class: 'district-grid' },
      h('section', { class: 'panel' }, h('h3', { text: app.w('map') }), map, legend),
      h(
        'section',
        { class: 'panel' },
        h('h3', { text: app.w('halls') }),
        h(
          'div',
          { class: 'halls-wrap' },
          h(
            'table',
            { class: 'halls', data: { testid: 'hall-table' } },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...(
                  [
                    'hall',
                    'load',
                    'waiting',
                    'windowsOpen',
                    'meanWait',
                    'predictedWait',
                    'selfService',
                    'satisfaction',
                  ] as const
                ).map((k) => h('th', { text: app.w(k) })),
              ),
            ),
            table,
          ),
        ),
      ),
    ),
  )
  fill(
    legend,
    ...LOAD_ORDER.map((level) =>
      h(
        'span',
        { class: 'legend-item' },
        h('i', { class: 'dot', style: { background: LOAD_COLOURS[level] } }),
        tDynamic(app.lang, `load.${level}`),
      ),
    ),
  )

  let predictionsMissing = false
  const draw = (overview: ConsoleOverview, predicted: Map<string, number | null>) => {
    const rows = hallRows(overview.halls, predicted)
    const totals = districtTotals(overview.halls, rows)
    const lang = app.lang
    fill(
      figures,
      kpi(app.w('waiting'), countText(totals.waiting)),
      kpi(app.w('meanWait'), minutesText(totals.meanWaitMin, lang)),
      kpi(app.w('predictedWait'), minutesText(totals.predictedMin, lang)),
      kpi(app.w('windowsOpen'), countText(totals.windowsOpen)),
      kpi(app.w('selfService'), shareText(totals.selfServiceShare)),
      kpi(app.w('satisfaction'), ratingText(totals.ratingMean)),
      kpi(app.w('issuedToday'), countText(totals.issuedToday)),
    )
    drawMap(rows)
    fill(table, ...rows.map((r) => hallRow(r)))
    stamp.textContent = ` · ${app.w('updated')} ${new Date(overview.at).toLocaleTimeString('en-GB', { timeZone: app.timeZone })}`
  }

  const nameOf = (r: HallRow) => (app.lang === 'en' && r.nameEn !== undefined ? r.nameEn : r.name)
  const open = (r: HallRow) => app.go({ view: 'hall', site: r.id })

  const drawMap = (rows: HallRow[]) => {
    const points = new Map(mapLayout(rows, MAP_ASPECT).map((p) => [p.id, p]))
    const dots = rows
      .filter((r) => points.has(r.id))
      .map((r) => {
        const p = points.get(r.id)!
        const size = Math.round(14 + Math.min(26, Math.sqrt(r.waiting) * 4))
        return h(
          'button',
          {
            class: `hall-dot kind-${r.kind ?? 'hall'}`,
            title: `${nameOf(r)} · ${app.w('waiting')} ${r.waiting}`,
            data: { site: r.id, level: r.level },
            style: {
              left: `${(p.x * 100).toFixed(2)}%`,
              top: `${(p.y * 100).toFixed(2)}%`,
              width: `${size}px`,
              height: `${size}px`,
              background: LOAD_COLOURS[r.level],
            },
            on: { click: () => open(r) },
          },
          h('span', {
            class: 'dot-label',
            text: r.kind === 'hub' || r.waiting > 0 ? nameOf(r) : '',
          }),
        )
      })
    fill(map, ...dots)
  }

  const hallRow = (r: HallRow) =>
    h(
      'tr',
      { data: { site: r.id }, on: { click: () => open(r) } },
      h(
        'td',
        { class: 'hall-name' },
        h('a', { text: nameOf(r), attrs: { href: `#/hall/${r.id}` } }),
      ),
      h(
        'td',
        {},
        h('span', {
          class: 'pill',
          text: tDynamic(app.lang, `load.${r.level}`),
          style: { background: LOAD_COLOURS[r.level] },
        }),
      ),
      h('td', { class: 'num', text: countText(r.waiting) }),
      h('td', { class: 'num', text: countText(r.windowsOpen) }),
      h('td', { class: 'num', text: minutesText(r.meanWaitMin, app.lang) }),
      h('td', { class: 'num', text: minutesText(r.predictedMin, app.lang) }),
      h('td', { class: 'num', text: shareText(r.selfServiceShare) }),
      h('td', { class: 'num', text: r.ratingMean === null ? NONE : r.ratingMean.toFixed(2) }),
    )

  const poller = poll(app, 5_000, async () => {
    const [overview, halls] = await Promise.all([
      api<ConsoleOverview>('/api/console/overview'),
      predictionsMissing
        ? Promise.resolve(undefined)
        : api<PublicHallList>('/api/halls').catch((err: unknown) => {
            // Predictions come from the live cloud; without it the map still shows the queues.
            if (err instanceof ApiError && err.status === 404) predictionsMissing = true
            return undefined
          }),
    ])
    const queues = new Map(overview.halls.map((hl) => [hl.id, hl.waitingByItem]))
    const predicted = new Map(
      (halls?.halls ?? []).map(
        (hl) => [hl.id, hallPredictedWait(hl.items, queues.get(hl.id))] as const,
      ),
    )
    draw(overview, predicted)
  })
  return () => poller.stop()
}
