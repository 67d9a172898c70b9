import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/**
 * Serves a folder of static files under a URL prefix (e.g. the hall screen's built pages under
 * `/display/`): `index.html` for the folder itself, no directory listing, nothing outside the
 * folder. Several folders may be registered on one server.
 */
export async function registerStaticFolder(
  app: FastifyInstance,
  prefix: string,
  folder: string,
): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(folder),
    prefix: prefix.endsWith('/') ? prefix : `${prefix}/`,
    decorateReply: false,
    index: ['index.html'],
    list: false,
    redirect: true,
  })
}
