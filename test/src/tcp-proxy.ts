import { createConnection, createServer, type Socket } from 'node:net'
import type { Teardown } from './teardown.js'

export interface TcpProxy {
  port: number
  /** Cuts the link: open connections are destroyed and new ones refused until `restore()`. */
  cut(): void
  restore(): void
  readonly isCut: boolean
  /** Connections accepted so far. */
  readonly accepted: number
  close(): Promise<void>
}

/**
 * A TCP proxy on a free loopback port in front of `target`, which a test cuts and restores to
 * simulate a link failure between two real processes.
 */
export async function startTcpProxy(
  t: Teardown,
  target: { host?: string; port: number },
): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let cut = false
  let accepted = 0
  const server = createServer((client) => {
    if (cut) {
      client.destroy()
      return
    }
    accepted++
    client.setNoDelay(true)
    const upstream = createConnection({ host: target.host ?? '127.0.0.1', port: target.port })
    upstream.setNoDelay(true)
    sockets.add(client)
    sockets.add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no port')
  let closing: Promise<void> | undefined
  const proxy: TcpProxy = {
    port: address.port,
    cut() {
      cut = true
      for (const s of sockets) s.destroy()
      sockets.clear()
    },
    restore() {
      cut = false
    },
    get isCut() {
      return cut
    },
    get accepted() {
      return accepted
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        proxy.cut()
        server.close(() => resolve())
      })
      return closing
    },
  }
  t.teardown(() => proxy.close())
  return proxy
}
