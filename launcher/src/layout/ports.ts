import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/*
 * Which ports the district listens on. By default the same ports every time, so a newcomer's
 * bookmarks keep working: the cloud on 8090, hall i (0, 1, …) on HTTP 8101+i, MQTT 1884+i and
 * MQTT over WebSocket 8884+i (1883 stays Mosquitto's). A port another program holds is replaced
 * by a free one, and said. `free` picks free ports for everything (tests, several districts).
 */

export interface BasePorts {
  cloud: number
  hallHttp: number
  hallMqtt: number
  hallWs: number
}

export const DEFAULT_PORTS: BasePorts = {
  cloud: 8090,
  hallHttp: 8101,
  hallMqtt: 1884,
  hallWs: 8884,
}

/** MQTT's registered port: the machine's own broker may hold it; never take it. */
const RESERVED = new Set([1883])

export type PortMode = 'fixed' | 'free'

export interface HallPorts {
  http: number
  mqtt: number
  ws: number
}

export interface PortPlan {
  cloud: number
  halls: Map<string, HallPorts>
  /** Ports that were wanted but taken, and what was used instead. */
  moved: Array<{ what: string; wanted: number; used: number }>
}

/** Whether `port` can be listened on at `host` now. */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** The kernel's range for outgoing connections' local ports (Linux; the usual default elsewhere). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number)
    if (Number.isInteger(low) && Number.isInteger(high)) return [low!, high!]
  } catch {}
  return [32768, 60999]
}

/** Where planned ports are drawn from: below the ephemeral range, above the well-known ones. */
const PLANNED_LOW = 20000

/**
 * A port that is free now at `host` and will likely stay so until the child listens on it. It is
 * drawn below the ephemeral range: a port the kernel gave out (`listen(0)`) is also what it hands
 * to the next outgoing connection, so a planned port from that range can be taken by any client
 * socket in the seconds before the hall starts (seen as EADDRINUSE on a busy machine).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [low] = ephemeralRange()
  const high = Math.max(PLANNED_LOW + 1000, low) - 1
  for (let i = 0; i < 50; i++) {
    const port = PLANNED_LOW + Math.floor(Math.random() * (high - PLANNED_LOW + 1))
    if (await portFree(port, host)) return port
  }
  return kernelPort(host)
}

/** A port the kernel chose as free a moment ago. */
function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))))
    })
  })
}

/** Plans every listening port; `taken` holds ports already given out in this plan. */
export async function planPorts(options: {
  halls: readonly string[]
  mode: PortMode
  host: string
  base?: Partial<BasePorts>
}): Promise<PortPlan> {
  const base = { ...DEFAULT_PORTS, ...options.base }
  const given = new Set<number>()
  const moved: PortPlan['moved'] = []
  const take = async (what: string, wanted: number): Promise<number> => {
    if (options.mode === 'fixed') {
      if (!RESERVED.has(wanted) && !given.has(wanted) && (await portFree(wanted, options.host))) {
        given.add(wanted)
        return wanted
      }
    }
    let port: number
    do port = await freePort(options.host)
    while (given.has(port) || RESERVED.has(port))
    given.add(port)
    if (options.mode === 'fixed') moved.push({ what, wanted, used: port })
    return port
  }
  const cloud = await take('cloud HTTP', base.cloud)
  const halls = new Map<string, HallPorts>()
  for (const [i, site] of options.halls.entries()) {
    halls.set(site, {
      http: await take(`${site} HTTP`, base.hallHttp + i),
      mqtt: await take(`${site} MQTT`, base.hallMqtt + i),
      ws: await take(`${site} MQTT/WebSocket`, base.hallWs + i),
    })
  }
  return { cloud, halls, moved }
}
