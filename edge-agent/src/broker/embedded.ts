import { once } from 'node:events'
import { createServer, type Server, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  type DeviceKind,
  type ErrorResponse,
  MAX_DEVICE_PAYLOAD_BYTES,
  mayPublish,
  maySubscribe,
  mqttTopics,
  parseTopic,
  QmsError,
} from '@qms/protocol'
import { Aedes, type AedesPublishPacket, type Client } from 'aedes'
import type { Logger } from 'pino'
import { createWebSocketStream, WebSocketServer } from 'ws'
import type { DeviceRegistry } from '../devices/registry.js'
import type { DeviceBus } from './bus.js'

export interface EmbeddedBrokerOptions {
  site: string
  registry: DeviceRegistry
  /** Listen address (default 0.0.0.0). */
  host?: string
  /** MQTT over TCP (default 1883; 0 picks a free port). */
  tcpPort?: number
  /** MQTT over WebSocket (default 8883; 0 picks a free port). */
  wsPort?: number
  logger?: Logger
  /** Told about every refusal: a bad login, a forbidden publish or subscription. */
  onRefused?: (what: 'connect' | 'publish' | 'subscribe', device: string, detail: string) => void
}

type AuthError = Error & { returnCode: number }

/** Where a refused publish goes: no subscription can match a topic starting with `$` [MQTT-4.7.2-1]. */
const REFUSED_TOPIC = '$qms/refused'

function authError(message: string, returnCode: number): AuthError {
  return Object.assign(new Error(message), { returnCode })
}

/** The reqId of a payload, when it is readable JSON with one. */
function readReqId(payload: Buffer): string | undefined {
  if (payload.byteLength > MAX_DEVICE_PAYLOAD_BYTES) return undefined
  try {
    const value = JSON.parse(payload.toString('utf8')) as { reqId?: unknown }
    const id = value?.reqId
    return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/.test(id) ? id : undefined
  } catch {
    return undefined
  }
}

/**
 * The hall's own MQTT broker (aedes) over TCP and WebSocket. A device logs in with client id =
 * user name = its id and its token as password; it may publish only its own status and requests
 * and subscribe only to what its kind needs (protocol's ACL). A forbidden publish is acknowledged
 * and dropped [MQTT-3.3.5-2], and the device gets a FORBIDDEN_TOPIC reply on its own `res`; a
 * forbidden subscription gets SUBACK 0x80. Sockets get TCP_NODELAY.
 */
export async function createEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<DeviceBus> {
  const { site, registry, logger } = options
  const refuse = (what: 'connect' | 'publish' | 'subscribe', device: string, detail: string) => {
    logger?.warn({ device, what, detail }, 'refused')
    options.onRefused?.(what, device, detail)
  }
  const broker = await Aedes.createBroker({
    id: `qms-edge-${site}`,
    maxClientsIdLength: 64,
    heartbeatInterval: 3_600_000,
  })
  const kindOf = (client: Client): DeviceKind | undefined => registry.get(client.id)?.kind

  broker.authenticate = (client, username, password, done) => {
    if (username !== client.id || !registry.verify(client.id, password)) {
      refuse('connect', client.id, username === client.id ? 'bad token' : 'user name ≠ client id')
      done(authError('bad credentials', 4), null)
      return
    }
    done(null, true)
  }
  broker.authorizePublish = (client, packet, done) => {
    if (client === null) return done(null) // the broker's own will publishing
    if (mayPublish(site, client.id, packet.topic)) return done(null)
    refuse('publish', client.id, packet.topic)
    const reqId = readReqId(packet.payload as Buffer)
    const reply: ErrorResponse = {
      ok: false,
      ...(reqId === undefined ? {} : { reqId }),
      error: new QmsError(
        'FORBIDDEN_TOPIC',
        `device ${client.id} may not publish to ${packet.topic}`,
        { path: '/topic' },
      ).toBody(),
    }
    publish(mqttTopics.response(site, client.id), JSON.stringify(reply)).catch(() => undefined)
    // Acknowledge and drop: the packet goes where nobody listens and is not retained.
    packet.topic = `${REFUSED_TOPIC}/${client.id}`
    packet.retain = false
    done(null)
  }
  broker.authorizeSubscribe = (client, sub, done) => {
    const kind = kindOf(client)
    if (kind !== undefined && maySubscribe(site, client.id, kind, sub.topic)) return done(null, sub)
    refuse('subscribe', client.id, sub.topic)
    done(null, null)
  }

  const messageHandlers: Array<(device: string, leaf: 'req' | 'status', p: Buffer) => void> = []
  const goneHandlers: Array<(device: string) => void> = []
  const deliver = (packet: AedesPublishPacket, cb: () => void) => {
    const parsed = parseTopic(packet.topic)
    if (parsed?.kind === 'device' && parsed.site === site) {
      const leaf = parsed.leaf
      if (leaf === 'req' || leaf === 'status') {
        for (const h of messageHandlers) h(parsed.device, leaf, packet.payload as Buffer)
      }
    }
    cb()
  }
  await new Promise<void>((resolve) =>
    broker.subscribe(mqttTopics.allDevices(site, 'req'), deliver, resolve),
  )
  await new Promise<void>((resolve) =>
    broker.subscribe(mqttTopics.allDevices(site, 'status'), deliver, resolve),
  )
  let clients = 0
  broker.on('client', () => {
    clients++
  })
  broker.on('clientDisconnect', (client) => {
    clients = Math.max(0, clients - 1)
    // A device that reconnected (session takeover) is not gone.
    const current = (broker as unknown as { clients: Record<string, Client | undefined> }).clients[
      client.id
    ]
    if (current !== undefined && current !== client) return
    for (const h of goneHandlers) h(client.id)
  })
  broker.on('clientError', (client, err) => {
    logger?.debug({ device: client.id, err: err.message }, 'device connection error')
  })

  const host = options.host ?? '0.0.0.0'
  const sockets = new Set<Socket>()
  const tcp: Server = createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // Without TCP_NODELAY every QoS 1 round trip waits for delayed ACKs (tens of ms).
    socket.setNoDelay(true)
    broker.handle(socket)
  })
  tcp.listen(options.tcpPort ?? 1883, host)
  await Promise.race([once(tcp, 'listening'), once(tcp, 'error').then(([e]) => Promise.reject(e))])
  const wss = new WebSocketServer({ host, port: options.wsPort ?? 8883 })
  await Promise.race([
    once(wss, 'listening'),
    once(wss, 'error').then(([e]) => Promise.reject(e)),
  ]).catch((err) => {
    tcp.close()
    broker.close()
    throw err
  })
  wss.on('connection', (ws, req) => {
    req.socket.setNoDelay(true)
    broker.handle(createWebSocketStream(ws))
  })
  const tcpAddress = tcp.address()
  const wsAddress = wss.address()

  function publish(topic: string, payload: string | Buffer, opts: { retain?: boolean } = {}) {
    return new Promise<void>((resolve, reject) =>
      broker.publish(
        {
          cmd: 'publish',
          topic,
          payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
          qos: 1,
          retain: opts.retain === true,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    )
  }

  /**
   * Waits (up to `limitMs`) until what was written to the devices has left this process. A
   * publish is done once its bytes are queued on the socket; closing the broker destroys the
   * sockets and throws away what is still queued — on a busy machine, the last answers of a drain.
   */
  async function flushed(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs
    const queued = () =>
      [...sockets].some((s) => !s.destroyed && s.writableLength > 0) ||
      [...wss.clients].some((ws) => ws.bufferedAmount > 0)
    while (queued() && Date.now() < deadline) await sleep(5)
  }

  let closing: Promise<void> | undefined
  return {
    mode: 'embedded',
    publish,
    onMessage: (h) => {
      messageHandlers.push(h)
    },
    onDisconnect: (h) => {
      goneHandlers.push(h)
    },
    connectedDevices: () => clients,
    connected: () => true,
    ports: {
      tcp: typeof tcpAddress === 'object' && tcpAddress !== null ? tcpAddress.port : undefined,
      ws: typeof wsAddress === 'object' && wsAddress !== null ? wsAddress.port : undefined,
    },
    close() {
      closing ??= (async () => {
        // Stop accepting, let what was sent reach the devices, then let aedes say goodbye to
        // every client, then release the ports.
        const tcpClosed = new Promise<void>((resolve) => tcp.close(() => resolve()))
        await flushed(3_000)
        for (const ws of wss.clients) ws.terminate()
        const wsClosed = new Promise<void>((resolve) => wss.close(() => resolve()))
        await new Promise<void>((resolve) => broker.close(() => resolve()))
        await Promise.all([tcpClosed, wsClosed])
      })()
      return closing
    },
  }
}
