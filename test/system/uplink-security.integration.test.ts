import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { jetstream } from '@nats-io/jetstream'
import { connect, nkeyAuthenticator } from '@nats-io/transport-node'
import { type CloudCommand, natsNames, PROTOCOL_VERSION, type SiteDetail } from '@qms/protocol'
import t from 'tap'
import { startNatsServer, uniqueRedisPrefix, waitFor } from '../src/index.js'
import {
  CLOUD_BIN,
  connectDevice,
  explainFailure,
  getJson,
  metricValue,
  sampleHall,
  signIn,
  spawnCloud,
  spawnEdge,
  tempDir,
} from './uplink-system.js'

/*
 * The hall under its own NATS user: a private nats-server runs the authorization block that
 * `qms-cloud nats-auth` generates, `qms-cloud` signs in as the cloud user and `qms-edge` with its
 * hall's nkey seed from the seeds file. The hall does all of its work — events, commands, phone
 * takes — without one permissions violation, and with its credentials nothing of another hall's
 * can be done: publishing as it, reading its commands or its requests.
 */

const SITE = 'st-01'
const OTHER = 'st-02'
t.setTimeout(300_000)
const run = promisify(execFile)
const names = natsNames()
const enc = new TextEncoder()

t.test('a hall works under its own NATS user and can touch nothing of another hall', async (t) => {
  const dir = await tempDir(t)
  const seedsFile = join(dir, 'seeds.json')
  const password = `cloud-${Date.now().toString(36)}`
  const { stdout: config } = await run(
    process.execPath,
    [CLOUD_BIN, 'nats-auth', '--sites', `${SITE},${OTHER}`, '--seeds', seedsFile],
    { env: { ...process.env, QMS_NATS_PASSWORD: password } },
  )
  const server = await startNatsServer(t, { config })
  const cloud = await spawnCloud(t, {
    natsUrl: server.url,
    names,
    redisPrefix: uniqueRedisPrefix(t),
    env: { QMS_NATS_USER: 'cloud', QMS_NATS_PASSWORD: password },
  })
  const edge = await spawnEdge(t, {
    hallFile: await sampleHall(dir, SITE),
    dataDir: join(dir, 'data'),
    natsUrl: server.url,
    names,
    env: { QMS_NATS_SEED_FILE: seedsFile },
  })
  explainFailure(t, { edge: edge.proc, cloud: cloud.proc })
  const state = () =>
    getJson<{
      seq: number
      diversion?: boolean
      link: { connected: boolean; behindEvents: number }
    }>(`${edge.httpUrl}/api/state`)
  await waitFor(async () => (await state()).link.connected, { what: 'up', timeoutMs: 30_000 })
  t.match(edge.proc.output(), /"auth":"nkey"/, 'the hall signs in with its nkey')

  // Its events reach the cloud.
  const k1 = await connectDevice(t, edge.mqttUrl, SITE, 'k1')
  for (let i = 0; i < 25; i++) t.ok((await k1.request({ op: 'take', item: 'HJ-001' })).ok)
  const n = (await state()).seq
  const cookie = await signIn(cloud.url)
  await waitFor(
    async () => (await getJson<SiteDetail>(`${cloud.url}/api/sites/${SITE}`, cookie)).seq === n,
    { what: 'the events in the cloud', timeoutMs: 60_000 },
  )

  // A phone take through the cloud: a request the hall answers once.
  const phone = await fetch(`${cloud.url}/api/virtual-tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: SITE, item: 'HJ-001' }),
  })
  t.equal(phone.status, 201)
  t.match(await phone.json(), { ticket: 'A026' })

  // A command from the cloud, pulled from the hall's own consumer.
  const cloudNc = await connect({ servers: server.url, user: 'cloud', pass: password })
  t.teardown(() => cloudNc.close())
  const now = Date.now()
  const command: CloudCommand = {
    v: PROTOCOL_VERSION,
    id: `sec-${now.toString(36)}`,
    site: SITE,
    ts: new Date(now).toISOString(),
    expiresAt: new Date(now + 600_000).toISOString(),
    type: 'config',
    data: { diversion: true },
  }
  await jetstream(cloudNc).publish(names.commands(SITE), JSON.stringify(command), {
    msgID: command.id,
  })
  await waitFor(async () => (await state()).diversion === true, { what: 'the command applied' })
  await waitFor(async () => (await state()).link.behindEvents === 0, { what: 'all sent' })
  t.notMatch(edge.proc.output(), /permissions violation/i, 'the hall never overstepped')
  const metrics = await (await fetch(`${edge.httpUrl}/metrics`)).text()
  // The live cloud sends predictions and guidance of its own: ours is among those applied.
  t.ok((metricValue(metrics, 'qms_edge_uplink_commands_total', { result: 'applied' }) ?? 0) >= 1)

  // With the hall's own credentials, nothing of the other hall's.
  const seed = (JSON.parse(await readFile(seedsFile, 'utf8')) as Record<string, string>)[SITE]
  const errors: string[] = []
  const nc = await connect({
    servers: server.url,
    authenticator: nkeyAuthenticator(enc.encode(seed)),
    inboxPrefix: names.edgeInboxPrefix(SITE),
  })
  t.teardown(() => nc.close())
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error))
  })()
  const js = jetstream(nc)
  const forged = JSON.stringify({
    v: 1,
    site: OTHER,
    seq: 1,
    ts: new Date().toISOString(),
    type: 'window.opened',
    data: { window: '1' },
  })
  await t.rejects(
    js.publish(names.events(OTHER), forged, { msgID: `${OTHER}:1`, timeout: 1500 }),
    'publish as the other hall through JetStream',
  )
  nc.publish(names.events(OTHER), forged)
  await nc.flush()
  await waitFor(() => errors.some((e) => /Permissions Violation for Publish/i.test(e)), {
    what: 'the plain publish refused',
  })
  await t.rejects(
    js.consumers.get(names.commandStream, names.commandConsumer(OTHER)),
    'look up the other hall’s command consumer',
  )
  await t.rejects(
    nc.request(
      `$JS.API.CONSUMER.MSG.NEXT.${names.commandStream}.${names.commandConsumer(OTHER)}`,
      enc.encode('{"batch":1}'),
      { timeout: 1000 },
    ),
    'pull the other hall’s commands',
  )
  for (const subject of [names.commands(OTHER), names.rpc(OTHER, 'take'), names.allEvents()]) {
    const sub = nc.subscribe(subject)
    const end = await sub.closed.then(
      (v) => (v instanceof Error ? v.message : 'closed without an error'),
      (err: Error) => err.message,
    )
    t.match(end, /permissions violation/i, `subscribe ${subject}`)
  }
  const other = await getJson<SiteDetail>(`${cloud.url}/api/sites/${OTHER}`, cookie)
  t.equal(other.seq, 0, 'nothing arrived for the other hall')
})
