import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { findProgram, searchPath } from '../src/services/binaries.js'
import { hostPort, probeNats, probeRedis } from '../src/services/probe.js'

/** A one-off TCP server that greets or answers as told. */
async function fakeServer(
  t: Test,
  onConnect: (socket: import('node:net').Socket) => void,
): Promise<number> {
  const sockets = new Set<import('node:net').Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    onConnect(s)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  )
  return (server.address() as { port: number }).port
}

t.test('hostPort reads the host and port of service URLs, with defaults', async (t) => {
  t.same(hostPort('nats://127.0.0.1:4333', 4222), { host: '127.0.0.1', port: 4333 })
  t.same(hostPort('nats://localhost', 4222), { host: 'localhost', port: 4222 })
  t.same(hostPort('redis://:secret@10.0.0.2:6380/2', 6379), { host: '10.0.0.2', port: 6380 })
  t.same(hostPort('redis://[::1]:6379', 6379), { host: '::1', port: 6379 })
})

t.test('a NATS server says whether JetStream is on in its INFO line', async (t) => {
  const on = await fakeServer(t, (s) => s.end('INFO {"version":"2.9.10","jetstream":true}\r\n'))
  t.same(await probeNats(`nats://127.0.0.1:${on}`), {
    ok: true,
    version: '2.9.10',
    jetstream: true,
  })
  const off = await fakeServer(t, (s) => s.end('INFO {"version":"2.9.10"}\r\n'))
  t.same(await probeNats(`nats://127.0.0.1:${off}`), {
    ok: true,
    version: '2.9.10',
    jetstream: false,
  })
})

t.test('something else on the NATS port is not taken for NATS', async (t) => {
  const http = await fakeServer(t, (s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
  const probe = await probeNats(`nats://127.0.0.1:${http}`)
  t.equal(probe.ok, false)
  t.match(probe, { reason: /not a NATS server/ })
})

t.test('a closed port and a silent one are reported, not waited on forever', async (t) => {
  const closed = await fakeServer(t, (s) => s.destroy())
  t.match(await probeNats(`nats://127.0.0.1:${closed}`), { ok: false })
  const silent = await fakeServer(t, () => undefined)
  t.match(await probeRedis(`redis://127.0.0.1:${silent}`, 200), {
    ok: false,
    reason: /no answer within 200 ms/,
  })
})

t.test('Redis answers PING; a Redis that wants a password says so', async (t) => {
  const open = await fakeServer(t, (s) => s.on('data', () => s.write('+PONG\r\n')))
  t.same(await probeRedis(`redis://127.0.0.1:${open}`), { ok: true })
  const locked = await fakeServer(t, (s) =>
    s.on('data', () => s.write('-NOAUTH Authentication required.\r\n')),
  )
  t.match(await probeRedis(`redis://127.0.0.1:${locked}`), {
    ok: false,
    reason: /answers but refuses: NOAUTH/,
  })
  let sent = ''
  const withAuth = await fakeServer(t, (s) =>
    s.on('data', (d) => {
      sent += d.toString()
      if (sent.includes('PING')) s.write('+OK\r\n+PONG\r\n')
    }),
  )
  t.same(await probeRedis(`redis://:s3cret@127.0.0.1:${withAuth}`), { ok: true })
  t.match(sent, /^AUTH "s3cret"\r\nPING\r\n$/)
})

t.test('programs are found on PATH and in the sbin beside each bin folder', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'qms-bins-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  for (const d of ['usr/bin', 'usr/sbin', 'opt/x']) mkdirSync(join(root, d), { recursive: true })
  const program = join(root, 'usr/sbin/nats-server')
  writeFileSync(program, '#!/bin/sh\n')
  chmodSync(program, 0o755)
  const path = `${join(root, 'opt/x')}:${join(root, 'usr/bin')}`
  t.same(searchPath(path), [join(root, 'opt/x'), join(root, 'usr/bin'), join(root, 'usr/sbin')])
  t.same(findProgram('nats-server', { path }), { ok: true, path: program })
  t.match(findProgram('redis-server', { path }), { ok: false, reason: /not installed/ })
  t.match(findProgram('nats-server', { path: join(root, 'opt/x') }), { ok: false })
  t.match(
    findProgram('nats-server', {
      path,
      explicit: join(root, 'nope'),
      explicitName: 'QMS_NATS_SERVER',
    }),
    { ok: false, reason: /QMS_NATS_SERVER=.*nope is not an executable program/ },
  )
  t.same(findProgram('nats-server', { path: '', explicit: program }), { ok: true, path: program })
})
