import { createHash } from 'node:crypto'
import type { EventDraft, HallModel } from '../queue/index.js'

const CONFIG_HASH = 'configHash'

/** The hall as configured, for the `site.config` event, and the hash that tells a change. */
export function siteConfigEvent(model: HallModel): EventDraft & { type: 'site.config' } {
  const { hall } = model
  const body = {
    name: hall.name,
    kind: hall.kind,
    windows: [...model.windows.values()].map((w) => ({
      no: w.no,
      name: w.name,
      oneStop: w.oneStop,
      categories: [...w.categories],
    })),
    items: [...model.offered.keys()].slice(0, 1000),
    timezone: model.timeZone,
    hours: hall.hours.map((h) => ({ days: [...h.days], open: h.open, close: h.close })),
  }
  // The catalogue's version and the rules change what the hall does too.
  const configHash = createHash('sha256')
    .update(JSON.stringify({ body, catalogue: model.catalogue.version, rules: model.rules }))
    .digest('hex')
    .slice(0, 32)
  return { type: 'site.config', data: { ...body, configHash } }
}

/** The `site.config` to journal at start, or undefined when the journal has seen this one. */
export function configToRecord(
  model: HallModel,
  meta: { getMeta(key: string): string | undefined },
): (EventDraft & { type: 'site.config' }) | undefined {
  const event = siteConfigEvent(model)
  return meta.getMeta(CONFIG_HASH) === event.data.configHash ? undefined : event
}

export function rememberConfig(
  event: EventDraft & { type: 'site.config' },
  meta: { setMeta(key: string, value: string): void },
): void {
  meta.setMeta(CONFIG_HASH, event.data.configHash)
}
