import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pagesDir as builtPages } from '@qms/hall-display'
import { QmsError, WindowNo } from '@qms/protocol'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { registerStaticFolder } from './static.js'
import { createVoice, registerVoiceRoutes, type VoiceOptions } from './voice.js'

/*
 * The hall pages on the edge's HTTP server:
 *   /display/              the hall screen (综合屏), with its voice at /display/voice/…
 *   /display/window/<n>    the window screen (窗口屏) of window n
 *   /kiosk/                the kiosk (取号机) page
 * from the folder @qms/hall-display builds. They talk to the edge through `/ws` and `/api/…`.
 */

export interface HallPagesOptions {
  /** The built pages (default @qms/hall-display's `pagesDir`). */
  pagesDir?: string
  /** Speech rendered for screens without a Mandarin voice; false: chime route only. */
  voice?: VoiceOptions | false
  logger?: Logger
}

/** Registers the hall screen, the window screen, the kiosk and the voice routes. */
export async function registerHallPages(
  app: FastifyInstance,
  options: HallPagesOptions = {},
): Promise<void> {
  const dir = options.pagesDir ?? builtPages
  const display = join(dir, 'display')
  const kiosk = join(dir, 'kiosk')
  const windowFile = join(display, 'window.html')
  const built = [join(display, 'index.html'), windowFile, join(kiosk, 'index.html')]
  const missing = built.filter((f) => !existsSync(f))
  if (missing.length > 0) {
    // The API and the devices work without pages: say what to do instead of refusing to start.
    options.logger?.error(
      { missing },
      'hall pages not built: run npm run build -w @qms/hall-display',
    )
    const notBuilt = () => {
      throw new QmsError(
        'UNAVAILABLE',
        'the hall pages are not built: run npm run build -w @qms/hall-display',
      )
    }
    app.get('/display/*', notBuilt)
    app.get('/kiosk/*', notBuilt)
  } else {
    await registerStaticFolder(app, '/display/', display)
    await registerStaticFolder(app, '/kiosk/', kiosk)
    // The folder's own address without its slash (as people type it), query kept: ?voice=off.
    for (const path of ['/display', '/kiosk'])
      app.get(path, (request, reply) => {
        const query = request.url.slice(path.length)
        return reply.redirect(`${path}/${query}`, 301)
      })
    const windowHtml = readFileSync(windowFile)
    app.get(
      '/display/window/:no',
      { schema: { params: { type: 'object', properties: { no: WindowNo }, required: ['no'] } } },
      (_request, reply) =>
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(windowHtml),
    )
  }
  const voice = createVoice({
    ...(options.voice === false ? {} : options.voice),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  })
  registerVoiceRoutes(app, voice, { speech: options.voice !== false })
}
