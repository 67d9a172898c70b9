import type { Clock, NatsNames } from '@qms/protocol'
import type { Teardown } from '@qms/test'
import pino from 'pino'
import { createEdgeAgent, type EdgeAgent, type EdgeAgentOptions } from '../src/agent.js'
import { createUplink, type Uplink, type UplinkOptions } from '../src/uplink/index.js'
import { tempDir } from './fixtures/agent.js'
import { testCatalogue, testHall } from './fixtures/hall.js'

/*
 * A real edge agent of the test hall with its uplink, closed in the right order when the test
 * ends: the uplink first (it reads the journal), then the agent.
 */

export interface UplinkHall {
  agent: EdgeAgent
  uplink: Uplink
  dataDir: string
  /** Closes the uplink and the agent (idempotent), e.g. to restart on the same journal. */
  stop(): Promise<void>
}

export async function startAgentOnly(
  t: Teardown,
  options: Partial<EdgeAgentOptions> & { dataDir?: string } = {},
): Promise<{ agent: EdgeAgent; dataDir: string }> {
  const dataDir = options.dataDir ?? (await tempDir(t))
  const agent = await createEdgeAgent({
    catalogue: testCatalogue(),
    printerFactory: null,
    synchronous: 'NORMAL',
    ...options,
    hall: options.hall ?? testHall(),
    dataDir,
    broker: { host: '127.0.0.1', tcpPort: 0, wsPort: 0 },
    http: { host: '127.0.0.1', port: 0 },
  })
  return { agent, dataDir }
}

export async function startUplinkHall(
  t: Teardown,
  options: {
    url: string
    names: NatsNames
    dataDir?: string
    agent?: Partial<EdgeAgentOptions>
    uplink?: Partial<Omit<UplinkOptions, 'hall'>>
    clock?: Clock
  },
): Promise<UplinkHall> {
  const { agent, dataDir } = await startAgentOnly(t, {
    ...options.agent,
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  })
  const uplink = createUplink({
    hall: agent,
    servers: [options.url],
    names: options.names,
    logger: pino({ level: process.env.QMS_TEST_LOG ?? 'silent' }),
    ...options.uplink,
  })
  let stopping: Promise<void> | undefined
  const stop = () => {
    // As qms-edge stops: the agent drains, the uplink sends what that journaled, the journal closes.
    stopping ??= (async () => {
      await agent.drain()
      await uplink.close()
      await agent.close()
    })()
    return stopping
  }
  t.teardown(stop)
  return { agent, uplink, dataDir, stop }
}

/** Makes `count` events quickly: window 1 of the test hall opened, then paused and resumed in turn. */
export async function churn(agent: EdgeAgent, count: number, tag = 'churn'): Promise<void> {
  const target = agent.journal.lastSeq() + count
  let n = 0
  if (agent.state().windows.get('1')?.open !== true)
    await agent.handle('c1', { reqId: `${tag}-open`, op: 'open', window: '1' })
  let paused = agent.state().windows.get('1')?.paused === true
  while (agent.journal.lastSeq() < target) {
    const batch = Math.min(500, target - agent.journal.lastSeq())
    const requests = []
    for (let i = 0; i < batch; i++) {
      const op = paused ? 'resume' : 'pause'
      paused = !paused
      requests.push(agent.handle('c1', { reqId: `${tag}-${n++}`, op, window: '1' }))
    }
    const answers = await Promise.all(requests)
    const refused = answers.find((a) => !a.ok)
    if (refused !== undefined) throw new Error(`churn refused: ${JSON.stringify(refused)}`)
  }
}
