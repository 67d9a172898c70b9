import { h } from '../shared/dom.js'

/** One figure of a KPI strip: the value large, its label under it. */
export function kpi(label: string, value: string, cls = ''): HTMLElement {
  return h(
    'div',
    { class: `kpi ${cls}`.trim() },
    h('div', { class: 'kpi-value', text: value }),
    h('div', { class: 'kpi-label', text: label }),
  )
}
