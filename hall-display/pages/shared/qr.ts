import { toString as qrToString } from 'qrcode'
import { h } from './dom.js'

const cache = new Map<string, string>()

/**
 * A QR code for `url` as an element: SVG drawn in the page (no request to anyone), dark on white
 * with the quiet zone phones need. The SVG comes from the qrcode library, never from user text.
 */
export async function qrElement(url: string, label: string): Promise<HTMLElement> {
  let svg = cache.get(url)
  if (svg === undefined) {
    svg = await qrToString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
    if (cache.size > 50) cache.clear()
    cache.set(url, svg)
  }
  const box = h('div', { class: 'qr', attrs: { role: 'img', 'aria-label': label } })
  box.innerHTML = svg
  return box
}
