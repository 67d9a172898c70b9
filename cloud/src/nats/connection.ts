import { connect, type NatsConnection, nkeyAuthenticator } from '@nats-io/transport-node'

export interface NatsConnectionConfig {
  servers: string[]
  user?: string | undefined
  password?: string | undefined
  token?: string | undefined
  /** A user nkey seed (`SU…`): the server holds only the public key. */
  nkeySeed?: string | undefined
}

/**
 * Connects to NATS for the cloud. Reconnects forever with jitter: the cloud outlives NATS
 * restarts; what it fetches and writes resumes from its checkpoints.
 */
export async function connectNats(
  config: NatsConnectionConfig,
  name: string,
): Promise<NatsConnection> {
  return await connect({
    servers: config.servers,
    name,
    user: config.user,
    pass: config.password,
    token: config.token,
    authenticator:
      config.nkeySeed === undefined
        ? undefined
        : nkeyAuthenticator(new TextEncoder().encode(config.nkeySeed)),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    timeout: 5000,
  })
}
