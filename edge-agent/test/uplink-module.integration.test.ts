import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startNatsServer, waitFor } from '@qms/test'
import t from 'tap'
import { startUplink } from '../src/cloud/uplink-module.js'
import { tempDir } from './fixtures/agent.js'
import { startAgentOnly } from './uplink-hall.js'

/*
 * The seam: `startUplink` connects an agent with the hall file's uplink settings. It returns at
 * once whether or not NATS is there; a seed file that holds no seed stops it with a clear error;
 * close is bounded even while the server is unreachable.
 */

t.setTimeout(120_000)

t.test('starts at once without NATS; connects when the server appears; closes', async (t) => {
  const { agent } = await startAgentOnly(t)
  t.teardown(() => agent.close())
  const server = await startNatsServer(t)
  await server.stop()
  const uplink = await startUplink(
    agent,
    { servers: [server.url], root: 'qz', streamPrefix: 'QZ' },
    undefined,
    {
      retryMs: 50,
      retryMaxMs: 200,
    },
  )
  t.equal(uplink.status().connected, false)
  t.match(agent.snapshot().link, { connected: false })
  await server.start()
  await waitFor(() => uplink.status().connected, { what: 'connected', timeoutMs: 30_000 })
  await waitFor(() => agent.snapshot().link.connected, { what: 'shown' })
  await uplink.close()
  t.equal(uplink.close(), uplink.close(), 'close is idempotent')
  t.equal(agent.snapshot().link.connected, false, 'a last state, disconnected')
})

t.test('close does not wait for a connection that cannot be made', async (t) => {
  const { agent } = await startAgentOnly(t)
  t.teardown(() => agent.close())
  const uplink = await startUplink(agent, { servers: ['nats://127.0.0.1:1'] })
  await t.resolves(uplink.close())
  t.equal(uplink.status().connected, false)
})

t.test('a seed file without a seed is a configuration error', async (t) => {
  const { agent } = await startAgentOnly(t)
  t.teardown(() => agent.close())
  const dir = await tempDir(t)
  await writeFile(join(dir, 'seed'), 'not a seed')
  await t.rejects(
    startUplink(agent, { servers: ['nats://127.0.0.1:1'], seedFile: join(dir, 'seed') }),
    { code: 'CONFIG_INVALID', message: /nkey seed/ },
  )
})
