import { type Clock, mqttTopics, parseTopic, systemClock } from '@qms/protocol'
import mqtt, { type MqttClient } from 'mqtt'
import type { Logger } from 'pino'
import type { DeviceBus } from './bus.js'

export interface ExternalBrokerOptions {
  site: string
  /** mqtt://, mqtts://, ws:// or wss:// URL of the hall's broker. */
  url: string
  username?: string
  password?: string
  logger?: Logger
  /** Give up the first connection after this long (default 10 s); later it keeps retrying. */
  connectTimeoutMs?: number
  clock?: Clock
}

/** Sets TCP_NODELAY on a client's socket (on every (re)connection): see LIBRARIES.md. */
export function setNoDelay(client: MqttClient): void {
  const apply = () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true)
  client.on('connect', apply)
  apply()
}

/**
 * The edge as a client of an external MQTT broker (e.g. Mosquitto). It subscribes to every
 * device's requests and status under `qms/v1/<site>/`. It cannot authenticate devices nor
 * enforce the topic ACL: the external broker must (see README, "External broker").
 */
export async function connectExternalBroker(options: ExternalBrokerOptions): Promise<DeviceBus> {
  const { site, logger } = options
  const client = mqtt.connect(options.url, {
    clientId: `qms-edge-${site}`,
    username: options.username,
    password: options.password,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  })
  setNoDelay(client)
  const handlers: Array<(device: string, leaf: 'req' | 'status', payload: Buffer) => void> = []
  client.on('message', (topic, payload) => {
    const parsed = parseTopic(topic)
    if (parsed?.kind !== 'device' || parsed.site !== site) return
    if (parsed.leaf !== 'req' && parsed.leaf !== 'status') return
    for (const h of handlers) h(parsed.device, parsed.leaf, payload)
  })
  client.on('error', (err) => logger?.warn({ err: err.message }, 'external broker error'))
  client.on('offline', () => logger?.warn('external broker unreachable; retrying'))
  client.on('connect', () => logger?.info({ url: options.url }, 'connected to the external broker'))

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      client.end(true)
      reject(err)
    }
    client.once('connect', () => {
      client.off('error', onError)
      resolve()
    })
    client.once('error', onError)
    const clock = options.clock ?? systemClock
    const timer = clock.setTimeout(
      () => onError(new Error(`no connection to ${options.url}`)),
      options.connectTimeoutMs ?? 10_000,
    )
    client.once('connect', () => clock.clearTimeout(timer))
  })
  // Subscriptions survive reconnects: mqtt.js resubscribes them ([MQTT-3.1.2-6] clean session).
  await client.subscribeAsync(
    [mqttTopics.allDevices(site, 'req'), mqttTopics.allDevices(site, 'status')],
    { qos: 1 },
  )

  let closing: Promise<void> | undefined
  return {
    mode: 'external',
    async publish(topic, payload, opts = {}) {
      await client.publishAsync(topic, payload, { qos: 1, retain: opts.retain === true })
    },
    onMessage: (h) => {
      handlers.push(h)
    },
    onDisconnect: () => {},
    connectedDevices: () => 0,
    connected: () => client.connected,
    ports: {},
    close() {
      closing ??= client.endAsync().then(() => undefined)
      return closing
    },
  }
}
