import t from 'tap'
import { eventLine, footer, offlineNotice, serviceLine, urlTable } from '../src/output/report.js'
import { columns, width } from '../src/output/text.js'
import { cloudUrls, hallUrls } from '../src/output/urls.js'
import type { Service } from '../src/services/services.js'

/* What the launcher prints: aligned with Chinese in it, and plain about what is missing. */

t.test('a Chinese character is two columns wide; columns line up', async (t) => {
  t.equal(width('hub'), 3)
  t.equal(width('城关派出所'), 10)
  t.equal(width('窗口屏 Window'), 13)
  const lines = columns([
    ['城关派出所', 'http://a'],
    ['hub', 'http://b'],
  ])
  t.equal(
    width(lines[0]!.slice(0, lines[0]!.indexOf('http'))),
    width(lines[1]!.slice(0, lines[1]!.indexOf('http'))),
    'the second column starts at the same place on screen',
  )
})

const missing = (name: 'nats' | 'redis'): Service => ({
  kind: 'missing',
  name,
  urlReason: 'nats://127.0.0.1:4222: connection refused',
  programReason: `${name}-server is not installed`,
})

t.test(
  'missing services: what is missing, what still works, the command that installs it',
  async (t) => {
    const both = offlineNotice(missing('nats'), missing('redis')).join('\n')
    t.match(both, /缺少 NATS 和 Redis/)
    t.match(both, /各大厅离线运行/)
    t.match(both, /The halls run on their own/)
    t.match(both, /sudo apt-get install nats-server redis-server/)
    const redisOnly = offlineNotice(
      { kind: 'external', name: 'nats', url: 'nats://127.0.0.1:4222' },
      missing('redis'),
    ).join('\n')
    t.match(redisOnly, /Redis missing/)
    t.match(redisOnly, /still send their events to NATS/)
    t.same(
      offlineNotice(
        { kind: 'external', name: 'nats', url: 'n' },
        { kind: 'external', name: 'redis', url: 'r' },
      ),
      [],
      'nothing to say when both are there',
    )
    t.match(
      serviceLine(missing('nats'), '/x/.data'),
      /✗ NATS\s+未找到 not found — .*connection refused; nats-server is not installed/,
    )
    t.match(
      serviceLine({ kind: 'external', name: 'redis', url: 'redis://127.0.0.1:6379' }, '/x/.data'),
      /✓ Redis\s+redis:\/\/127.0.0.1:6379\s+已在运行 already running/,
    )
  },
)

t.test('the table: each hall’s screen and kiosk, the cloud’s pages, the demo login', async (t) => {
  const urls = {
    halls: [
      hallUrls({
        site: 'hub',
        name: '澄湖区公安局行政服务中心',
        host: '127.0.0.1',
        http: 8101,
        mqtt: 1884,
        firstWindow: '1',
      }),
      hallUrls({
        site: 'pt-01',
        name: '北渚镇便民服务点',
        host: '127.0.0.1',
        http: 8105,
        mqtt: 1888,
        firstWindow: '1',
      }),
    ],
    cloud: cloudUrls('127.0.0.1', 8090),
  }
  const text = urlTable(urls, { demoLogin: true }).join('\n')
  for (const s of [
    'http://127.0.0.1:8101/display/',
    'http://127.0.0.1:8105/kiosk/',
    'http://127.0.0.1:8101/display/window/1',
    'http://127.0.0.1:8090/console/',
    'admin / chenghu-admin',
    'http://127.0.0.1:8090/m/',
    'http://127.0.0.1:8090/admin/queues',
    'http://127.0.0.1:8090/docs',
  ])
    t.ok(text.includes(s), s)
  t.notOk(
    urlTable(urls, { demoLogin: false }).join('\n').includes('chenghu-admin'),
    'own accounts: no demo login',
  )
  t.notOk(
    urlTable({ halls: urls.halls }, { demoLogin: true }).join('\n').includes('Console'),
    'no cloud, no console',
  )
  t.match(
    footer({ dataDir: `${process.cwd()}/.data`, speed: 30, seconds: 7.25 }).join('\n'),
    /\.data\/logs\/.*30× speed · 就绪 ready in 7\.3 s/s,
  )
})

t.test('events worth a line, and those that are not', async (t) => {
  t.match(
    eventLine({
      type: 'exited',
      part: 'hub',
      exit: { code: null, signal: 'SIGKILL' },
      restartInMs: 1000,
      tail: '',
    }),
    /大厅 hall hub 意外退出 exited unexpectedly \(SIGKILL\); 1 s 后重启 restarting/,
  )
  t.match(
    eventLine({ type: 'exited', part: 'cloud', exit: { code: 2, signal: null }, tail: 'bad file' }),
    /云端 cloud 已停止 stopped \(exit code 2\), not restarted:\n\s+bad file/,
  )
  t.match(
    eventLine({ type: 'started', part: 'st-01', pid: 7, restarts: 1 }),
    /已重启 restarted \(pid 7\)/,
  )
  t.equal(
    eventLine({ type: 'started', part: 'st-01', pid: 7, restarts: 0 }),
    undefined,
    'a first start is in the table',
  )
  t.equal(eventLine({ type: 'printed', site: 'hub', printer: 'p1', ticket: 3 }), undefined)
})
