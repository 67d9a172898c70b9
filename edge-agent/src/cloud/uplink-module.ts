import { resolve } from 'node:path'
import { type Clock, natsNames, QmsError, type UplinkConfig } from '@qms/protocol'
import type { Logger } from 'pino'
import type { EdgeAgent } from '../agent.js'
import { readSeedFile } from '../uplink/seed.js'
import { createUplink, type Uplink, type UplinkTuning } from '../uplink/uplink.js'

/**
 * Connects the agent to the cloud (src/uplink/: the journal to JetStream, replays, requests and
 * commands from the cloud, the link state) with the hall file's `uplink` settings. Resolves at
 * once: the hall works while the connection is made, and for as long as it is missing.
 */
export async function startUplink(
  agent: EdgeAgent,
  config: UplinkConfig,
  logger?: Logger,
  options: Partial<UplinkTuning> & { clock?: Clock } = {},
): Promise<Uplink> {
  let nkeySeed = config.nkeySeed
  if (nkeySeed === undefined && config.seedFile !== undefined) {
    const read = readSeedFile(resolve(config.seedFile), agent.site)
    if (!read.ok) throw new QmsError('CONFIG_INVALID', `uplink: ${read.reason}`)
    nkeySeed = read.seed
  }
  const names = natsNames({ root: config.root, streamPrefix: config.streamPrefix })
  const log = logger?.child({ part: 'uplink' })
  log?.info(
    {
      servers: config.servers,
      subject: names.events(agent.site),
      stream: names.eventStream,
      auth:
        nkeySeed !== undefined
          ? 'nkey'
          : config.user !== undefined
            ? 'user'
            : config.token !== undefined
              ? 'token'
              : 'none',
    },
    'uplink starting',
  )
  return createUplink({
    ...options,
    hall: agent,
    servers: config.servers,
    ...(config.user === undefined ? {} : { user: config.user }),
    ...(config.password === undefined ? {} : { password: config.password }),
    ...(config.token === undefined ? {} : { token: config.token }),
    ...(nkeySeed === undefined ? {} : { nkeySeed }),
    names,
    ...(log === undefined ? {} : { logger: log }),
  })
}
