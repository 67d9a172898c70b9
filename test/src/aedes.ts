import { createServer, type Server } from 'node:net'
import { Aedes, type AedesOptions } from 'aedes'
import type { Teardown } from './teardown.js'

export interface TestBroker {
  broker: Aedes
  port: number
  url: string
  close(): Promise<void>
}

/**
 * A real aedes broker on a free loopback port, closed when the test ends. Sockets get
 * TCP_NODELAY: without it every QoS 1 round trip waits on delayed acks (tens of ms).
 */
export async function startAedes(t: Teardown, options: AedesOptions = {}): Promise<TestBroker> {
  const broker = await Aedes.createBroker(options)
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true)
    broker.handle(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('broker has no port')
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close()
      broker.close(() => resolve())
    })
    return closing
  }
  t.teardown(close)
  return { broker, port: address.port, url: `mqtt://127.0.0.1:${address.port}`, close }
}
