/*
 * A few lines instead of a framework: the pages build their elements with `h()` and replace a
 * section's children when its view changes. Text is always set as text, never parsed as HTML.
 */

type Child = Node | string | number | false | null | undefined
type Props = {
  class?: string
  id?: string
  text?: string
  lang?: string
  data?: Record<string, string>
  attrs?: Record<string, string>
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void }
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  if (props.class !== undefined) el.className = props.class
  if (props.id !== undefined) el.id = props.id
  if (props.lang !== undefined) el.lang = props.lang
  if (props.text !== undefined) el.textContent = props.text
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v)
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

/** Replaces all children of `el`. */
export function fill(el: Element, ...children: Child[]): void {
  while (el.firstChild !== null) el.removeChild(el.firstChild)
  append(el, children)
}

/** The element with this id; a page that lacks it is broken, so this throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`#${id} missing from the page`)
  return el as T
}

/** Restarts a CSS animation class (a new call flashes again even if one is flashing). */
export function restartClass(el: HTMLElement, cls: string): void {
  el.classList.remove(cls)
  void el.offsetWidth
  el.classList.add(cls)
}

/** A Chinese line with its English beside it, smaller. */
export function bilingual(zh: string, en: string | undefined, cls = ''): HTMLSpanElement {
  return h(
    'span',
    { class: `bi ${cls}`.trim() },
    h('span', { class: 'zh', lang: 'zh-CN', text: zh }),
    en === undefined ? undefined : h('span', { class: 'en', lang: 'en', text: en }),
  )
}
