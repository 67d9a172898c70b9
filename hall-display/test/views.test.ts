import type { Announce } from '@qms/protocol'
import t from 'tap'
import { formatClock, formatWait, roundMinutes } from '../src/view/format.js'
import { bannerOf, hallView, pageOf, withAnnounce } from '../src/view/hall-view.js'
import { windowNoFromPath, windowView } from '../src/view/window-view.js'
import { callEntry, hallGuidance, snapshot, windowEntry } from './fixtures.js'

t.test('waits are rounded for people, with the 80% interval', async (t) => {
  t.same(
    [0, 0.4, 1.2, 7.6, 12, 23, 58, 64, 125].map(roundMinutes),
    [0, 1, 1, 8, 10, 25, 60, 60, 130],
  )
  t.same(formatWait(undefined), { zh: '无需等候', en: 'no wait', minutes: 0 })
  t.same(formatWait({ minutes: 0.2 }), { zh: '无需等候', en: 'no wait', minutes: 0 })
  t.same(formatWait({ minutes: 22.4, lo80: 12.2, hi80: 33.1 }), {
    zh: '约20分钟',
    en: 'about 20 min',
    minutes: 20,
    rangeZh: '12–35分钟',
    rangeEn: '12–35 min',
  })
  t.match(formatWait({ minutes: 80, lo80: 50, hi80: 110 }), {
    zh: '约80分钟',
    en: 'about 80 min',
    rangeZh: '50–110分钟',
  })
  t.match(formatWait({ minutes: 160, lo80: 100, hi80: 250 }), {
    zh: '约2.5小时',
    en: 'about 2.5 h',
    rangeZh: '100分钟–4小时',
    rangeEn: '100 min–4 h',
  })
  t.match(formatWait({ minutes: 300, lo80: 200, hi80: 400 }), { rangeZh: '3.5–6.5小时' })
  t.notOk('rangeZh' in formatWait({ minutes: 5, lo80: 5, hi80: 5 }), 'a flat interval says nothing')
})

t.test('the clock in Chinese, in the hall time zone', async (t) => {
  const c = formatClock(Date.UTC(2026, 0, 5, 1, 2, 3), 'Asia/Shanghai')
  t.same(c, {
    time: '09:02',
    seconds: ':03',
    date: '2026年1月5日',
    weekday: '星期一',
    dateEn: 'Mon 5 Jan 2026',
  })
  t.equal(
    formatClock(Date.UTC(2026, 0, 4, 16, 0, 0), 'Asia/Shanghai').time,
    '00:00',
    'midnight is 00',
  )
  const at = Date.UTC(2026, 0, 5, 1, 2, 3)
  t.same(
    formatClock(at, 'Mars/Olympus'),
    formatClock(at),
    'a zone Intl does not know: the browser’s, not a stopped clock',
  )
})

t.test('hall view: the newest call on top, the ones before it listed', async (t) => {
  const calls = [
    callEntry('A003', '2', '2026-01-05T02:03:00.000Z'),
    callEntry('A002', '1', '2026-01-05T02:02:00.000Z'),
    callEntry('A001', '2', '2026-01-05T02:01:00.000Z'),
  ]
  const v = hallView(snapshot({ calls }), { recentCount: 1 })
  t.match(v.latest, { ticket: 'A003', windowName: '2号窗口', recalls: 0 })
  t.same(
    v.recent.map((c) => c.ticket),
    ['A002'],
  )
  t.equal(v.waitingTotal, 4)
  t.equal(v.windowsOpen, 1)
  t.equal(v.linkDown, false)
  t.same(
    v.queues.map((q) => q.category),
    ['HJ-SFZ', 'HJ-QY'],
    'queues with people waiting first',
  )
  t.equal(v.queues[1]?.wait.zh, '无需等候')
  t.equal(hallView(snapshot()).latest, undefined, 'no call yet')
  t.equal(
    hallView(snapshot({ link: { connected: false, behindEvents: 3, behindSec: 40 } })).linkDown,
    true,
  )
})

t.test('a recall changes the call key: the screen flashes again', async (t) => {
  const a = hallView(snapshot({ calls: [callEntry('A001', '2', '2026-01-05T02:01:00.000Z')] }))
  const b = hallView(snapshot({ calls: [callEntry('A001', '2', '2026-01-05T02:02:00.000Z', 1)] }))
  t.not(a.latest?.key, b.latest?.key)
})

t.test('an announcement shows at once, before the snapshot that includes it', async (t) => {
  const before = snapshot({ calls: [callEntry('A001', '2', '2026-01-05T02:01:00.000Z')] })
  const announce: Announce = {
    id: 'x.1',
    ticket: 'E001',
    window: '4',
    windowName: '4号窗口',
    text: '请E001号到4号窗口办理',
    recall: false,
    at: '2026-01-05T02:05:00.000Z',
  }
  const after = withAnnounce(before, announce)
  t.same(
    after.calls.map((c) => c.ticket),
    ['E001', 'A001'],
  )
  t.equal(before.calls.length, 1, 'the snapshot itself is not changed')
  const recall = withAnnounce(after, {
    ...announce,
    id: 'x.2',
    recall: true,
    at: '2026-01-05T02:06:00.000Z',
  })
  t.match(recall.calls[0], { ticket: 'E001', recalls: 1, at: '2026-01-05T02:06:00.000Z' })
  t.equal(recall.calls.length, 2, 'one entry per ticket')
  t.equal(withAnnounce(recall, announce), recall, 'an older announcement changes nothing')
})

t.test('the banner: the cloud guidance, else the online items', async (t) => {
  const online = {
    kind: 'online' as const,
    item: 'CRJ-001',
    text: '护照可掌上办理',
    url: 'https://zhangban.example.gov.cn/item/CRJ-001',
  }
  t.match(bannerOf([hallGuidance, online, { kind: 'stay', text: '请留在本厅' }]), [
    { kind: 'hall', siteName: '西湖派出所', savingMin: 25 },
    { kind: 'online', url: online.url },
  ])
  const fallback = [{ item: 'HJ-012', name: '居民身份证制证进度查询', url: 'https://x.example/1' }]
  t.match(bannerOf([], fallback), [
    { kind: 'online', url: 'https://x.example/1', text: /居民身份证制证进度查询/ },
  ])
  t.equal(bannerOf([online], fallback).length, 1, 'no fallback when the cloud names one')
  t.match(bannerOf([{ kind: 'notice', text: '今日下午停电检修' }]), [{ kind: 'notice' }])
})

t.test('pages of a long list wrap around', async (t) => {
  const list = [1, 2, 3, 4, 5, 6, 7]
  t.same(pageOf(list, 3, 0), { items: [1, 2, 3], page: 0, pages: 3 })
  t.same(pageOf(list, 3, 2), { items: [7], page: 2, pages: 3 })
  t.same(pageOf(list, 3, 4), { items: [4, 5, 6], page: 1, pages: 3 })
  t.same(pageOf([], 3, 5), { items: [], page: 0, pages: 1 })
})

t.test('window view: its ticket and state', async (t) => {
  const s = snapshot({
    windows: [
      windowEntry('2', 'calling', 'A007'),
      windowEntry('3', 'serving', 'E002'),
      windowEntry('4', 'paused'),
    ],
    calls: [callEntry('A007', '2', '2026-01-05T02:01:00.000Z')],
  })
  t.match(windowView(s, '2'), {
    known: true,
    state: 'calling',
    ticket: 'A007',
    line: '请到本窗口办理',
  })
  t.ok(windowView(s, '2').callKey)
  t.match(windowView(s, '3'), { state: 'serving', ticket: 'E002', line: '正在办理' })
  t.match(windowView(s, '4'), { state: 'paused', line: '暂停服务' })
  t.notOk('ticket' in windowView(s, '4'))
  t.match(windowView(s, '9'), { known: false, state: 'unknown', line: '本厅没有该窗口' })
})

t.test('the window number comes from the path', async (t) => {
  t.equal(windowNoFromPath('/display/window/5'), '5')
  t.equal(windowNoFromPath('/display/window/A3/'), 'A3')
  t.equal(windowNoFromPath('/display/window/'), undefined)
  t.equal(windowNoFromPath('/display/window/..%2F'), undefined)
  t.equal(windowNoFromPath('/display/window/123456789'), undefined)
})
