import { createManualClock, type EdgeWsMessage, type HallSnapshot } from '@qms/protocol'
import t from 'tap'
import { backoffDelay } from '../src/live/backoff.js'
import {
  createLiveFeed,
  type FeedState,
  parseFeedMessage,
  type SocketLike,
} from '../src/live/live-feed.js'
import { snapshot } from './fixtures.js'

/** A socket the test opens, feeds and breaks by hand (the browser's WebSocket in the pages). */
class TestSocket implements SocketLike {
  onopen: ((e: unknown) => void) | null = null
  onmessage: ((e: { data: unknown }) => void) | null = null
  onclose: ((e: unknown) => void) | null = null
  onerror: ((e: unknown) => void) | null = null
  closed = false
  open() {
    this.onopen?.({})
  }
  send(message: unknown) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) })
  }
  fail() {
    this.onerror?.({})
    this.onclose?.({})
  }
  close() {
    this.closed = true
  }
}

const isMessage = (v: unknown): v is EdgeWsMessage =>
  typeof v === 'object' &&
  v !== null &&
  ((v as { type?: unknown }).type === 'snapshot' || (v as { type?: unknown }).type === 'announce')

function setup(options: { staleMs?: number } = {}) {
  const clock = createManualClock()
  const sockets: TestSocket[] = []
  const messages: EdgeWsMessage[] = []
  const states: FeedState[] = []
  const feed = createLiveFeed({
    connect: () => {
      const s = new TestSocket()
      sockets.push(s)
      return s
    },
    parse: (data) => parseFeedMessage(data, isMessage),
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    clock,
    random: () => 0.5,
    backoff: { initialMs: 500, maxMs: 8000, factor: 2, jitter: 0 },
    ...options,
  })
  return { clock, sockets, messages, states, feed }
}

const snap = (seq: number): EdgeWsMessage => ({
  type: 'snapshot',
  snapshot: snapshot({ seq }) as HallSnapshot,
})

t.test('back-off grows, is capped, and spreads with jitter', async (t) => {
  const o = { initialMs: 500, maxMs: 8000, factor: 2, jitter: 0 }
  t.same(
    [1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, o)),
    [500, 1000, 2000, 4000, 8000, 8000, 8000],
  )
  t.equal(
    backoffDelay(1, { initialMs: 1000, jitter: 0.5 }, () => 0),
    500,
  )
  t.equal(
    backoffDelay(1, { initialMs: 1000, jitter: 0.5 }, () => 0.999),
    1000,
  )
  t.equal(
    backoffDelay(3, {}, () => 0.5),
    1700,
    'defaults: 500 ms doubling, 30% jitter',
  )
  t.equal(
    backoffDelay(20, {}, () => 0),
    10_500,
    'defaults: capped at 15 s, less up to 30%',
  )
})

t.test('connects, delivers messages, and reconnects with back-off after a break', async (t) => {
  const { clock, sockets, messages, states, feed } = setup()
  feed.start()
  feed.start()
  t.equal(sockets.length, 1, 'start is idempotent')
  t.equal(feed.state().state, 'connecting')
  sockets[0]?.open()
  sockets[0]?.send(snap(1))
  t.match(feed.state(), { state: 'open', attempt: 0 })
  t.equal(messages.length, 1)

  sockets[0]?.fail()
  t.match(feed.state(), { state: 'waiting', attempt: 1, delayMs: 500 })
  clock.advance(499)
  t.equal(sockets.length, 1)
  clock.advance(1)
  t.equal(sockets.length, 2, 'tried again after 500 ms')
  sockets[1]?.fail()
  t.match(feed.state(), { attempt: 2, delayMs: 1000 })
  clock.advance(1000)
  sockets[2]?.open()
  t.match(feed.state(), { state: 'open', attempt: 2 }, 'open is not enough to reset the back-off')
  sockets[2]?.fail()
  t.match(feed.state(), { attempt: 3, delayMs: 2000 })
  clock.advance(2000)
  sockets[3]?.open()
  sockets[3]?.send(snap(7))
  t.match(feed.state(), { state: 'open', attempt: 0 }, 'a snapshot resets it')
  t.match(messages.at(-1), { type: 'snapshot', snapshot: { seq: 7 } }, 'resynchronised')
  t.ok(states.some((s) => s.state === 'waiting'))
  t.equal(feed.stats.connections, 4)
})

t.test(
  'invalid messages are counted and ignored; messages from a dropped socket too',
  async (t) => {
    const { sockets, messages, feed } = setup()
    feed.start()
    const s = sockets[0] as TestSocket
    s.open()
    s.send('not json')
    s.send({ type: 'nonsense' })
    s.onmessage?.({ data: new ArrayBuffer(4) })
    s.send('x'.repeat(1_000_001))
    t.equal(feed.stats.invalid, 4)
    t.equal(messages.length, 0)
    s.fail()
    s.send(snap(1))
    t.equal(messages.length, 0, 'the old socket is not listened to')
    t.ok(s.closed)
  },
)

t.test('a link silent for staleMs is dropped and made again', async (t) => {
  const { clock, sockets, feed } = setup({ staleMs: 60_000 })
  feed.start()
  sockets[0]?.open()
  sockets[0]?.send(snap(1))
  clock.advance(59_000)
  sockets[0]?.send(snap(2))
  clock.advance(59_000)
  t.equal(feed.stats.stale, 0, 'each message restarts the watch')
  clock.advance(1000)
  t.equal(feed.stats.stale, 1)
  t.ok(sockets[0]?.closed)
  clock.advance(500)
  t.equal(sockets.length, 2)
})

t.test('a connect that throws is retried; close stops everything', async (t) => {
  const clock = createManualClock()
  let calls = 0
  const feed = createLiveFeed({
    connect: () => {
      calls++
      throw new Error('bad url')
    },
    parse: () => undefined,
    onMessage: () => undefined,
    clock,
    backoff: { jitter: 0 },
  })
  feed.start()
  t.equal(calls, 1)
  t.equal(feed.state().state, 'waiting')
  clock.advance(500)
  t.equal(calls, 2)
  feed.close()
  feed.close()
  t.equal(feed.state().state, 'closed')
  clock.advance(60_000)
  t.equal(calls, 2, 'no attempt after close')
  t.equal(clock.pending(), 0, 'no timer left')
})
