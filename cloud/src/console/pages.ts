import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import { QmsError, SiteId, TicketNo } from '@qms/protocol'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'

/*
 * The cloud's pages, built by scripts/build-pages.ts into dist/pages/:
 *   /console/             the data cockpit (数据驾驶舱): sign-in, district, hall, alerts
 *   /m/                   the phone page: choose a hall and an item, take a number
 *   /t/<site>/<ticket>    one ticket on the phone: the printed ticket's QR code points here
 * The pages are static; everything they show comes from the API, which guards itself. Every
 * page is sent with a strict Content-Security-Policy: scripts and styles only from this server,
 * no inline script, no framing — markup that slipped into a hall's name could not run.
 */

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?')
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)]
}

function secureHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CSP)
  reply.header('x-content-type-options', 'nosniff')
  reply.header('referrer-policy', 'same-origin')
  reply.header('x-frame-options', 'DENY')
}

export async function registerCloudPages(
  app: FastifyInstance,
  opts: { pagesDir: string; logger?: { error(obj: object, msg: string): void } },
): Promise<void> {
  const folders = { console: resolve(opts.pagesDir, 'console'), m: resolve(opts.pagesDir, 'm') }
  const phoneHtml = resolve(folders.m, 'index.html')
  const missing = [resolve(folders.console, 'index.html'), phoneHtml].filter((f) => !existsSync(f))
  const TicketParams = Type.Object(
    { site: SiteId, ticket: TicketNo },
    { additionalProperties: false },
  )

  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => secureHeaders(reply))
    if (missing.length > 0) {
      // The API works without pages: say what to do instead of refusing to start.
      opts.logger?.error({ missing }, 'console pages not built: run npm run build -w @qms/cloud')
      const notBuilt = () => {
        throw new QmsError('UNAVAILABLE', 'the console pages are not built: run npm run build')
      }
      scope.get('/console/*', notBuilt)
      scope.get('/m/*', notBuilt)
      scope.get('/t/:site/:ticket', { schema: { params: TicketParams } }, notBuilt)
      return
    }
    for (const [name, root] of Object.entries(folders)) {
      await scope.register(fastifyStatic, {
        root,
        prefix: `/${name}/`,
        decorateReply: false,
        // The folder's own address is served below: with the cloud's ignoreTrailingSlash the
        // plugin's index lookup does not find it.
        index: false,
        list: false,
        redirect: false,
      })
      const index = readFileSync(resolve(root, 'index.html'))
      scope.get(`/${name}`, { schema: { hide: true } }, (request, reply) => {
        const [path, query] = splitUrl(request.url)
        // `/console` → `/console/`: one address per page, as people type it.
        if (!path.endsWith('/')) return reply.redirect(`${path}/${query}`, 301)
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(index)
      })
    }
    const html = readFileSync(phoneHtml)
    // The printed ticket's QR code: the phone page, opened on that ticket.
    scope.get(
      '/t/:site/:ticket',
      { schema: { params: TicketParams, hide: true } },
      (_request, reply) =>
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
    )
  })
}
