import { once } from 'node:events'
import { createServer, type Socket } from 'node:net'
import { startVirtualPrinter, type VirtualPrinter } from '@qms/firmware-sim'
import { mqttTopics } from '@qms/protocol'
import { waitFor } from '@qms/test'
import t, { type Test } from 'tap'
import { startAgent } from './fixtures/agent.js'
import { connectDevice } from './fixtures/devices.js'
import { testHall } from './fixtures/hall.js'

/*
 * The printer module wired into takes: a real TCP printer (the simulator's virtual ESC/POS
 * printer, which decodes what it receives) behind dispenser k1.
 */

const SITE = 'test-hall'

function hallWithPrinter(port: number) {
  const hall = testHall()
  return {
    ...hall,
    http: { publicUrl: 'https://qms.example.gov.cn' },
    printers: [{ id: 'p1', interface: `tcp://127.0.0.1:${port}`, width: 80 as const }],
    devices: hall.devices.map((d) => (d.id === 'k1' ? { ...d, printer: 'p1' } : d)),
  }
}

async function virtualPrinter(t: Test): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter({ width: 80, host: '127.0.0.1' })
  t.teardown(() => printer.close())
  return printer
}

t.test('a take is answered queued and printed in Chinese with the status QR', async (t) => {
  const printer = await virtualPrinter(t)
  const { mqttUrl } = await startAgent(t, {
    hall: hallWithPrinter(printer.port),
    printerFactory: undefined,
  })
  const k1 = await connectDevice(t, mqttUrl, SITE, 'k1', { status: false })
  const take = await k1.request({ op: 'take', item: 'HJ-001', priority: 'elderly' })
  t.match(take, { ok: true, result: { ticket: 'A001', printed: 'queued' } })
  const ticket = await printer.waitForTicket()
  const texts = ticket.lines.map((l) => l.text)
  t.ok(texts.includes('测试派出所户籍服务厅'), 'the hall name, in Chinese')
  t.ok(texts.includes('居民身份证首次申领'), 'the item name')
  t.ok(texts.includes('A001'), 'the number')
  t.ok(
    texts.some((l) => l.includes('请备好：居民身份证')),
    'what to bring',
  )
  t.same(ticket.qr, ['https://qms.example.gov.cn/t/test-hall/A001'], 'the QR is the status page')
  t.equal(ticket.complete, true)

  t.match(await k1.request({ op: 'take', item: 'CRJ-001' }), {
    ok: true,
    result: { ticket: 'E001' },
  })
  const online = await printer.waitForTicket((p) => p.lines.some((l) => l.text === 'E001'))
  t.same(online.qr, ['https://zhangban.example.gov.cn/item/CRJ-001'], 'a 掌办 item gets its link')

  t.match(await k1.request({ op: 'reprint', ticket: 'A001' }), {
    ok: true,
    result: { ticket: 'A001', printed: 'queued' },
  })
  await waitFor(
    () => printer.tickets.filter((p) => p.lines.some((l) => l.text === 'A001')).length === 2,
  )
  t.pass('the reprint came out')
})

t.test(
  'out of paper: the ticket stands, a fault is journaled and the dispenser told; paper back clears it',
  async (t) => {
    const printer = await virtualPrinter(t)
    const { agent, mqttUrl } = await startAgent(t, {
      hall: hallWithPrinter(printer.port),
      printerFactory: undefined,
    })
    const k1 = await connectDevice(t, mqttUrl, SITE, 'k1', { status: false })
    printer.setPaperOut(true)
    const notice = k1.next(mqttTopics.command(SITE, 'k1'))
    t.match(await k1.request({ op: 'take', item: 'HJ-002' }), {
      ok: true,
      result: { printed: 'queued' },
    })
    t.match(await notice, { cmd: 'notice', text: /请凭屏幕号码 A001 等候/ })
    const faults = () => agent.journal.readAfter(0, 1000).filter((e) => e.type === 'device.fault')
    await waitFor(() => faults().length === 1)
    t.match(faults()[0]?.data, { device: 'k1', fault: 'paper-out', cleared: false })
    t.equal(agent.state().open.get('A001')?.state, 'waiting', 'the ticket is valid without paper')

    printer.setPaperOut(false)
    await k1.request({ op: 'take', item: 'HJ-002' })
    await printer.waitForTicket()
    await waitFor(() => faults().length === 2)
    t.match(faults()[1]?.data, { device: 'k1', fault: 'paper-out', cleared: true })
  },
)

t.test('the answer never waits for the paper', async (t) => {
  // A printer that accepts the connection and then says nothing: the job waits for its timeout.
  const sockets = new Set<Socket>()
  const silent = createServer((s) => {
    sockets.add(s)
    s.on('error', () => {})
  })
  silent.listen(0, '127.0.0.1')
  await once(silent, 'listening')
  t.teardown(() => {
    for (const s of sockets) s.destroy()
    silent.close()
  })
  const port = (silent.address() as { port: number }).port
  const { agent, mqttUrl } = await startAgent(t, {
    hall: hallWithPrinter(port),
    printerFactory: undefined,
  })
  const k1 = await connectDevice(t, mqttUrl, SITE, 'k1', { status: false })
  const take = await k1.request({ op: 'take', item: 'HJ-001' })
  t.match(take, { ok: true, result: { printed: 'queued' } })
  t.notOk(
    agent.journal.readAfter(0, 100).some((e) => e.type === 'device.fault'),
    'answered while the print job was still pending',
  )
  await waitFor(() => sockets.size > 0)
  t.pass('the printer was being spoken to')
})
