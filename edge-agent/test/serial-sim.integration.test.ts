import { startSerialKeypad } from '@qms/firmware-sim'
import { createManualClock, type ManualClock, type SerialConfig } from '@qms/protocol'
import { ptyPair, type Teardown, waitFor } from '@qms/test'
import t from 'tap'
import { createSerialKeypad, type SerialKeypadState } from '../src/serial/keypad.js'
import { createStandInQueue } from './serial-helpers.js'

/*
 * The bridge and the firmware simulator's serial keypad, each on its end of a real
 * pseudo-terminal pair: the dialect as two independent implementations of serial.md speak it.
 */

async function setup(t: Teardown) {
  const pair = await ptyPair(t)
  const edgeClock = createManualClock()
  const keypadClock = createManualClock()
  const queue = createStandInQueue()
  const config: SerialConfig = {
    path: pair.a,
    baud: 9600,
    dialect: 'qms-line-1',
    device: 'c5',
    window: '5',
  }
  const bridge = createSerialKeypad({ config, handle: (r) => queue.handle(r), clock: edgeClock })
  t.teardown(() => bridge.close())
  const bridgeStates: SerialKeypadState[] = []
  bridge.on('state', (s) => bridgeStates.push(s))
  await bridge.start()
  const keypad = await startSerialKeypad({ path: pair.b, window: '5', clock: keypadClock })
  t.teardown(() => keypad.close())
  return { pair, edgeClock, keypadClock, queue, bridge, bridgeStates, keypad }
}

t.test('a shift at the window, keypad to queue and back', async (t) => {
  const { keypad, queue } = await setup(t)
  t.same(await keypad.send('OPEN', ['zhang3']), { ok: true, payload: 'IDLE' })
  t.same(await keypad.send('CALL'), { ok: true, payload: 'A023' })
  t.same(await keypad.send('RECALL'), { ok: true, payload: 'A023 1' })
  t.same(await keypad.send('START'), { ok: true, payload: 'A023 SERVING' })
  t.same(await keypad.send('TRANSFER', ['CR-002']), { ok: true, payload: 'A023 TRANSFERRED' })
  t.same(await keypad.send('PING'), { ok: true, payload: 'PONG' })
  t.same(await keypad.send('CALLTICKET', ['A025']), { ok: true, payload: 'A025' })
  t.same(await keypad.send('COMPLETE'), { ok: true, payload: 'A025 DONE' })
  t.same(await keypad.send('CLOSE'), { ok: true, payload: 'CLOSED' })
  t.same(
    queue.requests.map((r) => r.op),
    ['open', 'call', 'recall', 'start', 'transfer', 'callTicket', 'complete', 'close'],
  )
})

t.test('the keypad retries a slow request with its tag; the queue sees it once', async (t) => {
  const { keypad, keypadClock, queue } = await setup(t)
  const sent: string[] = []
  keypad.on('tx', (line) => sent.push(line))
  const release = queue.hold()
  const answer = keypad.send('CALL')
  await waitFor(() => queue.requests.length === 1, { what: 'the call to reach the queue' })
  keypadClock.advance(2000) // the keypad's timeout: it sends the same line again
  await waitFor(() => sent.length === 2, { what: 'the retry' })
  t.equal(sent[1], sent[0])
  release()
  t.same(await answer, { ok: true, payload: 'A023' })
  t.equal(queue.requests.length, 1)
  t.same(await keypad.send('CALL'), { ok: true, payload: 'A024' }, 'the next call is new')
})

t.test('an error from the queue reaches the keypad as its code', async (t) => {
  const { keypad } = await setup(t)
  t.match(await keypad.send('RECALL'), { ok: false, code: 'NO_CURRENT_TICKET' })
})

/** Moves a clock on until `done` holds. */
function drive(clock: ManualClock, ms: number, done: () => boolean, what: string) {
  return waitFor(
    () => {
      if (done()) return true
      clock.advance(ms)
      return false
    },
    { what },
  )
}

t.test('both ends ride out an unplug and talk again', async (t) => {
  const { pair, keypad, keypadClock, edgeClock, bridgeStates } = await setup(t)
  t.same(await keypad.send('CALL'), { ok: true, payload: 'A023' })
  await pair.unplug()
  await drive(edgeClock, 1000, () => bridgeStates.at(-1)?.open === false, 'the bridge to see it')
  await drive(keypadClock, 1000, () => !keypad.open, 'the keypad to see it')
  let settled = false
  const answer = keypad.send('START').finally(() => {
    settled = true
  })
  await pair.plug()
  // The bridge first: the keypad sends the moment its line is back.
  await drive(edgeClock, 16_000, () => bridgeStates.at(-1)?.open === true, 'the bridge back')
  await drive(keypadClock, 16_000, () => keypad.open, 'the keypad back')
  await drive(keypadClock, 2000, () => settled, 'the answer (retrying if the line was slow)')
  t.same(await answer, { ok: true, payload: 'A023 SERVING' })
})
