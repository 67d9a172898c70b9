import { createManualClock, QmsError, type SerialConfig } from '@qms/protocol'
import { ptyPair, type Teardown, waitFor } from '@qms/test'
import t from 'tap'
import { HANDLE_TIMEOUT_MS } from '../src/serial/dialect.js'
import { createSerialKeypad, type SerialKeypadState } from '../src/serial/keypad.js'
import { createStandInQueue, openWireEnd, recordingLogger } from './serial-helpers.js'

/*
 * The bridge on one end of a real pseudo-terminal pair (socat), the test typing on the other
 * end through the real serialport library, byte for byte as a keypad would.
 */

async function setup(t: Teardown, waiting?: string[]) {
  const pair = await ptyPair(t)
  const clock = createManualClock()
  const queue = createStandInQueue(waiting)
  const { logger, records } = recordingLogger()
  const config: SerialConfig = {
    path: pair.a,
    baud: 9600,
    dialect: 'qms-line-1',
    device: 'c5',
    window: '5',
  }
  const keypad = createSerialKeypad({ config, handle: (r) => queue.handle(r), clock, logger })
  t.teardown(() => keypad.close())
  const states: SerialKeypadState[] = []
  keypad.on('state', (s) => states.push(s))
  await keypad.start()
  const wire = await openWireEnd(t, pair.b)
  return { pair, clock, queue, keypad, wire, states, records }
}

t.test('CALL on the line is answered with the ticket called', async (t) => {
  const { wire, queue, states } = await setup(t)
  t.same(states, [{ open: true }])
  await wire.write('CALL 5\r\n')
  t.equal(await wire.line(), 'OK A023')
  t.equal(queue.requests.length, 1)
  t.match(queue.requests[0], { op: 'call', window: '5', reqId: /^sl:c5:[0-9a-z]+$/ })
})

t.test('a shift of verbs gets exactly these lines back, in order', async (t) => {
  const { wire, queue } = await setup(t)
  const exchange: Array<[string, string]> = [
    ['OPEN 5 zhang3', 'OK IDLE'],
    ['CALL 5 #1', 'OK A023 #1'],
    ['RECALL 5 #2', 'OK A023 1 #2'],
    ['START 5 #3', 'OK A023 SERVING #3'],
    ['TRANSFER 5 CR-002 #4', 'OK A023 TRANSFERRED #4'],
    ['CALL 5', 'OK A024'],
    ['PARK 5', 'OK A024 PARKED'],
    ['CALLBACK 5 A024', 'OK A024'],
    ['COMPLETE 5', 'OK A024 DONE'],
    ['CALLTICKET 5 A025', 'OK A025'],
    ['NOSHOW 5', 'OK A025 NOSHOW'],
    ['PAUSE 5', 'OK PAUSED'],
    ['CALL 5 #5', 'ERR WINDOW_PAUSED The window is paused. #5'],
    ['RESUME 5', 'OK IDLE'],
    ['CLOSE 5', 'OK CLOSED'],
    ['PING #9', 'PONG #9'],
  ]
  // All at once, with each kind of line end: the bridge takes them one at a time, in order.
  const ends = ['\r\n', '\n', '\r']
  await wire.write(exchange.map(([line], i) => `${line}${ends[i % 3]}`).join(''))
  for (const [line, answer] of exchange) t.equal(await wire.line(), answer, line)
  t.same(
    queue.requests.map((r) => r.op),
    [
      'open',
      'call',
      'recall',
      'start',
      'transfer',
      'call',
      'park',
      'callback',
      'complete',
      'callTicket',
      'noshow',
      'pause',
      'call',
      'resume',
      'close',
    ],
  )
  t.match(queue.requests[0], { op: 'open', staff: 'zhang3' })
  t.match(queue.requests[4], { op: 'transfer', toItem: 'CR-002' })
  t.equal(new Set(queue.requests.map((r) => r.reqId)).size, queue.requests.length, 'unique')
})

t.test('a retried tag gets the same answer and the queue sees one request', async (t) => {
  const { wire, queue } = await setup(t)
  await wire.write('CALL 5 #17\r\n')
  t.equal(await wire.line(), 'OK A023 #17')
  await wire.write('CALL 5 #17\r\n')
  t.equal(await wire.line(), 'OK A023 #17', 'the first answer again, not A024')
  t.equal(queue.requests.length, 1)
  await wire.write('CALL 5 #18\r\n')
  t.equal(await wire.line(), 'OK A024 #18', 'a new tag is a new call')
  t.equal(queue.requests.length, 2)
})

t.test('a retry that arrives while the first is running gets its answer too', async (t) => {
  const { wire, queue, records } = await setup(t)
  const release = queue.hold()
  await wire.write('CALL 5 #7\r\n')
  await waitFor(() => queue.requests.length === 1, { what: 'the call to reach the queue' })
  await wire.write('CALL 5 #7\r\n')
  await waitFor(() => records.filter((r) => r.msg === 'serial line read').length === 2, {
    what: 'the retry to be read',
  })
  release()
  t.equal(await wire.line(), 'OK A023 #7')
  t.equal(await wire.line(), 'OK A023 #7')
  t.equal(queue.requests.length, 1)
})

t.test('requests are handled one at a time', async (t) => {
  const { wire, queue, records } = await setup(t)
  let running = 0
  let most = 0
  const gates: Array<() => void> = []
  const inner = queue.handle
  queue.handle = async (req) => {
    running++
    most = Math.max(most, running)
    await new Promise<void>((resolve) => gates.push(resolve))
    running--
    return inner(req)
  }
  await wire.write('CALL 5\r\nRECALL 5\r\nSTART 5\r\n')
  await waitFor(() => records.filter((r) => r.msg === 'serial line read').length === 3, {
    what: 'three lines read',
  })
  for (let i = 1; i <= 3; i++) {
    await waitFor(() => gates.length === i, { what: `request ${i}` })
    t.equal(running, 1, `request ${i} runs alone`)
    gates[i - 1]!()
  }
  t.equal(await wire.line(), 'OK A023')
  t.equal(await wire.line(), 'OK A023 1')
  t.equal(await wire.line(), 'OK A023 SERVING')
  t.equal(most, 1)
})

t.test('failed requests are answered ERR with the protocol code', async (t) => {
  const { wire } = await setup(t, [])
  await wire.write('CALL 5 #1\r\nRECALL 5\r\n')
  t.equal(await wire.line(), 'ERR NO_TICKET Nobody is waiting for what this window serves. #1')
  t.equal(await wire.line(), 'ERR NO_CURRENT_TICKET The window has no called or serving ticket.')
})

t.test('a queue that throws is answered ERR and the bridge goes on', async (t) => {
  const { wire, queue } = await setup(t)
  queue.throwNext(new QmsError('WINDOW_CLOSED'))
  await wire.write('CALL 5 #1\r\n')
  t.equal(await wire.line(), 'ERR WINDOW_CLOSED The window is closed. #1')
  queue.throwNext(new Error('disk on fire'))
  await wire.write('CALL 5 #2\r\n')
  t.equal(await wire.line(), 'ERR INTERNAL Internal error. #2', 'no inner detail on the wire')
  await wire.write('CALL 5 #3\r\n')
  t.equal(await wire.line(), 'OK A023 #3')
})

t.test(
  'a request the queue does not answer in time is ERR TIMEOUT; its retry gets the late answer',
  async (t) => {
    const { wire, queue, clock } = await setup(t)
    const release = queue.hold()
    await wire.write('CALL 5 #5\r\n')
    await waitFor(() => queue.requests.length === 1, { what: 'the call to reach the queue' })
    clock.advance(HANDLE_TIMEOUT_MS)
    t.equal(await wire.line(), 'ERR TIMEOUT no answer from the queue in time; send it again #5')
    await wire.write('PING\r\n')
    t.equal(await wire.line(), 'PONG', 'the line is free again')
    release()
    await wire.write('CALL 5 #5\r\n')
    t.equal(await wire.line(), 'OK A023 #5', 'the call that did happen, not a second one')
    t.equal(queue.requests.length, 1)
  },
)

t.test('empty lines are not answered', async (t) => {
  const { wire } = await setup(t)
  await wire.write('\r\n\r\n \t \r\n\n\rPING\r\n')
  t.equal(await wire.line(), 'PONG')
})

t.test(
  'garbage, overlong lines and unknown verbs are answered ERR; the bridge keeps working',
  async (t) => {
    const { wire, queue } = await setup(t)
    await wire.write(Buffer.from([0x00, 0xff, 0x13, 0x80, 0x41, 0x0a]))
    t.equal(await wire.line(), 'ERR BAD_REQUEST not printable ASCII: 0x00 at column 1')
    await wire.write(`${'A'.repeat(10 * 1024)}\r\n`)
    t.equal(await wire.line(), 'ERR PAYLOAD_TOO_LARGE line longer than 128 bytes')
    await wire.write('FOO 5 #3\r\nCALL 6\r\nCALL\r\nCALL 5 #\r\n叫号\r\n')
    t.equal(await wire.line(), 'ERR UNKNOWN_OP unknown verb FOO #3')
    t.equal(await wire.line(), 'ERR WRONG_WINDOW this line is window 5, not 6')
    t.equal(await wire.line(), 'ERR BAD_REQUEST usage: CALL <window>')
    t.equal(await wire.line(), 'ERR BAD_REQUEST a tag is a hash sign and 1 to 8 letters or digits')
    t.equal(await wire.line(), 'ERR BAD_REQUEST not printable ASCII: 0xE5 at column 1')
    t.equal(queue.requests.length, 0, 'nothing reached the queue')
    await wire.write('CALL 5\r\n')
    t.equal(await wire.line(), 'OK A023')
  },
)

t.test('binary noise is answered only with ERR lines, then requests work again', async (t) => {
  const { wire, queue } = await setup(t)
  // A fixed pseudo-random burst (an LCG), with the CR and LF bytes chance puts in it.
  const noise = Buffer.alloc(4096)
  let seed = 20260105
  for (let i = 0; i < noise.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    noise[i] = seed >>> 24
  }
  await wire.write(noise)
  await wire.write('\rPING #end\r\n')
  let answers = 0
  for (;;) {
    const line = await wire.line()
    if (line === 'PONG #end') break
    t.match(line, /^ERR (BAD_REQUEST|PAYLOAD_TOO_LARGE|UNKNOWN_OP)( |$)/)
    answers++
  }
  t.ok(answers > 0, `${answers} noise lines answered`)
  t.equal(queue.requests.length, 0)
  await wire.write('CALL 5\r\n')
  t.equal(await wire.line(), 'OK A023')
})
