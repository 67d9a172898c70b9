import {
  Alert,
  AlertAction,
  AlertList,
  AlertNote,
  AlertState,
  type Clock,
  DiversionRequest,
  ErrorBodySchema,
  OpenWindowRequest,
  PredictionAccuracy,
  QmsError,
  SiteActionResult,
  SiteGuidanceRequest,
  SiteId,
  SiteTrend,
} from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AlertService } from '../alerts/service.js'
import type { SiteActions } from '../alerts/site-actions.js'
import type { AlertStore } from '../alerts/store.js'
import { guard, maySee, requireUser, userOf } from '../auth/index.js'
import type { LiveStore } from '../predict-service/live-store.js'
import type { ProjectionReader } from '../projections/reader.js'
import { accuracyOf, trendOf } from './live-figures.js'

/*
 * The managers' API, behind the console sign-in: a district admin sees every hall, a hall
 * manager only theirs (403 FORBIDDEN for another hall's alert or hall); changes need the
 * session's CSRF token. Alerts (list, acknowledge, act, resolve), actions on a hall (guidance
 * text, diversion, open a window), and the figures for the charts (trend, prediction accuracy).
 */

export interface LiveManagerOptions {
  alerts: AlertService
  alertStore: AlertStore
  actions: SiteActions
  store: LiveStore
  reader: ProjectionReader
  clock: Clock
}

const errors = {
  400: Type.Ref(ErrorBodySchema),
  401: Type.Ref(ErrorBodySchema),
  403: Type.Ref(ErrorBodySchema),
  404: Type.Ref(ErrorBodySchema),
  409: Type.Ref(ErrorBodySchema),
  503: Type.Ref(ErrorBodySchema),
}
const AlertParams = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$' }) },
  { additionalProperties: false },
)
const SiteParams = Type.Object({ id: SiteId }, { additionalProperties: false })

/** Who did it, for an alert's life. */
const whoOf = (request: FastifyRequest) => userOf(request)?.user ?? 'unknown'

export async function liveManagerRoutes(app: FastifyInstance, opts: LiveManagerOptions) {
  const { alerts, actions } = opts
  const signedIn = guard()
  const forSite = guard({ site: (r) => (r.params as { id?: string }).id })

  /** The alert, if the account may see its hall. */
  const alertFor = async (request: FastifyRequest, id: string) => {
    const alert = await alerts.get(id)
    const user = userOf(request)
    if (user === undefined || !maySee(user, alert.site))
      throw new QmsError('FORBIDDEN', `This account may not see hall ${alert.site}.`)
    return alert
  }

  app.get<{ Querystring: { site?: string; state?: AlertState; limit?: number } }>(
    '/api/alerts',
    {
      preHandler: signedIn,
      schema: {
        tags: ['alerts'],
        summary: 'Busy-window alerts, newest first (a hall manager sees their hall’s)',
        querystring: Type.Object(
          {
            site: Type.Optional(SiteId),
            state: Type.Optional(AlertState),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(AlertList), ...errors },
      },
    },
    async (request) => {
      const who = await requireUser(request)
      const { site, state } = request.query
      const limit = Number(request.query.limit ?? 100)
      if (site !== undefined && !maySee(who.user, site))
        throw new QmsError('FORBIDDEN', `This account may not see hall ${site}.`)
      const mine = who.user.role === 'district-admin' ? undefined : who.user.site
      const sites = site !== undefined ? [site] : mine !== undefined ? [mine] : undefined
      const list = await opts.alertStore.list({
        ...(sites === undefined ? {} : { sites }),
        ...(state === undefined ? {} : { state }),
        limit,
      })
      return { total: list.length, alerts: list }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/alerts/:id',
    {
      preHandler: signedIn,
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its life',
        params: AlertParams,
        response: { 200: Type.Ref(Alert), ...errors },
      },
    },
    async (request) => await alertFor(request, request.params.id),
  )

  app.post<{ Params: { id: string }; Body: AlertNote | undefined }>(
    '/api/alerts/:id/ack',
    {
      preHandler: signedIn,
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert (stops its escalation)',
        params: AlertParams,
        body: Type.Ref(AlertNote),
        response: { 200: Type.Ref(Alert), ...errors },
      },
    },
    async (request) => {
      await alertFor(request, request.params.id)
      return await alerts.acknowledge(request.params.id, whoOf(request), request.body?.note)
    },
  )

  app.post<{ Params: { id: string }; Body: AlertAction }>(
    '/api/alerts/:id/act',
    {
      preHandler: signedIn,
      schema: {
        tags: ['alerts'],
        summary: 'Act on an alert: open a window, diversion, guidance text, move staff, reminder',
        params: AlertParams,
        body: Type.Ref(AlertAction),
        response: { 200: Type.Ref(Alert), ...errors },
      },
    },
    async (request) => {
      const alert = await alertFor(request, request.params.id)
      const body = request.body
      if (body.action === 'move-staff' && !maySee(userOf(request)!, body.fromSite))
        throw new QmsError('FORBIDDEN', `This account may not move staff of ${body.fromSite}.`)
      return await alerts.act(alert.id, body, whoOf(request))
    },
  )

  app.post<{ Params: { id: string }; Body: AlertNote | undefined }>(
    '/api/alerts/:id/resolve',
    {
      preHandler: signedIn,
      schema: {
        tags: ['alerts'],
        summary: 'Resolve an alert (its life is kept)',
        params: AlertParams,
        body: Type.Ref(AlertNote),
        response: { 200: Type.Ref(Alert), ...errors },
      },
    },
    async (request) => {
      await alertFor(request, request.params.id)
      return await alerts.resolve(request.params.id, whoOf(request), request.body?.note)
    },
  )

  const siteAction = { 200: Type.Ref(SiteActionResult), ...errors }

  app.post<{ Params: { id: string }; Body: SiteGuidanceRequest }>(
    '/api/sites/:id/guidance',
    {
      preHandler: forSite,
      schema: {
        tags: ['alerts'],
        summary: 'Show a manager’s text on the hall’s guidance banner (until a time)',
        params: SiteParams,
        body: Type.Ref(SiteGuidanceRequest),
        response: siteAction,
      },
    },
    async (request) => await actions.guidanceText(request.params.id, request.body),
  )

  app.post<{ Params: { id: string }; Body: DiversionRequest }>(
    '/api/sites/:id/diversion',
    {
      preHandler: forSite,
      schema: {
        tags: ['alerts'],
        summary: 'Turn the hall’s diversion (its people sent to shorter halls) on or off',
        params: SiteParams,
        body: Type.Ref(DiversionRequest),
        response: siteAction,
      },
    },
    async (request) => await actions.diversion(request.params.id, request.body.on),
  )

  app.post<{ Params: { id: string }; Body: OpenWindowRequest }>(
    '/api/sites/:id/open-window',
    {
      preHandler: forSite,
      schema: {
        tags: ['alerts'],
        summary: 'Ask the hall to open a window (its caller and screen get the reminder)',
        params: SiteParams,
        body: Type.Ref(OpenWindowRequest),
        response: siteAction,
      },
    },
    async (request) =>
      await actions.openWindow(request.params.id, request.body.window, request.body.note),
  )

  app.get<{ Params: { id: string }; Querystring: { days?: number } }>(
    '/api/sites/:id/trend',
    {
      preHandler: forSite,
      schema: {
        tags: ['alerts'],
        summary: 'A hall’s figures per day and per hour, for the charts',
        params: SiteParams,
        querystring: Type.Object(
          { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(SiteTrend), ...errors },
      },
    },
    async (request) => {
      const site = request.params.id
      const model = actions.modelOf(site)
      return await trendOf({
        site,
        model,
        days: Number(request.query.days ?? 7),
        now: opts.clock.now(),
        reader: opts.reader,
        store: opts.store,
        alertStore: opts.alertStore,
      })
    },
  )

  app.get<{ Params: { id: string }; Querystring: { count?: number } }>(
    '/api/sites/:id/accuracy',
    {
      preHandler: forSite,
      schema: {
        tags: ['alerts'],
        summary: 'Waits told at issue against waits that came true, with interval coverage',
        params: SiteParams,
        querystring: Type.Object(
          { count: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PredictionAccuracy), ...errors },
      },
    },
    async (request) => {
      const site = request.params.id
      actions.modelOf(site)
      const points = await opts.store.accuracy(site, Number(request.query.count ?? 500))
      return accuracyOf(site, points)
    },
  )
}
