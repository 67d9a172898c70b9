import { relative } from 'node:path'
import type { DistrictEvent } from '../district.js'
import type { ExitInfo } from '../processes/child.js'
import { INSTALL_HINT, type Service } from '../services/services.js'
import { columns } from './text.js'
import type { DistrictUrls } from './urls.js'

/*
 * What the launcher says on the terminal: short, Chinese first with English beside it. The
 * children's own logs go to files; this is what a person starting the district reads.
 */

const NAMES = { nats: 'NATS', redis: 'Redis' } as const

export function serviceLine(s: Service, dataDir: string): string {
  const name = NAMES[s.name].padEnd(6)
  switch (s.kind) {
    case 'external':
      return `  ✓ ${name}${s.url}  已在运行 already running${s.version === undefined ? '' : ` (${s.version})`}`
    case 'private':
      return `  ✓ ${name}${s.url}  已启动本机 ${s.name === 'nats' ? 'nats-server' : 'redis-server'} started here (data: ${relative(process.cwd(), dataDir) || '.'}/services/)`
    case 'missing':
      return `  ✗ ${name}未找到 not found — ${s.urlReason}; ${s.programReason}`
  }
}

/** Said when the cloud cannot run: what is missing and how to get it. */
export function offlineNotice(nats: Service, redis: Service): string[] {
  const missing = [nats, redis].filter((s) => s.kind === 'missing').map((s) => NAMES[s.name])
  if (missing.length === 0) return []
  const linked = nats.kind !== 'missing'
  return [
    '',
    `  ! 缺少 ${missing.join(' 和 ')}，云端未启动。${linked ? '各大厅仍把事件送到 NATS。' : '各大厅离线运行：取号、叫号、屏幕和打印照常。'}`,
    `    ${missing.join(' and ')} missing: the cloud (console, phone page, predictions) is not started.`,
    linked
      ? '    The halls still send their events to NATS; the cloud catches up when it starts.'
      : '    The halls run on their own, as with the network down: numbers, calls, screens and printing work.',
    `    安装 Install: ${INSTALL_HINT}   然后再次 then again: npm start`,
  ]
}

export function urlTable(urls: DistrictUrls, options: { demoLogin: boolean }): string[] {
  const out: string[] = ['']
  out.push(
    ...columns([
      ['大厅 Hall', '综合屏 Hall screen', '取号机 Kiosk'],
      ...urls.halls.map((h) => [`${h.site.padEnd(5)} ${h.name}`, h.screen, h.kiosk]),
    ]),
  )
  const first = urls.halls[0]
  if (first !== undefined)
    out.push(`  窗口屏 Window screens: …/display/window/<n>, e.g. ${first.window}`)
  if (urls.cloud !== undefined) {
    const c = urls.cloud
    out.push('')
    out.push(
      ...columns([
        [
          '数据驾驶舱 Console',
          c.console,
          options.demoLogin ? '登录 sign in: admin / chenghu-admin' : '',
        ],
        ['手机取号 Phone', c.phone, ''],
        ['任务看板 Job board', c.jobs, options.demoLogin ? '(admin)' : ''],
        ['接口文档 API docs', c.docs, ''],
      ]),
    )
  }
  return out
}

export function footer(o: { dataDir: string; speed: number | false; seconds: number }): string[] {
  const data = relative(process.cwd(), o.dataDir) || '.'
  const arrivals =
    o.speed === false ? '到店模拟关闭 arrivals off' : `到店模拟 arrivals at ${o.speed}× speed`
  return [
    '',
    `  日志 Logs ${data}/logs/ · 小票 Printed tickets ${data}/printers/ · 流水 Journals ${data}/halls/`,
    `  ${arrivals} · 就绪 ready in ${o.seconds.toFixed(1)} s · 按 Ctrl-C 停止 press Ctrl-C to stop`,
    '',
  ]
}

function how(exit: ExitInfo): string {
  return exit.signal ?? `exit code ${exit.code}`
}

const partName = (part: string) =>
  part === 'cloud' ? '云端 cloud' : part.includes('server') ? part : `大厅 hall ${part}`

/** A line for an event worth telling while the district runs, or undefined. */
export function eventLine(e: DistrictEvent): string | undefined {
  switch (e.type) {
    case 'exited':
      return e.restartInMs === undefined
        ? `  ✗ ${partName(e.part)} 已停止 stopped (${how(e.exit)}), not restarted:\n${indent(e.tail)}`
        : `  ✗ ${partName(e.part)} 意外退出 exited unexpectedly (${how(e.exit)}); ${(e.restartInMs / 1000).toFixed(0)} s 后重启 restarting`
    case 'started':
      return e.restarts > 0 ? `  ✓ ${partName(e.part)} 已重启 restarted (pid ${e.pid})` : undefined
    case 'restart-failed':
      return `  ✗ ${partName(e.part)} 重启失败 restart failed: ${e.error.message}`
    case 'left-running':
      return `  · 已停止上次遗留的进程 stopped what an earlier run left running: ${e.parts.join(', ')}`
    case 'error':
      return `  ✗ ${e.part}: ${e.error.message}`
    case 'traffic-day':
      return `  · 模拟的一天结束 a simulated day ended: ${e.people} people; the next begins`
    default:
      return undefined
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(-12)
    .map((l) => `      ${l.length > 200 ? `${l.slice(0, 200)}…` : l}`)
    .join('\n')
}
