import { type DeviceResponse, matches, ReqId } from '@qms/protocol'
import t from 'tap'
import { RETRY_MEMORY_MS } from '../src/serial/dialect.js'
import { createStamper, serialReqId } from '../src/serial/req-id.js'
import { createRetryMemory } from '../src/serial/retry-memory.js'

const answer = (reqId: string) =>
  Promise.resolve({
    reqId,
    ok: true,
    op: 'pause',
    result: { window: '5', state: 'paused' },
  } as DeviceResponse)

t.test('a reqId names the line, the time first read and the tag', async (t) => {
  const at = Date.UTC(2026, 0, 5, 1, 0, 0)
  t.equal(serialReqId('c5', at, '17'), `sl:c5:${at.toString(36)}:17`)
  t.equal(serialReqId('c5', at), `sl:c5:${at.toString(36)}`)
  t.ok(matches(ReqId, serialReqId('c5', at, '17')), 'a valid protocol reqId')
})

t.test('the longest device id still gives a valid, distinct reqId', async (t) => {
  const at = Date.UTC(2099, 11, 31)
  const a = serialReqId(`${'d'.repeat(63)}a`, at, '12345678')
  const b = serialReqId(`${'d'.repeat(63)}b`, at, '12345678')
  t.ok(matches(ReqId, a), a)
  t.ok(a.length <= 80)
  t.not(a, b, 'ids that differ only at the end still differ')
  t.match(a, /^sl:d+-[0-9a-f]{8}:[0-9a-z]+:12345678$/)
})

t.test('stamps always increase, even when the clock stands still or steps back', async (t) => {
  let now = 1000
  const stamp = createStamper(() => now)
  t.equal(stamp(), 1000)
  t.equal(stamp(), 1001)
  now = 900
  t.equal(stamp(), 1002)
  now = 5000.7
  t.equal(stamp(), 5000)
})

t.test('a retry with the same tag and text is recalled', async (t) => {
  const memory = createRetryMemory()
  const job = { reqId: 'sl:c5:1:17', answer: answer('sl:c5:1:17') }
  memory.remember('17', 'CALL 5', job, 0)
  t.equal(memory.recall('17', 'CALL 5', 1000)?.reqId, 'sl:c5:1:17')
  t.equal(memory.recall('17', 'CALL 5', 1000)?.answer, job.answer, 'the very same answer')
})

t.test('the same tag on another request is a new request', async (t) => {
  const memory = createRetryMemory()
  memory.remember('1', 'CALL 5', { reqId: 'a', answer: answer('a') }, 0)
  t.equal(memory.recall('1', 'COMPLETE 5', 10), undefined)
  t.equal(memory.recall('2', 'CALL 5', 10), undefined)
  memory.remember('1', 'COMPLETE 5', { reqId: 'b', answer: answer('b') }, 10)
  t.equal(memory.recall('1', 'CALL 5', 20), undefined, 'the newer request replaced the older')
  t.equal(memory.recall('1', 'COMPLETE 5', 20)?.reqId, 'b')
})

t.test('answers are forgotten after the retry window', async (t) => {
  const memory = createRetryMemory()
  memory.remember('1', 'CALL 5', { reqId: 'a', answer: answer('a') }, 0)
  t.ok(memory.recall('1', 'CALL 5', RETRY_MEMORY_MS - 1))
  t.equal(memory.recall('1', 'CALL 5', RETRY_MEMORY_MS), undefined)
  t.equal(memory.size, 0)
})

t.test('memory is bounded: the oldest answers go first', async (t) => {
  const memory = createRetryMemory(60_000, 3)
  for (let i = 1; i <= 5; i++) {
    memory.remember(String(i), 'CALL 5', { reqId: `r${i}`, answer: answer(`r${i}`) }, i)
  }
  t.equal(memory.size, 3)
  t.equal(memory.recall('2', 'CALL 5', 10), undefined)
  t.equal(memory.recall('3', 'CALL 5', 10)?.reqId, 'r3')
  t.equal(memory.recall('5', 'CALL 5', 10)?.reqId, 'r5')
})
