import { createServer, type Server, type Socket } from 'node:net'
import type { HallSnapshot } from '@qms/protocol'
import { freePort, type Teardown } from '@qms/test'
import { Aedes } from 'aedes'
import { connectAsync, type MqttClient } from 'mqtt'

/** An aedes broker on a port that stays the same across stop/start, as a hall's broker restarting. */
export interface RestartableBroker {
  port: number
  url: string
  readonly running: boolean
  start(): Promise<void>
  stop(): Promise<void>
}

export async function restartableBroker(t: Teardown, port?: number): Promise<RestartableBroker> {
  const p = port ?? (await freePort())
  let server: Server | undefined
  let broker: Aedes | undefined
  const sockets = new Set<Socket>()
  const b: RestartableBroker = {
    port: p,
    url: `mqtt://127.0.0.1:${p}`,
    get running() {
      return server !== undefined
    },
    async start() {
      const aedes = await Aedes.createBroker()
      const s = createServer((socket) => {
        socket.setNoDelay(true)
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
        aedes.handle(socket)
      })
      await new Promise<void>((resolve) => s.listen(p, '127.0.0.1', resolve))
      server = s
      broker = aedes
    },
    async stop() {
      const s = server
      const a = broker
      server = undefined
      broker = undefined
      if (s === undefined || a === undefined) return
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => s.close(() => resolve()))
      await new Promise<void>((resolve) => a.close(() => resolve()))
    },
  }
  t.teardown(() => b.stop())
  return b
}

/** A plain MQTT client for the test's side (the edge, an observer), closed when the test ends. */
export async function observer(
  t: Teardown,
  url: string,
  id = `obs-${Math.random().toString(36).slice(2)}`,
): Promise<MqttClient> {
  const client = await connectAsync(url, { clientId: id, reconnectPeriod: 0 })
  ;(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true)
  t.teardown(() => client.endAsync(true))
  return client
}

/** Waits for the next message on a topic (already subscribed by the caller). */
export function nextMessage(
  client: MqttClient,
  topic: string,
  match: (payload: unknown) => boolean = () => true,
): Promise<{ payload: unknown; retain: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (tp: string, payload: Buffer, packet: { retain: boolean }) => {
      if (tp !== topic) return
      let value: unknown
      try {
        value = JSON.parse(payload.toString())
      } catch {
        value = payload.toString()
      }
      if (!match(value)) return
      client.off('message', onMessage)
      resolve({ payload: value, retain: packet.retain })
    }
    client.on('message', onMessage)
  })
}

export function snapshot(site: string, seq: number): HallSnapshot {
  return {
    v: 1,
    site,
    name: '测试厅',
    ts: new Date(Date.UTC(2026, 2, 2, 2, 0, seq)).toISOString(),
    day: '2026-03-02',
    seq,
    open: true,
    calls: [],
    windows: [],
    queues: [],
    guidance: [],
    link: { connected: true, behindEvents: 0, behindSec: 0 },
  }
}
