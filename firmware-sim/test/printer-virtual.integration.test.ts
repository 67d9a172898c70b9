import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createManualClock } from '@qms/protocol'
import { PNG } from 'pngjs'
import t, { type Test } from 'tap'
import {
  type PrinterWarning,
  renderTicketPng,
  runPrinterCli,
  startVirtualPrinter,
  type VirtualPrinter,
} from '../src/printer/index.js'
import {
  bytes,
  CHINESE_ON,
  CUT,
  DLE,
  GS,
  gb,
  INIT,
  LF,
  qrCommands,
  raster,
} from './printer-helpers.js'

async function printer(t: Test, options: Parameters<typeof startVirtualPrinter>[0] = {}) {
  const p = await startVirtualPrinter(options)
  t.teardown(() => p.close())
  return p
}

/** Opens a connection, registered for cleanup; collects what the printer sends back. */
async function open(t: Test, p: VirtualPrinter): Promise<{ socket: Socket; received: number[] }> {
  const socket = connect({ host: p.host, port: p.port })
  t.teardown(() => socket.destroy())
  const received: number[] = []
  socket.on('data', (chunk: Buffer) => received.push(...chunk))
  socket.on('error', () => {})
  await once(socket, 'connect')
  return { socket, received }
}

/** Resolves when the socket closes, however it closes (once() would reject on a reset). */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve()
    else socket.once('close', () => resolve())
  })
}

/** Sends a whole job on its own connection and waits until the printer closed it. */
async function job(t: Test, p: VirtualPrinter, data: Buffer): Promise<number[]> {
  const { socket, received } = await open(t, p)
  socket.end(data)
  await closed(socket)
  return received
}

const ticket = (no: string) =>
  bytes(
    INIT,
    CHINESE_ON,
    gb('城东服务大厅'),
    LF,
    [GS, 0x21, 0x55],
    no,
    LF,
    qrCommands(`https://q.cn/${no}`),
    CUT,
  )

t.test('prints a job sent over TCP and renders it as text and PNG', async (t) => {
  const p = await printer(t, { width: 58 })
  t.match(p.url, /^tcp:\/\/127\.0\.0\.1:\d+$/)
  await job(t, p, ticket('A023'))
  const printed = await p.waitForTicket((x) => x.qr.includes('https://q.cn/A023'))
  t.equal(printed.widthDots, 384)
  t.same(
    printed.lines.map((l) => l.text),
    ['城东服务大厅', 'A023'],
  )
  const png = renderTicketPng(printed)
  const decoded = PNG.sync.read(png.png)
  t.equal(decoded.width, 384 + 32)
  const r = png.regions[1]!
  t.ok(png.countDark(r.x, r.y, r.width, r.height) > 500, 'dark dots where the number is')
})

t.test(
  'answers DLE EOT with its condition: ready, cover open, paper near end, paper out',
  async (t) => {
    const p = await printer(t)
    const ask = bytes([DLE, 4, 1], [DLE, 4, 2], [DLE, 4, 4], [GS, 0x72, 1])
    t.same(await job(t, p, ask), [0x12, 0x12, 0x12, 0x00], 'ready')
    p.setOffline(true)
    t.same(await job(t, p, ask), [0x1a, 0x16, 0x12, 0x00], 'off line, cover open')
    p.setOffline(false)
    p.setPaperNearEnd(true)
    t.same(await job(t, p, ask), [0x12, 0x12, 0x1e, 0x03], 'near end')
    p.setPaperOut(true)
    t.same(await job(t, p, ask), [0x1a, 0x32, 0x7e, 0x0f], 'paper out: off line, stopped')
    t.same(await job(t, p, bytes([GS, 0x49, 1], [GS, 0x49, 2])), [0x20, 0x03], 'GS I')
  },
)

t.test('out of paper it answers but prints nothing, and prints again once refilled', async (t) => {
  const p = await printer(t)
  p.setPaperOut(true)
  const discarded: number[] = []
  p.on('discarded', ({ bytes: n }) => discarded.push(n))
  await job(t, p, ticket('A001'))
  t.equal(p.tickets.length, 0)
  t.ok(discarded.length > 0)
  t.ok(p.state().discardedBytes > 0)
  p.setPaperOut(false)
  await job(t, p, ticket('A002'))
  t.same(
    p.tickets.map((x) => x.lines[1]?.text),
    ['A002'],
  )
})

t.test(
  'off line in status mode it prints nothing; in drop mode it resets connections',
  async (t) => {
    const p = await printer(t)
    p.setOffline(true)
    await job(t, p, ticket('A001'))
    t.equal(p.tickets.length, 0)
    const { socket } = await open(t, p)
    p.setOffline(true, 'drop')
    await closed(socket)
    t.equal(p.state().connections, 0, 'open connections were dropped')
    const late = connect({ host: p.host, port: p.port })
    t.teardown(() => late.destroy())
    const [err] = (await once(late, 'error')) as [NodeJS.ErrnoException]
    t.equal(err.code, 'ECONNRESET', 'new connections are reset')
    p.setOffline(false)
    await job(t, p, ticket('A003'))
    t.equal(p.tickets.length, 1)
  },
)

t.test('two jobs back to back on one connection make two tickets', async (t) => {
  const p = await printer(t)
  await job(t, p, Buffer.concat([ticket('A001'), ticket('A002')]))
  t.same(
    p.tickets.map((x) => [x.seq, x.lines[1]?.text, x.complete]),
    [
      [1, 'A001', true],
      [2, 'A002', true],
    ],
  )
})

t.test('two connections at once each get their own decoder', async (t) => {
  const p = await printer(t)
  const a = await open(t, p)
  const b = await open(t, p)
  const first = ticket('A001')
  const second = ticket('B001')
  // Interleave halves: neither connection's state leaks into the other.
  a.socket.write(first.subarray(0, 20))
  b.socket.write(second.subarray(0, 25))
  a.socket.end(first.subarray(20))
  b.socket.end(second.subarray(25))
  await Promise.all([closed(a.socket), closed(b.socket)])
  t.same(p.tickets.map((x) => x.lines[1]?.text).sort(), ['A001', 'B001'])
  t.ok(p.tickets.every((x) => x.warnings.length === 0))
})

t.test('garbage and a job cut off mid-command are survived, with warnings', async (t) => {
  const p = await printer(t)
  const warnings: PrinterWarning[] = []
  p.on('warning', (w) => warnings.push(w))
  await job(t, p, bytes(0x07, 0x08, [0x1b, 0x01], 'junk', LF, 0x1b))
  const half = bytes(INIT, 'half', LF, raster(['#'.repeat(16), '#'.repeat(16)])).subarray(0, 14)
  await job(t, p, half)
  const codes = warnings.map((w) => w.warning.code)
  t.ok(codes.includes('unknown-control'))
  t.ok(codes.includes('unknown-command'))
  t.ok(codes.includes('truncated'))
  t.ok(codes.includes('no-cut'))
  const partial = p.tickets.find((x) => x.lines[0]?.text === 'half')
  t.equal(partial?.complete, false, 'what arrived was kept')
  await job(t, p, ticket('A009'))
  t.ok(
    p.tickets.some((x) => x.lines[1]?.text === 'A009' && x.complete),
    'still serving',
  )
})

t.test('a connection reset mid-job still hands over what was printed', async (t) => {
  const p = await printer(t)
  const { socket, received } = await open(t, p)
  // The status answer proves the printer read everything before the image header.
  socket.write(bytes(INIT, 'printed', LF, [DLE, 4, 1], [GS, 0x76, 0x30, 0, 10, 0, 10, 0]))
  await once(socket, 'data')
  t.same(received, [0x12])
  socket.resetAndDestroy()
  const partial = await p.waitForTicket()
  t.equal(partial.lines[0]?.text, 'printed')
  t.equal(partial.complete, false)
})

t.test('waitForTicket gives up after its timeout on the printer clock', async (t) => {
  const clock = createManualClock()
  const p = await printer(t, { clock })
  const waiting = p.waitForTicket(() => true, 5_000)
  clock.advance(5_000)
  await t.rejects(waiting, /no matching ticket printed within 5000 ms/)
})

t.test('close is idempotent and drops open connections', async (t) => {
  const p = await startVirtualPrinter()
  const { socket } = await open(t, p)
  const first = p.close()
  t.equal(p.close(), first)
  await first
  await closed(socket)
})

t.test('runPrinterCli prints tickets to stdout and files, and refuses bad options', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-printer-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  let stdout = ''
  let stderr = ''
  const io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  }
  const handle = await runPrinterCli(['--port', '0', '--width', '58', '--out', dir], io)
  t.ok(handle)
  t.teardown(() => handle?.close())
  await job(t, handle!.printer, bytes(ticket('C007'), 0x07))
  await handle!.printer.waitForTicket()
  await handle!.close()
  t.match(stdout, /listening on tcp:\/\/127\.0\.0\.1:\d+/)
  t.match(stdout, /C007/)
  t.match(stderr, /unknown-control/)
  const files = (await readdir(dir)).sort()
  t.same(files, ['ticket-1.png', 'ticket-1.txt'])
  t.match(await readFile(join(dir, 'ticket-1.txt'), 'utf8'), /城东服务大厅/)
  t.ok(PNG.sync.read(await readFile(join(dir, 'ticket-1.png'))).height > 100)

  let help = ''
  t.equal(
    await runPrinterCli(['--help'], { ...io, stdout: { write: (s: string) => (help += s) } }),
    null,
  )
  t.match(help, /qms-sim printer/)
  for (const bad of [['--width', '76'], ['--port', 'x'], ['--colour']]) {
    await t.rejects(runPrinterCli(bad, io), { name: 'QmsError', code: 'CONFIG_INVALID' })
  }
})
