import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/*
 * Tests never use fixed ports. A port is drawn at random below the kernel's ephemeral range and
 * checked free: a port from that range (what `listen(0)` returns) is also what the kernel hands to
 * the next outgoing connection, and on a busy machine running many tests one was taken by a
 * client socket before the process it was meant for could listen on it.
 */

const LOW = 20000

function ephemeralLow(): number {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
    )
    if (Number.isInteger(low) && low > LOW + 1000) return low
  } catch {}
  return 32768
}

function listenable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(undefined))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address()
      const got = typeof address === 'object' && address !== null ? address.port : undefined
      server.close(() => resolve(got))
    })
  })
}

/** A TCP port on 127.0.0.1 that is free now and outside the range outgoing connections use. */
export async function freePort(): Promise<number> {
  const high = ephemeralLow()
  for (let i = 0; i < 50; i++) {
    const port = await listenable(LOW + Math.floor(Math.random() * (high - LOW)))
    if (port !== undefined) return port
  }
  const any = await listenable(0)
  if (any === undefined) throw new Error('no free port')
  return any
}
