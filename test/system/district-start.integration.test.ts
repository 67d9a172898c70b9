import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EdgeState, SiteList } from '@qms/protocol'
import t from 'tap'
import {
  freePort,
  natsUrl,
  redisUrl,
  type Spawned,
  spawnProcess,
  type Teardown,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '../src/index.js'
import { getJson, signInAdmin } from './district-system.js'

/*
 * `npm start` as a newcomer runs it: the launcher's bin as a child process, its output read as
 * a person reads it, its addresses opened, Ctrl-C (SIGINT) pressed. Then again with neither
 * NATS nor Redis reachable nor installed: the halls run on their own and the launcher says what
 * is missing and the command that installs it. The bin runs compiled code (npm ci builds it).
 */

t.setTimeout(600_000)

const LAUNCHER = new URL('../../launcher/bin/qms-district.js', import.meta.url).pathname

interface Urls {
  pid: number
  halls: Array<{ site: string; screen: string; window: string; kiosk: string; state: string }>
  cloud?: { base: string; console: string; phone: string; jobs: string; docs: string }
}

interface Pids {
  launcher: number
  children: Record<string, number>
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function tempDir(t: Teardown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qms-start-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Starts the launcher; if the test ends with it still running, nothing it started is left. */
function launch(t: Teardown, dir: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const pidsFile = join(dir, '.data', 'run', 'pids.json')
  // Registered first, so it runs last: after the launcher itself was killed (if it was).
  t.teardown(() => {
    if (!existsSync(pidsFile)) return
    const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as Pids
    for (const pid of Object.values(pids.children)) if (alive(pid)) process.kill(pid, 'SIGKILL')
  })
  return spawnProcess(t, process.execPath, [LAUNCHER, '--ports', 'free', ...args], {
    cwd: dir,
    env: { QMS_LOG_LEVEL: 'info', ...env },
  })
}

const readUrls = (dir: string) =>
  JSON.parse(readFileSync(join(dir, '.data', 'run', 'urls.json'), 'utf8')) as Urls

async function page(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

t.test(
  'npm start: a living district within a minute; Ctrl-C stops it, losing nothing',
  async (t) => {
    const names = uniqueNatsNames(t)
    const prefix = uniqueRedisPrefix(t)
    const dir = await tempDir(t)
    const env = {
      QMS_NATS_URL: natsUrl(),
      QMS_REDIS_URL: redisUrl(),
      QMS_REDIS_PREFIX: prefix,
      QMS_NATS_ROOT: names.root,
      QMS_STREAM_PREFIX: names.eventStream.replace(/_EVT$/, ''),
    }
    const started = Date.now()
    const launcher = launch(t, dir, ['--speed', '60'], env)
    await launcher.waitForLine(/就绪 ready in/, 120_000)
    const readyMs = Date.now() - started
    const out = launcher.output()
    for (const text of [
      '已在运行 already running',
      '综合屏 Hall screen',
      '取号机 Kiosk',
      '窗口屏 Window screens',
      '数据驾驶舱 Console',
      '登录 sign in: admin / chenghu-admin',
      '手机取号 Phone',
      '任务看板 Job board',
      '接口文档 API docs',
      '按 Ctrl-C 停止 press Ctrl-C to stop',
    ])
      t.ok(out.includes(text), `says: ${text}`)
    t.notOk(out.includes('"level"'), 'no child’s log line on the terminal')

    const urls = readUrls(dir)
    t.same(
      urls.halls.map((h) => h.site),
      ['hub', 'st-01', 'st-02', 'st-03', 'pt-01'],
    )
    for (const h of urls.halls) {
      t.ok(out.includes(h.screen) && out.includes(h.kiosk), `${h.site}'s addresses printed`)
      for (const url of [h.screen, h.window, h.kiosk]) {
        const p = await page(url)
        t.equal(p.status, 200, url)
        t.match(p.type, /text\/html/)
      }
    }
    const cloud = urls.cloud
    if (cloud === undefined) throw new Error('no cloud in urls.json')
    for (const url of [cloud.console, cloud.phone, cloud.docs]) {
      t.equal((await page(url)).status, 200, url)
    }
    t.not((await page(cloud.jobs)).status, 200, 'the job board wants a signed-in admin')
    const admin = await signInAdmin(cloud.base)
    t.equal((await page(cloud.jobs, admin.read)).status, 200, 'the job board, signed in')

    // Alive: calls on the hub's screen, and every hall in the console with its events.
    const hub = urls.halls[0]!
    await waitFor(async () => (await getJson<EdgeState>(hub.state)).calls.length > 0, {
      what: 'a call at the hub',
      timeoutMs: 120_000,
      intervalMs: 500,
    })
    const firstCallMs = Date.now() - started
    const sites = await waitFor(
      async () => {
        const list = await getJson<SiteList>(`${cloud.base}/api/sites`, admin.read)
        return list.sites.filter((s) => s.seq > 0).length === 5 ? list : undefined
      },
      { what: 'five halls in the console', timeoutMs: 120_000, intervalMs: 500 },
    )
    const livingMs = Date.now() - started
    t.equal(sites.total, 5, 'the console shows the five halls, each with its events')
    t.comment(
      `ready ${(readyMs / 1000).toFixed(1)} s; first call ${(firstCallMs / 1000).toFixed(1)} s; five halls in the console ${(livingMs / 1000).toFixed(1)} s after npm start`,
    )

    const pids = JSON.parse(readFileSync(join(dir, '.data', 'run', 'pids.json'), 'utf8')) as Pids
    t.same(
      Object.keys(pids.children).sort(),
      ['cloud', 'hub', 'pt-01', 'st-01', 'st-02', 'st-03'],
      'a cloud and five halls run',
    )
    const seqAtStop = (await getJson<EdgeState>(hub.state)).seq
    launcher.child.kill('SIGINT')
    t.equal(await launcher.exited, 0, 'Ctrl-C: exit code 0')
    t.match(launcher.output(), /已停止 stopped in/)
    for (const [name, pid] of Object.entries(pids.children)) t.notOk(alive(pid), `${name} stopped`)
    const hallLog = readFileSync(join(dir, '.data', 'logs', 'hall-hub.log'), 'utf8')
    t.match(hallLog, /"msg":"stopped"/, 'the hub drained and stopped on its own terms')

    // Again: the day goes on from the journals.
    const again = launch(t, dir, ['--no-arrivals'], env)
    await again.waitForLine(/就绪 ready in/, 120_000)
    const resumed = await getJson<EdgeState>(readUrls(dir).halls[0]!.state)
    t.ok(resumed.seq >= seqAtStop, `the hub continues its day (seq ${resumed.seq} ≥ ${seqAtStop})`)
    again.child.kill('SIGINT')
    t.equal(await again.exited, 0)
  },
)

t.test(
  'without NATS and Redis the halls run on their own, and it says what to install',
  async (t) => {
    const dir = await tempDir(t)
    // A PATH with node alone: neither nats-server nor redis-server can be found.
    const bin = join(dir, 'bin')
    await mkdir(bin)
    await symlink(process.execPath, join(bin, 'node'))
    const closed = await freePort()
    const launcher = launch(t, dir, ['--speed', '60'], {
      PATH: bin,
      QMS_NATS_URL: `nats://127.0.0.1:${closed}`,
      QMS_REDIS_URL: `redis://127.0.0.1:${closed}`,
    })
    await launcher.waitForLine(/就绪 ready in/, 120_000)
    const out = launcher.output()
    t.match(out, /NATS\s+未找到 not found/)
    t.match(out, /Redis\s+未找到 not found/)
    t.match(out, /nats-server is not installed/)
    t.match(out, /各大厅离线运行/)
    t.match(out, /The halls run on their own/)
    t.ok(
      out.includes('sudo apt-get install nats-server redis-server'),
      'the command that installs them',
    )
    t.notOk(out.includes('数据驾驶舱 Console'), 'no console address: no cloud')
    const hub = readUrls(dir).halls[0]!
    const take = await fetch(hub.state.replace('/api/state', '/api/tickets'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: 'HJ-002', reqId: 'offline-1' }),
    })
    t.equal(take.status, 200, 'the hall issues numbers offline')
    const state = await waitFor(
      async () => {
        const s = await getJson<EdgeState>(hub.state)
        return s.calls.length > 0 ? s : undefined
      },
      { what: 'calls at the offline hub', timeoutMs: 120_000, intervalMs: 500 },
    )
    t.equal(state.link.connected, false, 'and knows it has no cloud')
    launcher.child.kill('SIGINT')
    t.equal(await launcher.exited, 0)
  },
)
