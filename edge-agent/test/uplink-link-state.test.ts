import { createManualClock, type LinkState } from '@qms/protocol'
import type { Teardown } from '@qms/test'
import t from 'tap'
import { createLinkReporter } from '../src/uplink/link-state.js'
import { memoryJournal } from './uplink-fixtures.js'

/* The link state the hall shows: what is pushed to the agent, and when. */

const setup = (t: Teardown) => {
  const clock = createManualClock(Date.UTC(2026, 0, 5, 1))
  const journal = memoryJournal('test-hall', clock.now())
  const pushed: LinkState[] = []
  let acked = 0
  let connected = false
  const reporter = createLinkReporter({
    journal,
    clock,
    setLink: (l) => pushed.push(l),
    acked: () => acked,
    connected: () => connected,
    intervalMs: 5000,
    minGapMs: 1000,
  })
  t.teardown(() => reporter.close())
  return {
    clock,
    journal,
    pushed,
    reporter,
    ack: (n: number) => {
      acked = n
    },
    connect: (v: boolean) => {
      connected = v
    },
  }
}

t.test('pushes at once when the connection changes, with since', async (t) => {
  const { pushed, reporter, connect, clock } = setup(t)
  t.match(pushed.at(-1), { connected: false, behindEvents: 0, behindSec: 0 })
  clock.advance(300)
  connect(true)
  reporter.update()
  t.match(pushed.at(-1), { connected: true, since: new Date(clock.now()).toISOString() })
  t.equal(pushed.length, 2)
})

t.test('behind: events and the age of the oldest unacknowledged', async (t) => {
  const { pushed, reporter, journal, clock, ack } = setup(t)
  journal.append(10, clock.now())
  clock.advance(30_000)
  reporter.update()
  t.match(pushed.at(-1), { behindEvents: 10, behindSec: 30 })
  ack(4)
  clock.advance(1000)
  reporter.update()
  t.match(pushed.at(-1), { behindEvents: 6, behindSec: 31 })
})

t.test('backlog changes are pushed at most once a second; an empty backlog at once', async (t) => {
  const { pushed, reporter, journal, clock, ack, connect } = setup(t)
  connect(true)
  reporter.update()
  clock.advance(2000)
  const before = pushed.length
  for (let i = 1; i <= 50; i++) {
    journal.append(1, clock.now())
    reporter.update()
    clock.advance(10)
  }
  t.equal(pushed.length, before + 1, 'one push for the first change, the rest wait')
  clock.advance(1000)
  t.equal(pushed.length, before + 2, 'then one more with the latest figures')
  t.equal(pushed.at(-1)?.behindEvents, 50)
  ack(50)
  reporter.update()
  t.equal(pushed.length, before + 3)
  t.equal(pushed.at(-1)?.behindEvents, 0, 'caught up: shown at once')
})

t.test(
  'refreshed every interval while behind, so the age keeps counting; quiet otherwise',
  async (t) => {
    const { pushed, reporter, journal, clock, connect, ack } = setup(t)
    connect(true)
    reporter.update()
    const quiet = pushed.length
    clock.advance(20_000)
    t.equal(pushed.length, quiet, 'connected and nothing behind: nothing to push')
    journal.append(1, clock.now())
    reporter.update()
    const n = pushed.length
    clock.advance(15_000)
    t.equal(pushed.length, n + 3)
    t.equal(pushed.at(-1)?.behindSec, 15)
    ack(1)
    reporter.update()
    t.equal(pushed.at(-1)?.behindEvents, 0)
  },
)

t.test('close pushes a last state, disconnected', async (t) => {
  const { pushed, reporter, connect } = setup(t)
  connect(true)
  reporter.update()
  reporter.close()
  t.equal(pushed.at(-1)?.connected, false)
  const n = pushed.length
  reporter.close()
  reporter.update()
  t.equal(pushed.length, n, 'nothing after close')
})
