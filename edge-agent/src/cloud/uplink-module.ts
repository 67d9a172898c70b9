import type { UplinkConfig } from '@qms/protocol'
import type { Logger } from 'pino'
import type { EdgeAgent } from '../agent.js'

/**
 * Where the uplink (src/uplink/: the journal to JetStream, commands and RPC from the cloud)
 * plugs in. It gets the agent's hooks: `journal`, `rpc`, `command`, `setLink`. Until the uplink
 * is part of the agent, a hall with an uplink configured runs on its own and says so.
 */
export async function startUplink(
  _agent: EdgeAgent,
  config: UplinkConfig,
  logger?: Logger,
): Promise<{ close(): Promise<void> } | undefined> {
  logger?.warn(
    { servers: config.servers },
    'uplink configured but not part of this build; the hall runs on its own',
  )
  return undefined
}
