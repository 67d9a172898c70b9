import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.js'
import type { Teardown } from './teardown.js'

/** Where the nats-server binary is: $QMS_NATS_SERVER, then PATH, then Debian's /usr/sbin. */
export function natsServerBinary(): string | undefined {
  const candidates = [
    process.env.QMS_NATS_SERVER,
    ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
  ]
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c))
}

export interface PrivateNatsServer {
  port: number
  url: string
  storeDir: string
  /** Stops the server gracefully (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
  /** Kills the server (SIGKILL). */
  kill(): Promise<void>
  /** Starts it again on the same port with the same store. */
  start(): Promise<void>
}

export interface PrivateNatsOptions {
  /**
   * Extra configuration in nats-server's format (accounts, authorization…). The port, JetStream
   * store and listen address are written by the helper.
   */
  config?: string
}

/**
 * Its own nats-server with JetStream on a free port and a temporary store, for tests that must
 * stop the server, configure authorization, or otherwise not touch the shared one.
 */
export async function startNatsServer(
  t: Teardown,
  options: PrivateNatsOptions = {},
): Promise<PrivateNatsServer> {
  const binary = natsServerBinary()
  if (binary === undefined)
    throw new Error('nats-server is not installed (Debian: apt-get install nats-server)')
  const port = await freePort()
  const dir = await mkdtemp(join(tmpdir(), 'qms-nats-'))
  const storeDir = join(dir, 'store')
  const configFile = join(dir, 'nats.conf')
  await writeFile(
    configFile,
    `listen: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(storeDir)} }\n${options.config ?? ''}\n`,
  )
  let child: ChildProcess | undefined

  const start = async () => {
    const proc = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] })
    child = proc
    await new Promise<void>((resolve, reject) => {
      let log = ''
      const onData = (chunk: Buffer) => {
        log += chunk.toString()
        if (log.includes('Server is ready')) {
          proc.stderr?.off('data', onData)
          proc.stderr?.resume()
          resolve()
        }
      }
      proc.stderr?.on('data', onData)
      proc.once('exit', (code) =>
        reject(new Error(`nats-server exited with ${code}: ${log.slice(-2000)}`)),
      )
    })
  }
  const stopWith = async (signal: NodeJS.Signals) => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
    proc.kill(signal)
    await exited
  }
  t.teardown(async () => {
    await stopWith('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })
  await start()
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    storeDir,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
    start,
  }
}
