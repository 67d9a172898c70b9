import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ChildSpec } from '../processes/child.js'
import { Supervised } from '../processes/supervised.js'
import { findProgram } from './binaries.js'
import { probeNats, probeRedis } from './probe.js'

/*
 * NATS (with JetStream) and Redis for the district, in this order of preference:
 * 1. the ones already answering at the given URLs (loopback by default): a developer's own;
 * 2. private ones started from the installed `nats-server` / `redis-server` on free loopback
 *    ports, their data under <data>/services/ so that a restart continues the day;
 * 3. none: the halls run on their own, as they would with the network down, and the message
 *    says what is missing and the command that installs it.
 */

export const INSTALL_HINT = 'sudo apt-get install nats-server redis-server'

export type Service =
  | { kind: 'external'; name: ServiceName; url: string; version?: string }
  | { kind: 'private'; name: ServiceName; url: string; program: string; process: Supervised<true> }
  | {
      kind: 'missing'
      name: ServiceName
      /** Why the URL was not used. */
      urlReason: string
      /** Why no private one was started. */
      programReason: string
    }

export type ServiceName = 'nats' | 'redis'

export interface ServiceOptions {
  url: string
  /** The program's path (QMS_NATS_SERVER / QMS_REDIS_SERVER), else searched on `path`. */
  program?: string
  /** PATH to search. */
  path?: string
  dataDir: string
  logDir: string
  /** Chooses the private server's port. */
  port(): Promise<number>
  /** Environment of the private server. */
  env: NodeJS.ProcessEnv
}

function privateSpec(name: ServiceName, program: string, port: number, o: ServiceOptions) {
  const dir = join(o.dataDir, 'services', name === 'nats' ? 'nats' : 'redis')
  mkdirSync(dir, { recursive: true })
  const common = { env: o.env, cwd: dir, readyTimeoutMs: 30_000, stopTimeoutMs: 15_000 }
  if (name === 'nats')
    return (): ChildSpec<true> => ({
      ...common,
      name: 'nats-server',
      command: program,
      args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir, '-n', 'qms-district'],
      logFile: join(o.logDir, 'nats-server.log'),
      ready: (line) => (line.includes('Server is ready') ? true : undefined),
    })
  return (): ChildSpec<true> => ({
    ...common,
    name: 'redis-server',
    command: program,
    // Append-only file, synced every second: alerts and sessions live only in Redis.
    args: [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    logFile: join(o.logDir, 'redis-server.log'),
    ready: (line) => (line.includes('Ready to accept connections') ? true : undefined),
  })
}

/** Finds or starts one service. */
export async function provideService(name: ServiceName, o: ServiceOptions): Promise<Service> {
  const probe = name === 'nats' ? await probeNats(o.url) : await probeRedis(o.url)
  let urlReason: string
  if (probe.ok && (name === 'redis' || probe.jetstream === true))
    return { kind: 'external', name, url: o.url, version: probe.version }
  if (probe.ok) urlReason = `answers at ${o.url} but without JetStream (start it with -js)`
  else urlReason = `${o.url}: ${probe.reason}`

  const programName = name === 'nats' ? 'nats-server' : 'redis-server'
  const found = findProgram(programName, {
    explicit: o.program,
    explicitName: name === 'nats' ? 'QMS_NATS_SERVER' : 'QMS_REDIS_SERVER',
    path: o.path,
  })
  if (!found.ok) return { kind: 'missing', name, urlReason, programReason: found.reason }
  const port = await o.port()
  const process = new Supervised<true>(programName, privateSpec(name, found.path, port, o))
  try {
    await process.start()
  } catch (err) {
    const log = join(o.logDir, `${programName}.log`)
    return {
      kind: 'missing',
      name,
      urlReason,
      programReason: `${found.path} did not start (${(err as Error).message}; see ${log})`,
    }
  }
  const url = name === 'nats' ? `nats://127.0.0.1:${port}` : `redis://127.0.0.1:${port}`
  return { kind: 'private', name, url, program: found.path, process }
}

/** Stops a private service (a no-op for the others). */
export async function stopService(service: Service | undefined): Promise<void> {
  if (service?.kind === 'private') await service.process.stop()
}
