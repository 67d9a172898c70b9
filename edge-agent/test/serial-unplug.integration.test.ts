import { createManualClock, type ManualClock, type SerialConfig } from '@qms/protocol'
import { ptyPair, type Teardown, waitFor } from '@qms/test'
import t from 'tap'
import { createSerialKeypad, type SerialKeypadState } from '../src/serial/keypad.js'
import { createStandInQueue, openWireEnd } from './serial-helpers.js'

/*
 * The cable pulled and put back: the pseudo-terminal pair vanishes (socat ends) and comes back
 * at the same paths. Back-off runs on a manual clock, moved on by the test.
 */

async function setup(t: Teardown) {
  const pair = await ptyPair(t)
  const clock = createManualClock()
  const queue = createStandInQueue()
  const config: SerialConfig = {
    path: pair.a,
    baud: 9600,
    dialect: 'qms-line-1',
    device: 'c5',
    window: '5',
  }
  const keypad = createSerialKeypad({ config, handle: (r) => queue.handle(r), clock })
  t.teardown(() => keypad.close())
  const states: SerialKeypadState[] = []
  keypad.on('state', (s) => states.push(s))
  return { pair, clock, queue, keypad, states }
}

/** Moves the clock on by the longest back-off until the line reports itself open again. */
function reopened(clock: ManualClock, states: SerialKeypadState[]) {
  return waitFor(
    () => {
      if (states.at(-1)?.open === true) return true
      clock.advance(16_000)
      return false
    },
    { what: 'the line to reopen' },
  )
}

/**
 * Moves the clock on a second at a time until the line reports itself down: the port's close
 * or the path check (every reopen delay) notices, whichever comes first.
 */
function down(clock: ManualClock, states: SerialKeypadState[]) {
  return waitFor(
    () => {
      if (states.at(-1)?.open === false) return true
      clock.advance(1000)
      return false
    },
    { what: 'the line to go down' },
  )
}

t.test('unplugged, the line reports down; plugged back, it reopens and works', async (t) => {
  const { pair, clock, queue, keypad, states } = await setup(t)
  await keypad.start()
  let wire = await openWireEnd(t, pair.b)
  await wire.write('CALL 5 #9\r\n')
  t.equal(await wire.line(), 'OK A023 #9')

  await pair.unplug()
  await down(clock, states)
  t.same(states[0], { open: true })
  t.match(states[1], { open: false, error: /closed|gone/ })
  clock.advance(1000)
  await waitFor(() => states.some((s) => /no such file/i.test(s.error ?? '')), {
    what: 'a failed reopen',
  })
  t.equal(clock.pending(), 1, 'it keeps trying')

  await pair.plug()
  await reopened(clock, states)
  t.equal(states.filter((s) => s.open).length, 2)
  wire = await openWireEnd(t, pair.b)
  await wire.write('CALL 5 #9\r\n')
  t.equal(await wire.line(), 'OK A023 #9', 'a retry across the unplug gets the first answer')
  await wire.write('CALL 5 #10\r\n')
  t.equal(await wire.line(), 'OK A024 #10')
  t.equal(queue.requests.length, 2)
})

t.test('the back-off doubles from the base delay up to sixteen times it', async (t) => {
  const { pair, clock, keypad, states } = await setup(t)
  await pair.unplug()
  await keypad.start()
  t.equal(states.length, 1)
  // Each failed try schedules the next; time it by moving the clock 1 ms at a time would be
  // slow, so step to just before and just at each expected delay.
  for (const delay of [1000, 2000, 4000, 8000, 16_000, 16_000]) {
    const fails = () => clock.pending() === 1
    await waitFor(fails, { what: 'the next try to be scheduled' })
    clock.advance(delay - 1)
    t.equal(clock.pending(), 1, `not tried before ${delay} ms`)
    clock.advance(1)
    t.equal(clock.pending(), 0, `tried at ${delay} ms`)
  }
  await waitFor(() => clock.pending() === 1, { what: 'still trying' })
})

t.test(
  'start on a missing path resolves with the line down, then opens when it appears',
  async (t) => {
    const { pair, clock, keypad, states } = await setup(t)
    await pair.unplug()
    await keypad.start()
    t.equal(states.length, 1)
    t.match(states[0], { open: false, error: /no such file/i })
    await pair.plug()
    await reopened(clock, states)
    const wire = await openWireEnd(t, pair.b)
    await wire.write('PING #1\r\n')
    t.equal(await wire.line(), 'PONG #1')
  },
)

t.test('a device that goes between two reads is noticed by the path check', async (t) => {
  const { pair, clock, keypad, states } = await setup(t)
  await keypad.start()
  // Hung up at once, before the port waits for data: serialport then reads 0 bytes forever
  // and never closes by itself.
  await pair.unplug()
  await down(clock, states)
  t.match(states.at(-1), { open: false })
  t.ok(
    states.some((s) => /gone|closed/.test(s.error ?? '')),
    'says why',
  )
})

t.test('close is idempotent, stops the retries and reports nothing more', async (t) => {
  const { pair, clock, keypad, states } = await setup(t)
  await keypad.start()
  await pair.unplug()
  await down(clock, states)
  t.equal(clock.pending(), 1, 'a reopen is scheduled')
  const first = keypad.close()
  t.equal(keypad.close(), first, 'the second close returns the first promise')
  await first
  t.equal(clock.pending(), 0, 'no reopen left')
  const before = states.length
  await pair.plug()
  clock.advance(60_000)
  t.equal(states.length, before)
})

t.test('close lets the request in hand be answered before the port closes', async (t) => {
  const { pair, queue, keypad } = await setup(t)
  await keypad.start()
  const wire = await openWireEnd(t, pair.b)
  const release = queue.hold()
  await wire.write('CALL 5 #1\r\n')
  await waitFor(() => queue.requests.length === 1, { what: 'the call to reach the queue' })
  const closed = keypad.close()
  release()
  t.equal(await wire.line(), 'OK A023 #1')
  await closed
})
