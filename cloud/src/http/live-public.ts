import { isWithinHours } from '@qms/edge-agent/queue'
import {
  type Clock,
  ErrorBodySchema,
  ItemCode,
  type ItemWait,
  Priority,
  type PublicHall,
  PublicHallList,
  QmsError,
  RecommendationResult,
  SiteId,
  SitePredictions,
} from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { District } from '../district/district.js'
import type { GuidanceService } from '../guidance/service.js'
import type { HallConfigs } from '../live/hall-configs.js'
import type { LiveStore, StoredPredictions } from '../predict-service/live-store.js'
import type { ProjectionReader } from '../projections/reader.js'
import type { RateLimits } from './rate-limit.js'

/*
 * The public API for phones (no sign-in; a rate limit per caller): the halls with whether they
 * issue numbers now and their predicted waits, one hall's predictions, and where to go for an
 * item — from a hall, from where the phone is, or from anywhere.
 */

export interface LivePublicOptions {
  configs: HallConfigs
  district: District
  reader: ProjectionReader
  store: LiveStore
  guidance: GuidanceService
  limits: RateLimits
  readsPerWindow: number
  clock: Clock
}

const errors = {
  400: Type.Ref(ErrorBodySchema),
  404: Type.Ref(ErrorBodySchema),
  409: Type.Ref(ErrorBodySchema),
  429: Type.Ref(ErrorBodySchema),
}

function itemWaits(p: StoredPredictions | undefined, item?: string): ItemWait[] {
  if (p === undefined) return []
  const out: ItemWait[] = []
  for (const [code, [wait, priority]] of Object.entries(p.items)) {
    if (item !== undefined && code !== item) continue
    out.push(priority === undefined ? { item: code, wait } : { item: code, wait, priority })
  }
  return out
}

export async function livePublicRoutes(app: FastifyInstance, opts: LivePublicOptions) {
  const { configs, district, reader, store, guidance, clock } = opts
  const limited = opts.limits.hook('read', opts.readsPerWindow)
  const knownItem = (code: string) => {
    if (!configs.catalogue.items.some((i) => i.code === code))
      throw new QmsError('UNKNOWN_ITEM', `no item ${code} in the catalogue`, { path: '/item' })
  }

  app.get<{ Querystring: { item?: string } }>(
    '/api/halls',
    {
      preHandler: limited,
      schema: {
        tags: ['public'],
        summary: 'Every hall for phones: open now, waiting, predicted wait per offered item',
        querystring: Type.Object(
          { item: Type.Optional(ItemCode) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PublicHallList), ...errors },
      },
    },
    async (request) => {
      const item = request.query.item
      if (item !== undefined) knownItem(item)
      const now = clock.now()
      const sites = configs.sites().filter((s) => configs.model(s) !== undefined)
      const [list, predictions] = await Promise.all([reader.list(), store.predictionsOf(sites)])
      const summaries = new Map(list.sites.map((s) => [s.id, s]))
      const halls: PublicHall[] = []
      for (const site of sites) {
        const model = configs.model(site)!
        if (item !== undefined && !model.offered.has(item)) continue
        const cfg = model.hall
        const known = district.sites.get(site)
        const summary = summaries.get(site)
        const p = predictions.get(site)
        const hall: PublicHall = {
          id: site,
          name: cfg.name,
          kind: cfg.kind,
          location: cfg.location,
          open: isWithinHours(model.timeZone, cfg.hours, now),
          waiting: summary?.waiting ?? 0,
          windowsOpen: summary?.windowsOpen ?? 0,
          items: itemWaits(p, item),
        }
        const nameEn = cfg.nameEn ?? known?.nameEn
        if (nameEn !== undefined) hall.nameEn = nameEn
        const address = cfg.address ?? known?.address
        if (address !== undefined) hall.address = address
        if (p !== undefined) hall.predictedAt = p.at
        halls.push(hall)
      }
      return { total: halls.length, halls }
    },
  )

  app.get<{ Querystring: { site: string; item?: string } }>(
    '/api/predictions',
    {
      preHandler: limited,
      schema: {
        tags: ['public'],
        summary: 'A hall’s latest predicted waits for a newcomer (80% and 90% intervals)',
        querystring: Type.Object(
          { site: SiteId, item: Type.Optional(ItemCode) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(SitePredictions), ...errors },
      },
    },
    async (request) => {
      const { site, item } = request.query
      const model = configs.model(site)
      if (model === undefined) throw new QmsError('NOT_FOUND', `no hall ${site}`, { path: '/site' })
      if (item !== undefined) {
        knownItem(item)
        if (!model.offered.has(item))
          throw new QmsError('ITEM_NOT_OFFERED', `${site} does not offer ${item}`, {
            path: '/item',
          })
      }
      const p = await store.predictions(site)
      if (p === undefined) throw new QmsError('NOT_FOUND', `no predictions for ${site} yet`)
      return { site, at: p.at, seq: p.seq, items: itemWaits(p, item) }
    },
  )

  app.get<{
    Querystring: { item: string; site?: string; lat?: number; lng?: number; priority?: Priority }
  }>(
    '/api/recommendations',
    {
      preHandler: limited,
      schema: {
        tags: ['public'],
        summary: 'Where to go for an item: stay, another hall, or on the phone (掌办)',
        querystring: Type.Object(
          {
            item: ItemCode,
            site: Type.Optional(SiteId),
            lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
            lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
            priority: Type.Optional(Priority),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(RecommendationResult), ...errors },
      },
    },
    async (request) => {
      const { item, site, lat, lng, priority } = request.query
      if ((lat === undefined) !== (lng === undefined))
        throw new QmsError('BAD_REQUEST', 'lat and lng come together', {
          path: lat === undefined ? '/lat' : '/lng',
        })
      if (site !== undefined && lat !== undefined)
        throw new QmsError('BAD_REQUEST', 'site or lat/lng, not both', { path: '/site' })
      const from =
        site !== undefined
          ? { site }
          : lat !== undefined && lng !== undefined
            ? { location: { lat: Number(lat), lng: Number(lng) } }
            : { anywhere: true as const }
      return await guidance.recommend(item, from, priority)
    },
  )
}
