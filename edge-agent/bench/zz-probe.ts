import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEdgeAgent, hashToken, setNoDelay } from '@qms/edge-agent'
import { mqttTopics } from '@qms/protocol'
import mqtt from 'mqtt'
import { benchCatalogue, benchHall } from './hall.js'
import { ms, summarize } from './stats.js'

const sync = (process.argv[2] ?? 'FULL') as 'FULL' | 'NORMAL'
const agent = await createEdgeAgent({
  hall: benchHall('bench', 1, 1, hashToken),
  catalogue: benchCatalogue(),
  dataDir: mkdtempSync(join(tmpdir(), 'zz-')),
  broker: { host: '127.0.0.1', tcpPort: 0, wsPort: 0 },
  http: { host: '127.0.0.1', port: 0 },
  synchronous: sync,
  printerFactory: null,
})
const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${agent.ports.mqtt}`, {
  clientId: 'k1',
  username: 'k1',
  password: 'tok-k1',
})
setNoDelay(c)
await c.subscribeAsync(mqttTopics.response('bench', 'k1'), { qos: 1 })
let done: (() => void) | undefined
c.on('message', () => done?.())
const rtt: number[] = []
for (let i = 0; i < 300; i++) {
  await new Promise((r) => setTimeout(r, 20))
  const t0 = performance.now()
  const p = new Promise<void>((r) => {
    done = r
  })
  c.publish(
    mqttTopics.request('bench', 'k1'),
    JSON.stringify({ reqId: `r${i}`, op: 'take', item: 'HJ-001' }),
    { qos: 1 },
  )
  await p
  rtt.push(performance.now() - t0)
}
const s = summarize(rtt.slice(50))
const text = await agent.metrics.registry.getSingleMetricAsString('qms_edge_journal_commit_seconds')
console.log(sync, 'client rtt', ms(s.p50), ms(s.p99))
console.log(
  text
    .split('\n')
    .filter((l) => /bucket|sum|count/.test(l))
    .join('\n'),
)
await c.endAsync()
await agent.close()
