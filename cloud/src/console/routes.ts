import {
  Catalogue,
  type ConsoleHall,
  ConsoleOverview,
  type DayFigures,
  ErrorBodySchema,
  QmsError,
  type SiteSummary,
} from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { guard, maySee, userOf } from '../auth/guard.js'
import type { District } from '../district/district.js'
import type { ProjectionReader } from '../projections/reader.js'

/*
 * The console's own reads: the district overview (every hall's live and today's figures in one
 * answer, for the district view's refresh) behind the sign-in, and the district's catalogue for
 * the phone page (public: it is what every kiosk shows).
 */

export function consoleHall(s: SiteSummary, today: DayFigures | undefined): ConsoleHall {
  const out: ConsoleHall = {
    id: s.id,
    configured: s.configured,
    connected: s.link.connected,
    waiting: s.waiting,
    windowsOpen: s.windowsOpen,
    serving: s.serving,
    issuedToday: s.issuedToday,
    servedToday: today?.served ?? 0,
    meanWaitMin: today?.wait.meanMin ?? null,
    waitCount: today?.wait.count ?? 0,
    selfServiceShare: today?.selfServiceShare ?? null,
    ratingMean: today?.ratings.mean ?? null,
    ratingCount: today?.ratings.count ?? 0,
  }
  if (s.name !== undefined) out.name = s.name
  if (s.nameEn !== undefined) out.nameEn = s.nameEn
  if (s.kind !== undefined) out.kind = s.kind
  if (s.location !== undefined) out.location = s.location
  if (s.link.seenAt !== undefined) out.seenAt = s.link.seenAt
  if (s.lastEventAt !== undefined) out.lastEventAt = s.lastEventAt
  if (today !== undefined) out.day = today.day
  return out
}

export async function consoleRoutes(
  app: FastifyInstance,
  opts: { reader: ProjectionReader; district: District; now: () => number },
): Promise<void> {
  const { reader, district } = opts
  app.get(
    '/api/console/overview',
    {
      preHandler: guard(),
      schema: {
        tags: ['console'],
        summary: 'Every hall the account may see, with its live and today’s figures',
        response: {
          200: Type.Ref(ConsoleOverview),
          401: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      if (user === undefined) throw new QmsError('UNAUTHORIZED')
      const list = await reader.list()
      const visible = list.sites.filter((s) => maySee(user, s.id))
      // Halls without events have no figures to read: one Redis read per hall that has some.
      const days = await Promise.all(
        visible.map((s) => (s.seq > 0 ? reader.day(s.id) : Promise.resolve(undefined))),
      )
      // Who waits for what, for the halls where someone waits: the weights of their predicted wait.
      const queues = await Promise.all(
        visible.map((s) => (s.waiting > 0 ? reader.detail(s.id) : Promise.resolve(undefined))),
      )
      const halls = visible.map((s, i) => {
        const hall = consoleHall(s, days[i])
        const detail = queues[i]
        if (detail !== undefined)
          hall.waitingByItem = Object.fromEntries(
            detail.queues.filter((q) => q.waiting > 0).map((q) => [q.item, q.waiting]),
          )
        return hall
      })
      reply.header('cache-control', 'no-store')
      return { at: new Date(opts.now()).toISOString(), total: halls.length, halls }
    },
  )

  if (district.catalogue !== undefined && !app.hasRoute({ method: 'GET', url: '/api/catalogue' })) {
    const catalogue = district.catalogue
    app.get(
      '/api/catalogue',
      {
        schema: {
          tags: ['tickets'],
          summary: 'The district’s branches, categories and items (names, pinyin, 掌办 links)',
          response: { 200: Type.Ref(Catalogue) },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=300')
        return catalogue
      },
    )
  }
}
