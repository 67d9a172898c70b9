import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type Catalogue, createManualClock } from '@qms/protocol'
import t from 'tap'
import { createIdleTimer } from '../src/kiosk/idle.js'
import { guidanceForItem, itemView } from '../src/kiosk/item-view.js'
import { createTakeIntents, NETWORK_MESSAGE, takeErrorMessage } from '../src/kiosk/take.js'
import { catalogueItem, hallGuidance } from './fixtures.js'

t.test('one intent to take a number is one request id', async (t) => {
  const intents = createTakeIntents('k1', 'lx3f9a')
  const first = intents.reqIdFor('HJ-002')
  t.equal(intents.reqIdFor('HJ-002'), first, 'a double tap or a retry')
  t.match(first, /^k1-lx3f9a-1$/)
  intents.done()
  t.not(intents.reqIdFor('HJ-002'), first, 'after the answer, a new intent')
  const other = intents.reqIdFor('CRJ-001')
  t.not(intents.reqIdFor('HJ-002'), other, 'another item is another intent')
  const odd = createTakeIntents('kiosk at door/2', 'x y')
  t.match(odd.reqIdFor('HJ-002'), /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/, 'always a valid ReqId')
})

t.test('failed takes are said in Chinese, from the code', async (t) => {
  t.same(takeErrorMessage({ code: 'HALL_CLOSED', messageZh: '不在取号时间' }), {
    zh: '现在不在取号时间，请在办公时间内取号',
    en: 'The hall is not issuing tickets now.',
    retry: false,
  })
  t.match(takeErrorMessage({ code: 'UNAVAILABLE' }), { retry: true })
  t.match(takeErrorMessage({ code: 'UNKNOWN_ITEM', messageZh: '没有该事项' }), {
    zh: '没有该事项',
    retry: false,
  })
  t.match(
    takeErrorMessage({ code: 'BAD_REQUEST' }),
    { zh: '请求内容不正确' },
    'the code table when no messageZh',
  )
  t.match(takeErrorMessage({ code: 'SOMETHING_NEW', messageZh: '新的错误' }), {
    zh: '新的错误',
    retry: false,
  })
  t.match(takeErrorMessage({ code: 'SOMETHING_NEW' }), { zh: '取号失败，请咨询工作人员' })
  t.equal(NETWORK_MESSAGE.retry, true)
})

t.test('the kiosk goes back to the start when left alone', async (t) => {
  const clock = createManualClock()
  let idle = 0
  const timer = createIdleTimer({ clock, onIdle: () => idle++ })
  timer.poke()
  t.equal(timer.remaining(), 60_000)
  clock.advance(59_000)
  timer.poke()
  clock.advance(59_000)
  t.equal(idle, 0, 'every touch starts the countdown again')
  clock.advance(1000)
  t.equal(idle, 1)
  t.equal(timer.remaining(), undefined)
  clock.advance(120_000)
  t.equal(idle, 1, 'once per countdown')
  timer.poke(30_000)
  clock.advance(30_000)
  t.equal(idle, 2, 'a shorter countdown on the ticket screen')
  timer.poke()
  timer.pause()
  clock.advance(120_000)
  t.equal(idle, 2, 'paused on the start screen')
  timer.poke()
  timer.stop()
  timer.poke()
  clock.advance(120_000)
  t.equal(idle, 2, 'stopped for good')
  t.equal(clock.pending(), 0)
})

t.test('item page: materials, wait, 掌办 and a shorter hall before taking', async (t) => {
  const now = Date.UTC(2026, 0, 5, 2)
  const plain = itemView(catalogueItem(), [], { now })
  t.match(plain, {
    code: 'HJ-002',
    materials: ['原居民身份证', '居民户口簿'],
    waiting: 3,
    wait: { zh: '约20分钟', rangeZh: '10–30分钟' },
    advice: [],
  })
  const online = catalogueItem({
    code: 'CRJ-001',
    category: 'CRJ-HZ',
    online: true,
    onlineUrl: 'https://zhangban.example.gov.cn/item/CRJ-001',
  })
  t.match(itemView(online, [], { now }).advice, [
    { kind: 'online', url: 'https://zhangban.example.gov.cn/item/CRJ-001' },
  ])
  const cloudLink = {
    kind: 'online' as const,
    item: 'CRJ-001',
    text: '扫码办理',
    url: 'https://cloud.example/c',
  }
  t.match(
    itemView(online, [cloudLink], { now }).advice,
    [{ kind: 'online', url: 'https://cloud.example/c' }],
    "the cloud's link first",
  )
  t.match(itemView(catalogueItem(), [hallGuidance], { now }).advice, [
    { kind: 'hall', siteName: '西湖派出所', waitMin: 5, savingMin: 25 },
  ])
  t.same(
    itemView(online, [hallGuidance], { now }).advice.length,
    1,
    'guidance for another category is not shown',
  )
})

t.test('which guidance concerns an item', async (t) => {
  const now = Date.UTC(2026, 0, 5, 2)
  const expired = { ...hallGuidance, until: new Date(now - 1000).toISOString() }
  const forItem = { kind: 'notice' as const, item: 'HJ-002', text: '换领请带旧证' }
  const forOther = { kind: 'notice' as const, item: 'HJ-003', text: '补领需登报' }
  const hallWide = { kind: 'notice' as const, text: '今日下午停电检修' }
  const vague = { kind: 'online' as const, text: '多数事项可掌办', url: 'https://x.example' }
  t.same(
    guidanceForItem(
      [hallGuidance, expired, forItem, forOther, hallWide, vague],
      'HJ-002',
      'HJ-SFZ',
      now,
    ),
    [hallGuidance, forItem, hallWide],
  )
})

t.test('the sample catalogue is what the kiosk fixtures look like', async (t) => {
  const file = fileURLToPath(import.meta.resolve('@qms/protocol/sample/catalogue.json'))
  const catalogue = JSON.parse(readFileSync(file, 'utf8')) as Catalogue
  const item = catalogue.items.find((i) => i.code === 'HJ-002')
  t.match(item, { name: catalogueItem().name, pinyin: catalogueItem().pinyin })
})
