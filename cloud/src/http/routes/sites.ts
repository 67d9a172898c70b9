import {
  DayFigures,
  ItemCode,
  LocalDay,
  QmsError,
  SiteDetail,
  SiteId,
  SiteList,
  TicketHistoryEntry,
} from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { guard, maySee, userOf } from '../../auth/guard.js'
import type { ProjectionReader } from '../../projections/reader.js'

/**
 * The halls: the district list, one hall's live state, its figures and finished tickets. Behind
 * the console's sign-in: a hall manager sees their own hall only (403 FORBIDDEN for another).
 */
export async function siteRoutes(
  app: FastifyInstance,
  opts: { reader: ProjectionReader },
): Promise<void> {
  const { reader } = opts
  const Params = Type.Object({ id: SiteId }, { additionalProperties: false })
  const notFound = (id: string) => new QmsError('NOT_FOUND', `no hall ${id}`)
  const ofHall = guard({ site: (r: FastifyRequest) => (r.params as { id: string }).id })

  app.get(
    '/api/sites',
    {
      preHandler: guard(),
      schema: {
        tags: ['sites'],
        summary: 'Every hall with its live summary',
        response: { 200: Type.Ref(SiteList) },
      },
    },
    async (request) => {
      const list = await reader.list()
      const user = userOf(request)
      if (user === undefined) throw new QmsError('UNAUTHORIZED')
      if (user.role === 'district-admin') return list
      const sites = list.sites.filter((s) => maySee(user, s.id))
      return { total: sites.length, sites }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/sites/:id',
    {
      preHandler: ofHall,
      schema: {
        tags: ['sites'],
        summary: 'One hall now: windows, queues per item, calls, devices, link, today’s figures',
        params: Params,
        response: { 200: Type.Ref(SiteDetail) },
      },
    },
    async (request) => {
      const detail = await reader.detail(request.params.id)
      if (detail === undefined) throw notFound(request.params.id)
      return detail
    },
  )

  app.get<{ Params: { id: string; day: string } }>(
    '/api/sites/:id/days/:day',
    {
      preHandler: ofHall,
      schema: {
        tags: ['sites'],
        summary: 'A hall’s figures of one local day',
        params: Type.Object({ id: SiteId, day: LocalDay }, { additionalProperties: false }),
        response: { 200: Type.Ref(DayFigures) },
      },
    },
    async (request) => {
      const { id, day } = request.params
      if ((await reader.summary(id)) === undefined) throw notFound(id)
      return await reader.day(id, day)
    },
  )

  app.get<{ Params: { id: string }; Querystring: { item?: string; count?: number } }>(
    '/api/sites/:id/history',
    {
      preHandler: ofHall,
      schema: {
        tags: ['sites'],
        summary: 'Finished tickets of a hall, newest first, with the features known at issue',
        params: Params,
        querystring: Type.Object(
          {
            item: Type.Optional(ItemCode),
            count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Type.Ref(TicketHistoryEntry)) },
      },
    },
    async (request) => {
      const { id } = request.params
      if ((await reader.summary(id)) === undefined) throw notFound(id)
      const query: { item?: string; count?: number } = {}
      if (request.query.item !== undefined) query.item = request.query.item
      if (request.query.count !== undefined) query.count = Number(request.query.count)
      return await reader.history(id, query)
    },
  )
}
