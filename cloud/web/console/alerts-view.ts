import type { Alert, AlertList, ConsoleOverview } from '@qms/protocol'
import {
  type AlertCommand,
  actionOf,
  commandsFor,
  isOpen,
  orderAlerts,
} from '../../src/console/view/alerts.js'
import { agoText, clockText } from '../../src/console/view/format.js'
import { tDynamic } from '../../src/console/view/i18n.js'
import { api } from '../shared/api.js'
import { fill, h } from '../shared/dom.js'
import { type App, outcome, poll } from './app.js'

/*
 * Busy-window alerts (工位繁忙预警) and the loop a manager closes on each: acknowledge, act on
 * one of the suggested actions, resolve. The list refreshes every five seconds.
 */

const PATHS: Record<AlertCommand, string> = { ack: 'ack', act: 'act', resolve: 'resolve' }

/** One alert with the buttons its state allows. `onChange` runs after a command succeeded. */
export function alertCard(
  app: App,
  a: Alert,
  siteName: string | undefined,
  onChange: () => void,
): HTMLElement {
  const lang = app.lang
  const note = h('span', { class: 'note' })
  const send = async (command: AlertCommand, body: unknown) => {
    note.textContent = '…'
    try {
      await api(`/api/alerts/${encodeURIComponent(a.id)}/${PATHS[command]}`, {
        method: 'POST',
        body,
      })
      note.textContent = outcome(app, undefined)
      onChange()
    } catch (err) {
      note.textContent = outcome(app, err)
    }
  }
  const commands = commandsFor(a)
  const buttons: HTMLElement[] = []
  if (commands.includes('ack'))
    buttons.push(
      h('button', {
        text: app.w('acknowledge'),
        data: { command: 'ack' },
        on: { click: () => void send('ack', {}) },
      }),
    )
  if (commands.includes('act'))
    for (const s of a.suggestions) {
      const action = actionOf(s)
      if (action === undefined) continue
      buttons.push(
        h('button', {
          class: 'secondary',
          text: `${app.w('act')}: ${lang === 'en' ? s.textEn : s.text}`,
          data: { command: 'act', action: action.action },
          on: { click: () => void send('act', action) },
        }),
      )
    }
  if (commands.includes('resolve'))
    buttons.push(
      h('button', {
        text: app.w('resolve'),
        data: { command: 'resolve' },
        on: { click: () => void send('resolve', {}) },
      }),
    )
  return h(
    'article',
    {
      class: `alert level-${a.level} ${isOpen(a) ? 'open' : 'closed'}`,
      data: { alert: a.id, state: a.state },
    },
    h(
      'div',
      { class: 'alert-head' },
      h('span', { class: `pill level-${a.level}`, text: tDynamic(lang, `level.${a.level}`) }),
      h('span', { class: 'alert-site', text: siteName ?? a.site }),
      a.window === undefined
        ? undefined
        : h('span', { class: 'muted', text: `${app.w('window')} ${a.window}` }),
      h('span', { class: 'alert-state', text: tDynamic(lang, `alert.${a.state}`) }),
      h('span', {
        class: 'muted small',
        text: `${clockText(a.raisedAt, app.timeZone)} · ${agoText(a.raisedAt, Date.now(), lang)}`,
      }),
    ),
    h('p', { class: 'alert-text', text: lang === 'en' ? a.textEn : a.text }),
    buttons.length === 0 ? undefined : h('div', { class: 'alert-buttons' }, ...buttons, note),
  )
}

export function alertsView(app: App, root: HTMLElement): () => void {
  let showAll = false
  const list = h('div', { class: 'alert-list', data: { testid: 'alerts' } })
  const filter = h(
    'div',
    { class: 'filter' },
    h('button', {
      text: app.w('openAlerts'),
      class: 'toggle on',
      data: { testid: 'filter-open' },
      on: { click: () => setFilter(false) },
    }),
    h('button', {
      text: app.w('allAlerts'),
      class: 'toggle',
      data: { testid: 'filter-all' },
      on: { click: () => setFilter(true) },
    }),
  )
  fill(root, h('h2', { text: app.w('alertList') }), filter, list)
  const setFilter = (all: boolean) => {
    showAll = all
    filter.children[0]?.classList.toggle('on', !all)
    filter.children[1]?.classList.toggle('on', all)
    poller.now()
  }
  let names = new Map<string, string>()
  const poller = poll(app, 5_000, async () => {
    const [alerts, overview] = await Promise.all([
      api<AlertList>('/api/alerts'),
      names.size > 0 ? Promise.resolve(undefined) : api<ConsoleOverview>('/api/console/overview'),
    ])
    if (overview !== undefined)
      names = new Map(
        overview.halls.map((hl) => [
          hl.id,
          (app.lang === 'en' ? (hl.nameEn ?? hl.name) : hl.name) ?? hl.id,
        ]),
      )
    const shown = orderAlerts(alerts.alerts).filter((a) => showAll || isOpen(a))
    fill(
      list,
      ...(shown.length === 0
        ? [h('p', { class: 'muted', text: app.w('noAlerts') })]
        : shown.map((a) => alertCard(app, a, names.get(a.site), () => poller.now()))),
    )
  })
  return () => poller.stop()
}
