import { jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { type NatsNames, natsNames } from '@qms/protocol'
import type { Teardown } from './teardown.js'
import { uniqueId } from './teardown.js'

/** The shared NATS server with JetStream that tests use, default nats://127.0.0.1:4222. */
export function natsUrl(): string {
  return process.env.QMS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
}

/**
 * Private NATS names for one test: subjects under a unique root and streams with a unique
 * prefix, so tests sharing the server never see each other's messages or overlap subjects.
 * Every stream with the prefix is deleted when the test ends.
 */
export function uniqueNatsNames(t: Teardown, server = natsUrl()): NatsNames {
  const id = uniqueId('t')
  const names = natsNames({ root: id, streamPrefix: id.toUpperCase() })
  t.teardown(async () => {
    const nc = await connect({ servers: server, reconnect: false }).catch(() => undefined)
    if (nc === undefined) return
    try {
      const jsm = await jetstreamManager(nc)
      for await (const name of jsm.streams.names()) {
        if (name.startsWith(`${id.toUpperCase()}_`))
          await jsm.streams.delete(name).catch(() => undefined)
      }
    } finally {
      await nc.close()
    }
  })
  return names
}

/** A NATS connection closed when the test ends. */
export async function connectNats(t: Teardown, server = natsUrl()): Promise<NatsConnection> {
  const nc = await connect({ servers: server, name: 'qms-test' })
  t.teardown(() => nc.close())
  return nc
}
