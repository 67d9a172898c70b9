import { formatClock } from '../../src/view/format.js'
import { fill, h } from './dom.js'

/**
 * Keeps `el` showing the time, date and weekday; ticks on the second. In the hall's zone once a
 * snapshot has told it (a screen's machine may keep UTC), in the browser's until then.
 */
export function startClock(
  el: HTMLElement,
  zone: () => string | undefined = () => undefined,
): void {
  const tick = () => {
    const c = formatClock(Date.now(), zone())
    fill(
      el,
      h(
        'span',
        { class: 'clock-time', text: c.time },
        h('span', { class: 'clock-sec', text: c.seconds }),
      ),
      h('span', { class: 'clock-date', lang: 'zh-CN', text: `${c.date} ${c.weekday}` }),
    )
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5)
  }
  tick()
}
