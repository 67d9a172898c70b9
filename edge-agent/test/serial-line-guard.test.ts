import t from 'tap'
import { MAX_LINE_BYTES } from '../src/serial/dialect.js'
import { createLineReader } from '../src/serial/line-guard.js'

/** Feeds chunks through a fresh reader and collects the lines that come out. */
async function read(...chunks: Array<string | Buffer>): Promise<string[]> {
  const lines: string[] = []
  const reader = createLineReader((line) => lines.push(line))
  for (const c of chunks) reader.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c)
  // The streams hand data on in later ticks.
  await new Promise((resolve) => setImmediate(resolve))
  reader.destroy()
  return lines
}

t.test('CR, LF and CRLF all end a line; the empty line of a CRLF never comes out', async (t) => {
  t.same(await read('CALL 5\rSTART 5\nPARK 5\r\nPING\n\r\r\n'), [
    'CALL 5',
    'START 5',
    'PARK 5',
    'PING',
  ])
})

t.test('a line split over many chunks comes out whole', async (t) => {
  t.same(await read('CA', 'LL', ' 5 #', '17', '\r', '\n'), ['CALL 5 #17'])
})

t.test('every byte reaches the parser as one character', async (t) => {
  const [line] = await read(Buffer.from([0x43, 0x00, 0x80, 0xff, 0x0a]))
  t.same(
    [...line!].map((c) => c.charCodeAt(0)),
    [0x43, 0x00, 0x80, 0xff],
  )
})

t.test('an overlong line is cut to one byte over the limit', async (t) => {
  const lines = await read('x'.repeat(10_240), '\r\n', 'CALL 5\n')
  t.equal(lines[0]!.length, MAX_LINE_BYTES + 1, 'still recognisably too long')
  t.same(lines.slice(1), ['CALL 5'], 'the next line is read as usual')
})

t.test('endless noise without a line end holds a bounded buffer', async (t) => {
  const lines: string[] = []
  const reader = createLineReader((line) => lines.push(line))
  const noise = Buffer.alloc(64 * 1024, 0x55)
  for (let i = 0; i < 64; i++) reader.write(noise) // 4 MiB, no CR or LF
  reader.write(Buffer.from('\n'))
  await new Promise((resolve) => setImmediate(resolve))
  reader.destroy()
  t.same(
    lines.map((l) => l.length),
    [MAX_LINE_BYTES + 1],
  )
})

t.test('a half line is dropped when the reader is destroyed', async (t) => {
  t.same(await read('CALL 5\nCALL'), ['CALL 5'])
})

t.test('bytes handed on after the reader was let go are dropped quietly', async (t) => {
  const lines: string[] = []
  const reader = createLineReader((line) => lines.push(line))
  reader.destroy()
  const errors: unknown[] = []
  const onError = (err: unknown) => errors.push(err)
  process.on('uncaughtException', onError)
  t.teardown(() => process.off('uncaughtException', onError))
  reader.write(Buffer.from('CALL 5\n'))
  await new Promise((resolve) => setImmediate(resolve))
  t.same(lines, [])
  t.same(errors, [])
})
