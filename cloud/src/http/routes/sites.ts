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
import type { FastifyInstance } from 'fastify'
import type { ProjectionReader } from '../../projections/reader.js'

/** The halls: the district list, one hall's live state, its figures and finished tickets. */
export async function siteRoutes(
  app: FastifyInstance,
  opts: { reader: ProjectionReader },
): Promise<void> {
  const { reader } = opts
  const Params = Type.Object({ id: SiteId }, { additionalProperties: false })
  const notFound = (id: string) => new QmsError('NOT_FOUND', `no hall ${id}`)

  app.get(
    '/api/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'Every hall with its live summary',
        response: { 200: Type.Ref(SiteList) },
      },
    },
    async () => await reader.list(),
  )

  app.get<{ Params: { id: string } }>(
    '/api/sites/:id',
    {
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
