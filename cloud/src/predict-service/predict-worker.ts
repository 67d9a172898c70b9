import { parentPort, workerData } from 'node:worker_threads'
import type { Catalogue } from '@qms/protocol'
import { createRefreshRunner, type RefreshTask } from './run-refresh.js'

/*
 * A prediction worker thread: the forward simulation of a busy hall takes a second of CPU, which
 * must not stall the intake or the API on the main thread. It gets the catalogue once, then
 * refresh tasks; it answers each with the predictions or the error's message.
 */

const runner = createRefreshRunner((workerData as { catalogue: Catalogue }).catalogue)

parentPort?.on('message', (msg: { id: number; task: RefreshTask }) => {
  try {
    parentPort?.postMessage({ id: msg.id, ok: true, output: runner.run(msg.task) })
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, ok: false, error: (err as Error).message })
  }
})
