import { h } from '../shared/dom.js'

/*
 * The on-screen keyboard: touch kiosks have no keyboard. Letters for pinyin initials (and English
 * words), digits for item codes, a backspace and a clear key; every key at least 80 px.
 */

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm']

export function createKeyboard(onKey: (key: string) => void): HTMLElement {
  const key = (label: string, value: string, cls = 'key') =>
    h('button', {
      class: cls,
      text: label,
      data: { key: value },
      attrs: { type: 'button' },
      on: { click: () => onKey(value) },
    })
  return h(
    'div',
    { class: 'keyboard', attrs: { role: 'group', 'aria-label': '拼音键盘 Keyboard' } },
    ...ROWS.map((row, i) =>
      h(
        'div',
        { class: 'krow' },
        ...[...row].map((c) => key(c.toUpperCase(), c)),
        i === 3 ? key('⌫ 删除', 'Backspace', 'key wide') : undefined,
      ),
    ),
    h(
      'div',
      { class: 'krow' },
      key('空格 Space', ' ', 'key space'),
      key('清空 Clear', 'Clear', 'key wide'),
    ),
  )
}

/** The query after a key of the on-screen keyboard (at most 40 characters). */
export function applyKey(query: string, key: string): string {
  if (key === 'Backspace') return [...query].slice(0, -1).join('')
  if (key === 'Clear') return ''
  if (key.length !== 1) return query
  return (query + key).slice(0, 40)
}
