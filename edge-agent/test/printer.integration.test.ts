import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { EscPosDecoder, startVirtualPrinter, type VirtualPrinter } from '@qms/firmware-sim'
import { createManualClock } from '@qms/protocol'
import { freePort } from '@qms/test'
import t, { type Test } from 'tap'
import { createTicketPrinter, type TicketPrinter } from '../src/printer/index.js'
import { RARE_NAME, sampleTicket } from './printer-helpers.js'

async function virtualPrinter(t: Test, width: 58 | 80 = 80): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter({ width })
  t.teardown(() => printer.close())
  return printer
}

function ticketPrinter(
  t: Test,
  url: string,
  width: 58 | 80 = 80,
  options: Parameters<typeof createTicketPrinter>[1] = {},
): TicketPrinter {
  const printer = createTicketPrinter(
    { id: 'kiosk-1-printer', interface: url, width },
    {
      timeoutMs: 10_000,
      ...options,
    },
  )
  t.teardown(() => printer.close())
  return printer
}

/** A TCP server that is there but never says a word; resolves each connection's first bytes. */
async function silentServer(t: Test) {
  const sockets = new Set<Socket>()
  const firstData: Promise<Buffer>[] = []
  let arrived: ((b: Buffer) => void) | undefined
  firstData.push(new Promise((r) => (arrived = r)))
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.once('data', (b: Buffer) => arrived?.(b))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const s of sockets) s.destroy()
    server.close()
  })
  const address = server.address() as { port: number }
  return { url: `tcp://127.0.0.1:${address.port}`, firstData: firstData[0]! }
}

for (const width of [58, 80] as const) {
  t.test(
    `${width} mm: the ticket prints, in Chinese, with its number large and its QR`,
    async (t) => {
      const printer = await virtualPrinter(t, width)
      const ticket = sampleTicket()
      t.same(await ticketPrinter(t, printer.url, width).print(ticket), { ok: true })
      const printed = await printer.waitForTicket()
      const texts = printed.lines.map((l) => l.text)
      t.ok(texts.includes('城东区政务服务中心'), 'hall name')
      t.ok(texts.includes('居民身份证换领'), 'item')
      t.ok(
        texts.some((l) => l.startsWith('前面还有 3 人')),
        'people ahead',
      )
      t.ok(
        texts.some((l) => l.startsWith('预计等候约 15 分钟')),
        'predicted wait',
      )
      const number = printed.lines.find((l) => l.text === 'A023')
      t.ok(number !== undefined && number.runs[0]!.width >= 4 && number.runs[0]!.height >= 4)
      t.same(printed.qr, [ticket.qr], 'the QR payload is the ticket’s link')
      t.equal(printed.cut, 'full')
      t.equal(printed.complete, true)
      t.same(printed.warnings, [])
      t.notOk(
        printed.lines.some((l) => l.wrapped),
        'nothing ran past the paper edge',
      )
    },
  )
}

t.test('characters beyond GB2312 survive the round trip', async (t) => {
  const printer = await virtualPrinter(t)
  const outcome = await ticketPrinter(t, printer.url).print(
    sampleTicket({
      hallName: `${RARE_NAME}便民服务点`,
      itemName: '䶮喆𠮷事项',
      notes: [RARE_NAME],
    }),
  )
  t.same(outcome, { ok: true })
  const printed = await printer.waitForTicket()
  const texts = printed.lines.map((l) => l.text)
  t.ok(texts.includes(`${RARE_NAME}便民服务点`))
  t.ok(texts.includes('䶮喆𠮷事项'))
  t.ok(texts.includes(`· ${RARE_NAME}`))
})

t.test('a printer without native QR gets the QR as an image, which still scans', async (t) => {
  const printer = await virtualPrinter(t, 58)
  const ticket = sampleTicket({ qr: 'https://zwfw.example.cn/m/HJ-001' })
  t.same(await ticketPrinter(t, printer.url, 58, { qr: 'image' }).print(ticket), { ok: true })
  const printed = await printer.waitForTicket()
  t.same(printed.qr, ['https://zwfw.example.cn/m/HJ-001'])
  t.ok(printed.blocks.some((b) => b.kind === 'image'))
})

t.test('out of paper: paper-out, and nothing is printed', async (t) => {
  const printer = await virtualPrinter(t)
  printer.setPaperOut(true)
  const outcome = await ticketPrinter(t, printer.url).print(sampleTicket())
  t.match(outcome, { ok: false, fault: 'paper-out', message: /out of paper/ })
  t.equal(printer.state().discardedBytes, 9, 'only the status request reached it')
  t.equal(printer.tickets.length, 0)
})

t.test('paper running out during the job: paper-out', async (t) => {
  const printer = await virtualPrinter(t)
  printer.on('status-request', (r) => {
    if (r.n === 4) printer.setPaperOut(true) // after answering the check before the job
  })
  const outcome = await ticketPrinter(t, printer.url).print(sampleTicket())
  t.match(outcome, { ok: false, fault: 'paper-out', message: /while printing/ })
  t.equal(printer.tickets.length, 0)
})

t.test('paper near end: printed, with a warning', async (t) => {
  const printer = await virtualPrinter(t)
  printer.setPaperNearEnd(true)
  t.same(await ticketPrinter(t, printer.url).print(sampleTicket()), {
    ok: true,
    warning: 'paper-near-end',
  })
  t.equal(printer.tickets.length, 1)
})

t.test('off line: printer-offline, whether it reports it or drops the connection', async (t) => {
  const printer = await virtualPrinter(t)
  const kiosk = ticketPrinter(t, printer.url)
  printer.setOffline(true)
  t.match(await kiosk.print(sampleTicket()), {
    ok: false,
    fault: 'printer-offline',
    message: /cover/,
  })
  printer.setOffline(true, 'drop')
  t.match(await kiosk.print(sampleTicket()), { ok: false, fault: 'printer-offline' })
  printer.setOffline(false)
  t.same(await kiosk.print(sampleTicket()), { ok: true }, 'back on line, it prints')
  t.equal(printer.tickets.length, 1)
})

t.test('nothing listening: printer-offline at once, without waiting for the timeout', async (t) => {
  const clock = createManualClock()
  const port = await freePort()
  const kiosk = ticketPrinter(t, `tcp://127.0.0.1:${port}`, 80, { clock, timeoutMs: 5_000 })
  const outcome = await kiosk.print(sampleTicket())
  t.match(outcome, { ok: false, fault: 'printer-offline', message: /ECONNREFUSED/ })
  t.equal(clock.pending(), 0, 'the deadline timer was cleared')
})

t.test(
  'a printer that accepts but never answers: printer-offline when the deadline passes',
  async (t) => {
    const clock = createManualClock()
    const silent = await silentServer(t)
    const kiosk = ticketPrinter(t, silent.url, 80, { clock, timeoutMs: 5_000 })
    const printing = kiosk.print(sampleTicket())
    t.same([...(await silent.firstData)], [0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4], 'asked for status')
    clock.advance(4_999)
    clock.advance(1)
    t.match(await printing, {
      ok: false,
      fault: 'printer-offline',
      message: /no answer within 5000 ms while asking status/,
    })
  },
)

t.test(
  'a printer that goes quiet after the status check: printer-offline at the deadline',
  async (t) => {
    const clock = createManualClock()
    let jobArrived: (() => void) | undefined
    const arrived = new Promise<void>((r) => (jobArrived = r))
    const server = createServer((socket) => {
      socket.on('error', () => {})
      let answered = false
      socket.on('data', () => {
        if (!answered) socket.write(Buffer.from([0x12, 0x12, 0x12]))
        else jobArrived?.()
        answered = true
      })
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    t.teardown(() => server.close())
    const { port } = server.address() as { port: number }
    const kiosk = ticketPrinter(t, `tcp://127.0.0.1:${port}`, 80, { clock, timeoutMs: 5_000 })
    const printing = kiosk.print(sampleTicket())
    await arrived
    clock.advance(5_000)
    t.match(await printing, {
      ok: false,
      fault: 'printer-offline',
      message: /no answer within 5000 ms while printing/,
    })
  },
)

t.test('jobs are serialised: one connection at a time, in the order asked', async (t) => {
  // A printer that holds back its answer to the check after each job until the test says so.
  const timeline: string[] = []
  const release: (() => void)[] = []
  let connections = 0
  const server = createServer((socket) => {
    const id = ++connections
    timeline.push(`connect ${id}`)
    socket.on('error', () => {})
    const decoder = new EscPosDecoder()
    let printed = false
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) {
        if (event.type === 'ticket') printed = true
        if (event.type !== 'status-request') continue
        if (!printed) socket.write(Buffer.from([0x12]))
        else release.push(() => socket.write(Buffer.from([0x12])))
      }
      if (printed && release.length === 2) {
        timeline.push(`held ${id}`)
        holds.push(...release.splice(0))
        heldOne?.()
      }
    })
  })
  const holds: (() => void)[] = []
  let heldOne: (() => void) | undefined
  const nextHeld = () => new Promise<void>((r) => (heldOne = r))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const { port } = server.address() as { port: number }
  const kiosk = ticketPrinter(t, `tcp://127.0.0.1:${port}`)

  let held = nextHeld()
  const outcomes = ['A001', 'A002', 'A003'].map((no) =>
    kiosk.print(sampleTicket({ ticket: no })).then((o) => {
      timeline.push(`done ${no}`)
      return o
    }),
  )
  for (let i = 0; i < 3; i++) {
    await held
    held = nextHeld()
    timeline.push(`release ${i + 1}`)
    for (const answer of holds.splice(0)) answer()
  }
  t.same(await Promise.all(outcomes), [{ ok: true }, { ok: true }, { ok: true }])
  // Each connection opens only after the job before it is done.
  t.same(timeline, [
    'connect 1',
    'held 1',
    'release 1',
    'done A001',
    'connect 2',
    'held 2',
    'release 2',
    'done A002',
    'connect 3',
    'held 3',
    'release 3',
    'done A003',
  ])
})

t.test('a ticket that is not valid is refused without touching the printer', async (t) => {
  const printer = await virtualPrinter(t)
  let connections = 0
  printer.on('connection', () => connections++)
  const outcome = await ticketPrinter(t, printer.url).print(
    sampleTicket({ ticket: 'not a number' }),
  )
  t.match(outcome, { ok: false, fault: 'other', message: /not a printable ticket: \/ticket/ })
  t.equal(connections, 0)
})

t.test('a configuration that is not valid throws CONFIG_INVALID at creation', async (t) => {
  t.throws(() => createTicketPrinter({ id: 'p', interface: 'usb://x', width: 80 }), {
    code: 'CONFIG_INVALID',
  })
  t.throws(() => createTicketPrinter({ id: 'p', interface: 'tcp://h:9100', width: 76 as 80 }), {
    code: 'CONFIG_INVALID',
  })
  t.throws(() => createTicketPrinter({ id: 'p', interface: 'tcp://h:99999', width: 80 }), {
    code: 'CONFIG_INVALID',
  })
  t.throws(
    () =>
      createTicketPrinter(
        { id: 'p', interface: 'tcp://h:9100', width: 80 },
        { timeZone: 'Mars/Olympus' },
      ),
    { code: 'CONFIG_INVALID' },
  )
})

t.test('close waits for queued jobs, is idempotent, and refuses jobs after it', async (t) => {
  const printer = await virtualPrinter(t)
  const kiosk = ticketPrinter(t, printer.url)
  const queued = [
    kiosk.print(sampleTicket({ ticket: 'A001' })),
    kiosk.print(sampleTicket({ ticket: 'A002' })),
  ]
  const closing = kiosk.close()
  t.equal(kiosk.close(), closing)
  t.match(await kiosk.print(sampleTicket()), { ok: false, fault: 'other', message: /closed/ })
  await closing
  t.same(await Promise.all(queued), [{ ok: true }, { ok: true }])
  t.equal(printer.tickets.length, 2)
})

t.test('past the queue limit a job is refused at once', async (t) => {
  const silent = await silentServer(t)
  const clock = createManualClock()
  const kiosk = ticketPrinter(t, silent.url, 80, { clock, maxQueue: 1, timeoutMs: 1_000 })
  const first = kiosk.print(sampleTicket())
  t.match(await kiosk.print(sampleTicket()), { ok: false, fault: 'other', message: /waiting/ })
  await silent.firstData
  clock.advance(1_000)
  t.match(await first, { ok: false, fault: 'printer-offline' })
})
