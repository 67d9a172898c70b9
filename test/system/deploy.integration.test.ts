import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import {
  type Catalogue,
  checkHall,
  type HallConfig,
  HallConfig as HallConfigSchema,
  natsNames,
  type SiteDetail,
  schemaIssues,
} from '@qms/protocol'
import t from 'tap'
import {
  freePort,
  natsServerBinary,
  type Teardown,
  uniqueRedisPrefix,
  waitFor,
} from '../src/index.js'
import {
  CLOUD_BIN,
  connectDevice,
  explainFailure,
  getJson,
  sampleHall,
  signIn,
  spawnCloud,
  spawnEdge,
  tempDir,
} from './uplink-system.js'

/*
 * The README's scale-out examples in deploy/ are real: the example hall file passes the hall
 * checks, and the three NATS servers of deploy/nats/ — run here on loopback ports, with the
 * authorization `qms-cloud nats-auth` makes — form a JetStream cluster on which qms-cloud keeps
 * both streams on three servers (QMS_NATS_REPLICAS=3). A hall's events go on arriving in the
 * cloud, once each, after one of the three servers is killed.
 */

t.setTimeout(600_000)
const run = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname
const deploy = (file: string) => readFileSync(join(root, 'deploy', file), 'utf8')

t.test('the example hall file is a valid hall of the sample catalogue', async (t) => {
  const hall = JSON.parse(deploy('hall/st-07.json')) as HallConfig
  t.same(schemaIssues(HallConfigSchema, hall), [], 'matches the HallConfig schema')
  const catalogue = JSON.parse(
    readFileSync(join(root, 'protocol', 'sample', 'catalogue.json'), 'utf8'),
  ) as Catalogue
  t.same(checkHall(hall, catalogue), [], 'consistent with the catalogue')
  t.ok(
    hall.serial?.some((s) => hall.devices.some((d) => d.id === s.device && d.kind === 'caller')),
    'its serial keypad speaks for a caller of the hall',
  )
})

interface Node {
  name: string
  client: number
  cluster: number
  proc?: ChildProcess
}

/** deploy/nats/nats-N.conf, moved to loopback ports and a temporary store; auth as given. */
function localConf(n: number, nodes: Node[], dir: string): string {
  const me = nodes[n - 1]!
  return deploy(`nats/nats-${n}.conf`)
    .replace(/^listen: .*$/m, `listen: 127.0.0.1:${me.client}`)
    .replace(/^http: .*$/m, '')
    .replace(/store_dir: ".*"/, `store_dir: "${join(dir, me.name)}"`)
    .replace(/^ {2}listen: 0\.0\.0\.0:6222$/m, `  listen: 127.0.0.1:${me.cluster}`)
    .replace(
      /nats-route:\/\/nats-(\d)\.qms\.internal:6222/g,
      (_, i: string) => `nats-route://127.0.0.1:${nodes[Number(i) - 1]!.cluster}`,
    )
}

function startNode(t: Teardown, node: Node, conf: string): Promise<void> {
  const proc = spawn(natsServerBinary()!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  node.proc = proc
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL')
  })
  return new Promise((resolve, reject) => {
    let log = ''
    proc.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('Server is ready')) resolve()
    })
    proc.once('exit', (code) =>
      reject(new Error(`${node.name} exited ${code}: ${log.slice(-2000)}`)),
    )
  })
}

t.test(
  'a three-node JetStream cluster from deploy/nats keeps the streams on three servers',
  async (t) => {
    if (natsServerBinary() === undefined) throw new Error('nats-server is not installed')
    const dir = await tempDir(t)
    const nodes: Node[] = []
    for (const i of [1, 2, 3])
      nodes.push({ name: `nats-${i}`, client: await freePort(), cluster: await freePort() })
    const password = `cloud-${Date.now().toString(36)}`
    const seeds = join(dir, 'seeds.json')
    const { stdout: auth } = await run(
      process.execPath,
      [CLOUD_BIN, 'nats-auth', '--sites', 'st-07', '--seeds', seeds],
      { env: { ...process.env, QMS_NATS_PASSWORD: password } },
    )
    await writeFile(join(dir, 'auth.conf'), auth)
    const confs: string[] = []
    for (const i of [1, 2, 3]) {
      await mkdir(join(dir, `nats-${i}`))
      const file = join(dir, `nats-${i}.conf`)
      await writeFile(file, localConf(i, nodes, dir))
      confs.push(file)
    }
    await Promise.all(nodes.map((n, i) => startNode(t, n, confs[i]!)))
    const urls = nodes.map((n) => `nats://127.0.0.1:${n.client}`).join(',')
    const names = natsNames()

    // The cloud, as deploy/cloud/qms-cloud.env has it: its user, three servers, three replicas.
    const env = Object.fromEntries(
      deploy('cloud/qms-cloud.env')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    )
    t.equal(env.QMS_NATS_REPLICAS, '3', 'the example asks for three replicas')
    const cloud = await spawnCloud(t, {
      natsUrl: urls,
      names,
      redisPrefix: uniqueRedisPrefix(t),
      env: {
        QMS_NATS_USER: env.QMS_NATS_USER,
        QMS_NATS_PASSWORD: password,
        QMS_NATS_REPLICAS: env.QMS_NATS_REPLICAS,
      },
    })
    const edge = await spawnEdge(t, {
      hallFile: await sampleHall(dir, 'st-07'),
      dataDir: join(dir, 'data'),
      natsUrl: urls,
      names,
      env: { QMS_NATS_SEED_FILE: seeds },
    })
    explainFailure(t, { edge: edge.proc, cloud: cloud.proc })

    const nc = await connect({ servers: urls.split(','), user: 'cloud', pass: password })
    t.teardown(() => nc.close())
    const jsm = await jetstreamManager(nc)
    for (const stream of [names.eventStream, names.commandStream]) {
      const info = await waitFor(
        async () => {
          const i = await jsm.streams.info(stream)
          return (i.cluster?.replicas?.length ?? 0) === 2 ? i : undefined
        },
        { what: `${stream} on three servers`, timeoutMs: 60_000, intervalMs: 250 },
      )
      t.equal(info.config.num_replicas, 3, `${stream}: three replicas`)
      t.ok(info.cluster?.leader, `${stream}: a leader and two followers`)
    }

    const cookie = await signIn(cloud.url)
    const state = () => getJson<{ seq: number }>(`${edge.httpUrl}/api/state`)
    const caughtUp = async (what: string) => {
      const n = (await state()).seq
      await waitFor(
        async () => (await getJson<SiteDetail>(`${cloud.url}/api/sites/st-07`, cookie)).seq === n,
        { what, timeoutMs: 120_000, intervalMs: 250 },
      )
      return n
    }
    const kiosk = await connectDevice(t, edge.mqttUrl, 'st-07', 'k1')
    for (let i = 0; i < 10; i++) t.ok((await kiosk.request({ op: 'take', item: 'HJ-001' })).ok)
    const before = await caughtUp('the events in the cloud')

    // One server dies; the cluster keeps a majority, the streams their data.
    const leader = (await jsm.streams.info(names.eventStream)).cluster?.leader
    const victim = nodes.find((n) => n.name === leader) ?? nodes[0]!
    victim.proc?.kill('SIGKILL')
    t.comment(`killed ${victim.name}, the event stream's leader`)
    for (let i = 0; i < 10; i++) t.ok((await kiosk.request({ op: 'take', item: 'HJ-001' })).ok)
    const after = await caughtUp('the events in the cloud with one server down')
    t.ok(after >= before + 10, 'every event after the loss applied')
    const detail = await getJson<SiteDetail>(`${cloud.url}/api/sites/st-07`, cookie)
    t.equal(detail.applied, after, 'applied once each: applied = last seq')
    t.equal(detail.skipped, 0)
  },
)
