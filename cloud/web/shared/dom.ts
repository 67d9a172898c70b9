/*
 * The pages build their elements with `h()` and replace a section's children when its data
 * changes. Text is only ever set as text (textContent, attributes by setAttribute): nothing a hall
 * or a person named is parsed as HTML, so a name like `<img onerror=…>` is shown as typed.
 */

export type Child = Node | string | number | false | null | undefined
export interface Props {
  class?: string
  text?: string
  lang?: string
  title?: string
  data?: Record<string, string>
  attrs?: Record<string, string>
  style?: Record<string, string>
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  if (props.class !== undefined) el.className = props.class
  if (props.lang !== undefined) el.lang = props.lang
  if (props.title !== undefined) el.title = props.title
  if (props.text !== undefined) el.textContent = props.text
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v)
  // Through the CSSOM, which the pages' Content-Security-Policy allows (a style attribute it would not).
  for (const [k, v] of Object.entries(props.style ?? {})) el.style.setProperty(k, v)
  for (const [type, fn] of Object.entries(props.on ?? {}))
    el.addEventListener(type, fn as EventListener)
  append(el, children)
  return el
}

function append(el: Element, children: Child[]) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue
    el.append(typeof c === 'number' ? String(c) : c)
  }
}

/** Replaces every child of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren()
  append(el, children)
}

/** The element with this id; a page without it is broken, so this throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`#${id} missing from the page`)
  return el as T
}

/** Chinese with its English beside it, smaller. */
export function bi(zh: string, en: string | undefined, cls = ''): HTMLSpanElement {
  return h(
    'span',
    { class: `bi ${cls}`.trim() },
    h('span', { class: 'zh', lang: 'zh-CN', text: zh }),
    en === undefined || en === '' ? undefined : h('span', { class: 'en', lang: 'en', text: en }),
  )
}
