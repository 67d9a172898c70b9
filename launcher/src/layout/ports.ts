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

/** A port that was free a moment ago at `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
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
