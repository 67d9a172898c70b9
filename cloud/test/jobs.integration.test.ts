import { systemClock } from '@qms/protocol'
import { connectRedis, redisUrl, uniqueRedisPrefix } from '@qms/test'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { registerBoard } from '../src/jobs/board.js'
import { closeDay } from '../src/jobs/end-of-day.js'
import { createJobs, type JobName } from '../src/jobs/jobs.js'
import { redisKeys } from '../src/projections/keys.js'
import { createProjectionReader } from '../src/projections/reader.js'
import { testDistrict } from './helpers/cloud.js'

/*
 * BullMQ queues on the cloud's Redis: a job runs once its queue has a processor, a failing job
 * is retried, the end-of-day job sums the district's day, and bull-board shows the queues
 * behind the guard the console plugs in.
 */

async function setup(t: Test) {
  const prefix = uniqueRedisPrefix(t)
  const keys = redisKeys(prefix)
  const jobs = await createJobs({
    redisUrl: redisUrl(),
    prefix: keys.bullPrefix,
    workers: true,
    schedules: { predictionEveryMs: 0, endOfDayPattern: '', timezone: 'Asia/Shanghai' },
  })
  t.teardown(() => jobs.close())
  return { prefix, keys, jobs }
}

const finished = (jobs: Awaited<ReturnType<typeof createJobs>>, name: JobName) =>
  new Promise<unknown>((resolve) =>
    jobs.on('completed', (n, _job, result) => {
      if (n === name) resolve(result)
    }),
  )

t.test('a failing job is retried until it succeeds', async (t) => {
  const { jobs } = await setup(t)
  let attempts = 0
  jobs.handle('alert-escalation', async (job) => {
    attempts++
    if (attempts < 2) throw new Error('the manager’s phone did not answer')
    return { escalated: job.data.alertId }
  })
  const done = finished(jobs, 'alert-escalation')
  const failed = new Promise((resolve) =>
    jobs.once('failed', (name, _job, err) => resolve([name, err.message])),
  )
  await jobs.add('alert-escalation', { alertId: 'a-1' }, { backoff: { type: 'fixed', delay: 50 } })
  t.same(await failed, ['alert-escalation', 'the manager’s phone did not answer'])
  t.same(await done, { escalated: 'a-1' })
  t.equal(attempts, 2)
})

t.test('the end-of-day job sums the district’s halls and keeps the day', async (t) => {
  const { keys, jobs } = await setup(t)
  const redis = connectRedis(t)
  await redis.hset(keys.day('st-01', '2026-11-30'), { issued: '10', 'ch:kiosk': '10', served: '8' })
  await redis.hset(keys.day('st-02', '2026-11-30'), { issued: '5', 'ch:staff': '5', served: '5' })
  await redis.sadd(keys.sites, 'st-01', 'st-02')
  const reader = createProjectionReader({
    redis,
    keys,
    district: testDistrict(),
    clock: systemClock,
  })
  jobs.handle('end-of-day', async (job) => {
    const summary = await closeDay({ redis, keys, reader, day: job.data.day, ttlSec: 3600 })
    return { issued: summary.issued }
  })
  const done = finished(jobs, 'end-of-day')
  await jobs.add('end-of-day', { day: '2026-11-30' })
  t.same(await done, { issued: 15 })
  const stored = JSON.parse((await redis.get(keys.districtDay('2026-11-30'))) ?? '{}')
  t.match(stored, { day: '2026-11-30', sites: 2, issued: 15, served: 13, selfServiceShare: 0.6667 })
})

t.test('producers fail fast when Redis is away', async (t) => {
  const { jobs } = await setup(t)
  await jobs.queues['end-of-day'].disconnect()
  const began = Date.now()
  await t.rejects(jobs.add('end-of-day', {}))
  t.ok(Date.now() - began < 2000, 'no hang')
})

t.test('bull-board shows the queues, behind the guard', async (t) => {
  const { jobs } = await setup(t)
  const app = Fastify()
  t.teardown(() => app.close())
  await registerBoard(app, jobs, {
    guard: async (request, reply) => {
      if (request.headers.authorization !== 'Bearer ok')
        await reply.status(401).send({ code: 'UNAUTHORIZED' })
    },
  })
  const denied = await app.inject('/admin/queues')
  t.equal(denied.statusCode, 401)
  const page = await app.inject({ url: '/admin/queues', headers: { authorization: 'Bearer ok' } })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /html/)
  const api = await app.inject({
    url: '/admin/queues/api/queues',
    headers: { authorization: 'Bearer ok' },
  })
  t.equal(api.statusCode, 200)
  const queueNames = api
    .json()
    .queues.map((q: { name: string }) => q.name)
    .sort()
  t.same(queueNames, ['alert-escalation', 'end-of-day', 'prediction-refresh'])
})
