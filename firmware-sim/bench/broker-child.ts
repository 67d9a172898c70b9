import { createServer } from 'node:net'
import { Aedes } from 'aedes'

/*
 * The benchmark's broker, in its own process so that the devices' CPU time is measured alone:
 * aedes with TCP_NODELAY, answering every request on `…/req` with an ok `call` reply on `…/res`
 * (what an edge would say), and publishing a retained hall snapshot when told on stdin.
 */
const broker = await Aedes.createBroker()
const server = createServer((socket) => {
  socket.setNoDelay(true)
  broker.handle(socket)
})
broker.on('publish', (packet, client) => {
  if (client === null || !packet.topic.endsWith('/req')) return
  const req = JSON.parse(packet.payload.toString()) as { reqId: string; window: string }
  const result = {
    ticket: 'A001',
    window: req.window,
    item: 'HJ-002',
    itemName: '居民身份证换领',
    recalls: 0,
    waitedMin: 3.5,
  }
  broker.publish(
    {
      cmd: 'publish',
      topic: packet.topic.replace(/req$/, 'res'),
      payload: Buffer.from(JSON.stringify({ reqId: req.reqId, ok: true, op: 'call', result })),
      qos: 1,
      dup: false,
      retain: false,
    },
    () => undefined,
  )
})
server.listen(0, '127.0.0.1', () => {
  const a = server.address()
  process.stdout.write(
    `${JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 })}\n`,
  )
})
process.stdin.on('data', (d) => {
  const snap = d.toString().trim()
  if (snap === '') return
  broker.publish(
    {
      cmd: 'publish',
      topic: 'qms/v1/bench/hall',
      payload: Buffer.from(snap),
      qos: 1,
      dup: false,
      retain: true,
    },
    () => undefined,
  )
})
process.stdin.on('end', () => process.exit(0))
