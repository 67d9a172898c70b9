import { createManualClock, type ManualClock } from '@qms/protocol'
import { ptyPair, type Teardown, waitFor } from '@qms/test'
import { SerialPort } from 'serialport'
import t from 'tap'
import { type SerialLineState, startSerialKeypad } from '../src/serial/index.js'

/*
 * The simulated keypad on one end of a real pseudo-terminal pair (socat), and on the other a
 * tiny responder standing in for the edge: it reads CRLF-ended lines and answers as told.
 */

interface Responder {
  /** Every line read, without its CRLF. */
  lines: string[]
  /** Sends raw text to the keypad. */
  write(text: string): void
  /** Resolves with the n-th line (1-based) once it has come. */
  line(n: number): Promise<string>
}

async function openResponder(
  t: Teardown,
  path: string,
  reply: (line: string) => string | undefined = () => undefined,
): Promise<Responder> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false })
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())))
  t.teardown(
    () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  )
  port.on('error', () => undefined) // the pair is unplugged on purpose
  const lines: string[] = []
  let raw = ''
  port.on('data', (chunk: Buffer) => {
    raw += chunk.toString('latin1')
    for (let end = raw.indexOf('\r\n'); end !== -1; end = raw.indexOf('\r\n')) {
      const line = raw.slice(0, end)
      raw = raw.slice(end + 2)
      lines.push(line)
      const answer = reply(line)
      if (answer !== undefined) port.write(`${answer}\r\n`)
    }
  })
  return {
    lines,
    write: (text) => port.write(text),
    line: (n) => waitFor(() => lines[n - 1], { what: `line ${n} from the keypad` }),
  }
}

const tagOf = (line: string) => /#([0-9A-Za-z]{1,8})$/.exec(line)?.[1] ?? ''

async function setup(t: Teardown, options: { retries?: number } = {}) {
  const pair = await ptyPair(t)
  const clock = createManualClock()
  const keypad = await startSerialKeypad({ path: pair.b, window: '5', clock, ...options })
  t.teardown(() => keypad.close())
  const states: SerialLineState[] = []
  keypad.on('state', (s) => states.push(s))
  return { pair, clock, keypad, states }
}

/** Moves the clock on until the keypad's line is in the wanted state. */
function lineIs(clock: ManualClock, keypad: { open: boolean }, open: boolean) {
  return waitFor(
    () => {
      if (keypad.open === open) return true
      clock.advance(1000)
      return false
    },
    { what: open ? 'the line to come back' : 'the line to go' },
  )
}

t.test('a request goes out tagged, CRLF-ended, and its answer comes back', async (t) => {
  const { pair, keypad } = await setup(t)
  t.equal(keypad.open, true)
  const edge = await openResponder(t, pair.a, (line) =>
    line.startsWith('CALL ') ? `OK A023 #${tagOf(line)}` : undefined,
  )
  t.same(await keypad.send('CALL'), { ok: true, payload: 'A023' })
  t.match(edge.lines, [/^CALL 5 #[0-9]{1,8}$/])
})

t.test('ops, arguments and PING are spelled as the dialect says; tags count up', async (t) => {
  const { pair, keypad } = await setup(t)
  const edge = await openResponder(t, pair.a, (line) =>
    line.startsWith('PING') ? `PONG #${tagOf(line)}` : `OK A025 #${tagOf(line)}`,
  )
  const sent: string[] = []
  keypad.on('tx', (line) => sent.push(line))
  t.same(await keypad.send('callTicket', ['A025']), { ok: true, payload: 'A025' })
  t.same(await keypad.send('TRANSFER', ['CR-002']), { ok: true, payload: 'A025' })
  t.same(await keypad.send('PING'), { ok: true, payload: 'PONG' })
  const first = Number(tagOf(edge.lines[0]!))
  t.same(edge.lines, [
    `CALLTICKET 5 A025 #${first}`,
    `TRANSFER 5 CR-002 #${first + 1}`,
    `PING #${first + 2}`,
  ])
  t.same(sent, edge.lines, "'tx' reports each line sent")
})

t.test('an ERR answer gives its code and message', async (t) => {
  const { pair, keypad } = await setup(t)
  await openResponder(t, pair.a, (line) => `ERR NO_TICKET Nobody is waiting. #${tagOf(line)}`)
  t.same(await keypad.send('CALL'), {
    ok: false,
    code: 'NO_TICKET',
    message: 'Nobody is waiting.',
  })
})

t.test(
  'answers for other tags, untagged errors and noise are not taken for the answer',
  async (t) => {
    const { pair, keypad } = await setup(t)
    await openResponder(t, pair.a, (line) =>
      [
        'OK A999 #0',
        'ERR BAD_REQUEST not printable ASCII: 0x00 at column 1',
        'garbage \u00ff',
        `OK A023 #${tagOf(line)}`,
      ].join('\r\n'),
    )
    t.same(await keypad.send('CALL'), { ok: true, payload: 'A023' })
  },
)

t.test('an unanswered request is sent again with the same tag after the timeout', async (t) => {
  const { pair, keypad, clock } = await setup(t)
  let seen = 0
  const edge = await openResponder(t, pair.a, (line) =>
    ++seen === 2 ? `OK A023 #${tagOf(line)}` : undefined,
  )
  const answer = keypad.send('CALL')
  await edge.line(1)
  clock.advance(1999)
  t.equal(edge.lines.length, 1, 'not before the timeout')
  clock.advance(1)
  t.equal(await edge.line(2), edge.lines[0], 'the very same line, tag and all')
  t.same(await answer, { ok: true, payload: 'A023' })
})

t.test('when every try goes unanswered it gives up with TIMEOUT, and moves on', async (t) => {
  const { pair, keypad, clock } = await setup(t, { retries: 2 })
  const edge = await openResponder(t, pair.a)
  const answer = keypad.send('CALL')
  for (let n = 1; n <= 3; n++) {
    await edge.line(n)
    clock.advance(2000)
  }
  t.match(await answer, { ok: false, code: 'TIMEOUT' })
  t.equal(new Set(edge.lines).size, 1, 'three tries of one line')
  void keypad.send('PING')
  t.not(tagOf(await edge.line(4)), tagOf(edge.lines[0]!), 'the next request has a new tag')
})

t.test('requests go one at a time', async (t) => {
  const { pair, keypad } = await setup(t)
  const edge = await openResponder(t, pair.a)
  const sent: string[] = []
  keypad.on('tx', (line) => sent.push(line))
  const first = keypad.send('CALL')
  const second = keypad.send('START')
  await edge.line(1)
  t.equal(sent.length, 1, 'START waits for the answer to CALL')
  edge.write(`OK A023 #${tagOf(edge.lines[0]!)}\r\n`)
  t.same(await first, { ok: true, payload: 'A023' })
  t.match(await edge.line(2), /^START 5 #/)
  edge.write(`OK A023 SERVING #${tagOf(edge.lines[1]!)}\r\n`)
  t.same(await second, { ok: true, payload: 'A023 SERVING' })
})

t.test(
  'unplugged, it says the line is gone, keeps trying, and sends when it is back',
  async (t) => {
    const { pair, keypad, clock, states } = await setup(t)
    await pair.unplug()
    await lineIs(clock, keypad, false)
    t.match(states.at(-1), { open: false, error: /./ })
    const answer = keypad.send('CALL')
    clock.advance(60_000) // no answer can time out while there is no line to send on
    await pair.plug()
    await lineIs(clock, keypad, true)
    t.same(states.at(-1), { open: true })
    const edge = await openResponder(t, pair.a, (line) => `OK A023 #${tagOf(line)}`)
    // The line came up before the responder listened: what was sent then is lost, as on a wire.
    // The keypad's timeout brings it again.
    await waitFor(
      () => {
        if (edge.lines.length > 0) return true
        clock.advance(2000)
        return false
      },
      { what: 'the request to reach the responder' },
    )
    t.same(await answer, { ok: true, payload: 'A023' })
    t.match(edge.lines[0], /^CALL 5 #/)
  },
)

t.test(
  'a request in flight when the line drops goes again, same tag, once it is back',
  async (t) => {
    const { pair, keypad, clock } = await setup(t)
    const before = await openResponder(t, pair.a)
    const answer = keypad.send('COMPLETE')
    const line = await before.line(1)
    await pair.unplug()
    await lineIs(clock, keypad, false)
    await pair.plug()
    const after = await openResponder(t, pair.a, (l) => `OK A023 DONE #${tagOf(l)}`)
    await lineIs(clock, keypad, true)
    t.equal(await after.line(1), line)
    t.same(await answer, { ok: true, payload: 'A023 DONE' })
  },
)

t.test('start on a missing path resolves with the line down', async (t) => {
  const pair = await ptyPair(t)
  await pair.unplug()
  const keypad = await startSerialKeypad({ path: pair.b, window: '5', clock: createManualClock() })
  t.teardown(() => keypad.close())
  t.equal(keypad.open, false)
})

t.test('close answers what is pending with UNAVAILABLE and is idempotent', async (t) => {
  const { pair, keypad } = await setup(t)
  const edge = await openResponder(t, pair.a)
  const inFlight = keypad.send('CALL')
  const queued = keypad.send('START')
  await edge.line(1)
  const closed = keypad.close()
  t.equal(keypad.close(), closed)
  await closed
  t.match(await inFlight, { ok: false, code: 'UNAVAILABLE' })
  t.match(await queued, { ok: false, code: 'UNAVAILABLE' })
  t.match(await keypad.send('CALL'), { ok: false, code: 'UNAVAILABLE' })
})
