export { DotCanvas } from './canvas.js'
export { DEFAULT_FONT_PATH, type Glyph, type GlyphSource, loadFont } from './font.js'
export { type PngRenderOptions, type Region, type RenderedPng, renderTicketPng } from './png.js'
export { columnsOf, renderTicketText, type TextRenderOptions } from './text.js'
