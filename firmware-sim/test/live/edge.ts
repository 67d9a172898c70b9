import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Catalogue, HallConfig } from '@qms/protocol'
import { spawnProcess, type Teardown } from '@qms/test'

const edgeBin = new URL('../../../edge-agent/bin/qms-edge.js', import.meta.url).pathname

export interface RunningEdge {
  url: string
  dir: string
  hallFile: string
  stop(): Promise<unknown>
}

/** A real `qms-edge` process for a hall written to a temporary folder, on free ports. */
export async function startEdge(
  t: Teardown,
  hall: HallConfig,
  catalogue: Catalogue,
): Promise<RunningEdge> {
  const dir = await mkdtemp(join(tmpdir(), 'qms-sim-edge-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'catalogue.json'), JSON.stringify(catalogue))
  const hallFile = join(dir, 'hall.json')
  await writeFile(hallFile, JSON.stringify({ ...hall, catalogue: 'catalogue.json' }))
  const edge = spawnProcess(t, process.execPath, [edgeBin, '--config', hallFile], {
    env: {
      QMS_BROKER_PORT: '0',
      QMS_BROKER_WS_PORT: '0',
      QMS_HTTP_PORT: '0',
      QMS_HTTP_HOST: '127.0.0.1',
      QMS_DATA_DIR: join(dir, 'data'),
      QMS_LOG_LEVEL: 'info',
      QMS_NATS_URL: '',
    },
  })
  const line = await edge.waitForLine(/"event":"listening"/, 60_000)
  const { mqtt } = JSON.parse(line) as { mqtt: number }
  return { url: `mqtt://127.0.0.1:${mqtt}`, dir, hallFile, stop: () => edge.stop() }
}
