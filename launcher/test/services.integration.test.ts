import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, natsServerBinary, natsUrl, redisUrl } from '@qms/test'
import t from 'tap'
import { probeNats, probeRedis } from '../src/services/probe.js'
import { provideService, type ServiceOptions, stopService } from '../src/services/services.js'

/*
 * NATS and Redis for a district, with the real programs: the ones already answering are used;
 * when none answers (or NATS has no JetStream), private nats-server / redis-server are started
 * on free ports with their data in the data folder, and stopped; with no program installed the
 * service is reported missing, with why.
 */

t.setTimeout(120_000)
const data = mkdtempSync(join(tmpdir(), 'qms-services-'))
t.teardown(() => rmSync(data, { recursive: true, force: true }))

const options = (url: string, extra: Partial<ServiceOptions> = {}): ServiceOptions => ({
  url,
  path: process.env.PATH,
  dataDir: data,
  logDir: join(data, 'logs'),
  port: () => freePort(),
  env: process.env,
  ...extra,
})

t.test('services already answering are used as they are', async (t) => {
  t.match(await provideService('nats', options(natsUrl())), {
    kind: 'external',
    url: natsUrl(),
    version: /^\d+\.\d+/,
  })
  t.match(await provideService('redis', options(redisUrl())), { kind: 'external' })
})

t.test('none answering: private servers are started, answer, and stop', async (t) => {
  const closed = await freePort()
  const nats = await provideService('nats', options(`nats://127.0.0.1:${closed}`))
  const redis = await provideService('redis', options(`redis://127.0.0.1:${closed}`))
  t.teardown(() => Promise.all([stopService(nats), stopService(redis)]))
  if (nats.kind !== 'private' || redis.kind !== 'private') throw new Error('not started')
  t.match(await probeNats(nats.url), { ok: true, jetstream: true }, 'NATS with JetStream')
  t.match(await probeRedis(redis.url), { ok: true })
  await Promise.all([stopService(nats), stopService(redis)])
  t.match(await probeNats(nats.url), { ok: false }, 'stopped')
  t.match(await probeRedis(redis.url), { ok: false })
})

t.test('a NATS without JetStream is not used; why is kept', async (t) => {
  const port = await freePort()
  const plain = spawn(natsServerBinary()!, ['-a', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  })
  t.teardown(() => {
    plain.kill('SIGKILL')
  })
  const url = `nats://127.0.0.1:${port}`
  for (let i = 0; i < 100 && !(await probeNats(url)).ok; i++)
    await new Promise((r) => setTimeout(r, 50))
  const nats = await provideService('nats', options(url))
  t.teardown(() => stopService(nats))
  t.equal(nats.kind, 'private', 'a private one with JetStream instead')
  const none = await provideService('nats', options(url, { path: '/nonexistent' }))
  t.match(none, {
    kind: 'missing',
    urlReason: /without JetStream \(start it with -js\)/,
    programReason: /nats-server is not installed/,
  })
})

t.test('nothing answering and nothing installed: missing, with both reasons', async (t) => {
  const closed = await freePort()
  t.match(
    await provideService('redis', options(`redis://127.0.0.1:${closed}`, { path: '/nonexistent' })),
    {
      kind: 'missing',
      urlReason: /connection refused/,
      programReason: /redis-server is not installed/,
    },
  )
  t.match(
    await provideService(
      'nats',
      options(`nats://127.0.0.1:${closed}`, { program: join(data, 'no-nats-server') }),
    ),
    { kind: 'missing', programReason: /QMS_NATS_SERVER=.*no-nats-server is not an executable/ },
  )
})
