import { once } from 'node:events'
import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import mqtt from 'mqtt'
import t from 'tap'
import {
  connectRedis,
  deleteByPrefix,
  freePort,
  ptyPair,
  spawnProcess,
  startAedes,
  startNatsServer,
  startTcpProxy,
  uniqueNatsNames,
  uniqueRedisPrefix,
  waitFor,
} from '../src/index.js'

t.test('freePort gives a port that can be bound', async (t) => {
  const port = await freePort()
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  t.equal((server.address() as { port: number }).port, port)
  server.close()
})

t.test('startAedes serves a real MQTT client', async (t) => {
  const broker = await startAedes(t)
  const client = await mqtt.connectAsync(broker.url, { clientId: 'c1' })
  t.teardown(() => client.endAsync())
  await client.subscribeAsync('x/y', { qos: 1 })
  const got = new Promise<[string, Buffer]>((resolve) =>
    client.once('message', (topic, payload) => resolve([topic, payload])),
  )
  await client.publishAsync('x/y', 'hello', { qos: 1 })
  const [topic, payload] = await got
  t.equal(topic, 'x/y')
  t.equal(payload.toString(), 'hello')
})

t.test('the tcp proxy cuts and restores a link', async (t) => {
  const echo = createServer((s) => s.pipe(s))
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
  t.teardown(() => echo.close())
  const proxy = await startTcpProxy(t, { port: (echo.address() as { port: number }).port })
  const roundTrip = async () => {
    const socket = createConnection({ port: proxy.port, host: '127.0.0.1' })
    socket.write('ping')
    const [data] = (await Promise.race([
      once(socket, 'data'),
      once(socket, 'close').then(() => [null]),
    ])) as [Buffer | null]
    socket.destroy()
    return data?.toString() ?? null
  }
  t.equal(await roundTrip(), 'ping')
  const open = createConnection({ port: proxy.port, host: '127.0.0.1' })
  await once(open, 'connect')
  proxy.cut()
  await once(open, 'close')
  t.pass('an open connection is dropped by the cut')
  t.equal(await roundTrip(), null, 'new connections are refused while cut')
  proxy.restore()
  t.equal(await roundTrip(), 'ping')
})

t.test('a pty pair carries bytes both ways and can be unplugged and plugged again', async (t) => {
  const pair = await ptyPair(t)
  const a = openSync(pair.a, 'r+')
  const b = openSync(pair.b, 'r+')
  writeSync(b, 'CALL 5\n')
  const buf = Buffer.alloc(64)
  const n = readSync(a, buf)
  t.equal(buf.subarray(0, n).toString(), 'CALL 5\n')
  closeSync(a)
  closeSync(b)
  await pair.unplug()
  await pair.plug()
  const a2 = openSync(pair.a, 'r+')
  const b2 = openSync(pair.b, 'r+')
  writeSync(a2, 'OK A023\n')
  const m = readSync(b2, buf)
  t.equal(buf.subarray(0, m).toString(), 'OK A023\n')
  closeSync(a2)
  closeSync(b2)
})

t.test(
  'a private nats-server with JetStream stops and starts on the same port, keeping its store',
  async (t) => {
    const server = await startNatsServer(t)
    let nc = await connect({ servers: server.url })
    let jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] })
    await nc.close()
    await server.stop()
    await t.rejects(connect({ servers: server.url, reconnect: false }))
    await server.start()
    nc = await connect({ servers: server.url })
    jsm = await jetstreamManager(nc)
    t.equal((await jsm.streams.info('KEEP')).config.name, 'KEEP')
    await nc.close()
  },
)

t.test('unique NATS names keep streams apart and are deleted afterwards', async (t) => {
  let streamName = ''
  await t.test('inner', async (t) => {
    const names = uniqueNatsNames(t)
    streamName = names.eventStream
    const nc = await connect({ servers: process.env.QMS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222' })
    const jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: names.eventStream, subjects: [names.allEvents()] })
    await nc.close()
  })
  const nc = await connect({ servers: process.env.QMS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222' })
  const jsm = await jetstreamManager(nc)
  await t.rejects(jsm.streams.info(streamName), 'the stream is gone')
  await nc.close()
})

t.test('a unique Redis prefix is cleaned up', async (t) => {
  const redis = connectRedis(t)
  let prefix = ''
  await t.test('inner', async (t) => {
    prefix = uniqueRedisPrefix(t)
    await redis.set(`${prefix}a`, '1')
    await redis.set(`${prefix}b`, '2')
  })
  t.equal(await redis.exists(`${prefix}a`, `${prefix}b`), 0)
  await redis.set(`${prefix}c`, '3')
  t.equal(await deleteByPrefix(redis, prefix), 1)
})

t.test('spawnProcess waits for a line and reports the exit', async (t) => {
  const p = spawnProcess(t, process.execPath, [
    '-e',
    'console.log("ready on 42"); setInterval(() => {}, 1000)',
  ])
  t.equal(await p.waitForLine(/ready on \d+/), 'ready on 42')
  t.equal(await p.stop('SIGTERM'), 'SIGTERM')
  await t.rejects(p.waitForLine(/never/, 100))
})

t.test('waitFor returns the value or times out naming what it waited for', async (t) => {
  let n = 0
  t.equal(await waitFor(() => (++n >= 3 ? n : undefined)), 3)
  await t.rejects(
    waitFor(() => false, { timeoutMs: 50, what: 'the moon' }),
    /the moon/,
  )
})
