import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance, onRequestHookHandler } from 'fastify'
import type { Jobs } from './jobs.js'

/**
 * bull-board at `basePath` (default /admin/queues). `guard` runs before every request of the
 * board: the console's login plugs in here; without one the board is open (development).
 */
export async function registerBoard(
  app: FastifyInstance,
  jobs: Jobs,
  opts: { basePath?: string; guard?: onRequestHookHandler } = {},
): Promise<void> {
  const basePath = opts.basePath ?? '/admin/queues'
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(basePath)
  createBullBoard({
    queues: Object.values(jobs.queues).map((q) => new BullMQAdapter(q)),
    serverAdapter,
  })
  await app.register(
    async (scope) => {
      if (opts.guard !== undefined) scope.addHook('onRequest', opts.guard)
      await scope.register(serverAdapter.registerPlugin())
    },
    { prefix: basePath },
  )
}
