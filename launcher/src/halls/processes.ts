import { join } from 'node:path'
import { Supervised } from '../processes/supervised.js'

/*
 * The district's long-running programs, as child processes: one `qms-edge` per hall and the
 * `qms-cloud`. Each gets a clean environment — every QMS_ variable of the launcher's own is
 * dropped first, so a QMS_HTTP_PORT left in the shell cannot put five halls on one port — and
 * only what the launcher decided for it.
 */

export interface EdgeReady {
  mqtt: number
  ws: number
  http: number
  seq: number
}

export interface CloudReady {
  port: number
  instance: string
}

/** The launcher's environment without any QMS_ setting. */
export function baseEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('QMS_')) out[k] = v
  return out
}

const defined = (o: Record<string, string | undefined>): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''))

export interface NatsNamesEnv {
  root?: string
  streamPrefix?: string
}

export function edgeProcess(o: {
  site: string
  bin: string
  hallFile: string
  logDir: string
  env: NodeJS.ProcessEnv
  /** The hall's NATS (undefined: no uplink, the hall runs on its own). */
  natsUrl: () => string | undefined
  names: NatsNamesEnv
  logLevel: string
}): Supervised<EdgeReady> {
  return new Supervised<EdgeReady>(o.site, () => ({
    name: o.site,
    command: process.execPath,
    args: [o.bin, '--config', o.hallFile],
    env: {
      ...o.env,
      ...defined({
        QMS_NATS_URL: o.natsUrl(),
        QMS_NATS_ROOT: o.names.root,
        QMS_STREAM_PREFIX: o.names.streamPrefix,
        QMS_LOG_LEVEL: o.logLevel,
      }),
    },
    logFile: join(o.logDir, `hall-${o.site}.log`),
    ready: edgeReady,
    readyTimeoutMs: 60_000,
    // The edge drains within 10 s on its own (uplink 3 s, then the agent).
    stopTimeoutMs: 15_000,
  }))
}

export function edgeReady(line: string): EdgeReady | undefined {
  if (!line.includes('"event":"listening"')) return undefined
  const l = JSON.parse(line) as EdgeReady
  return { mqtt: l.mqtt, ws: l.ws, http: l.http, seq: l.seq }
}

export function cloudProcess(o: {
  bin: string
  logDir: string
  env: NodeJS.ProcessEnv
  natsUrl: string
  redisUrl: string
  redisPrefix?: string
  names: NatsNamesEnv
  districtFile: string
  host: string
  port: number
  logLevel: string
  /** QMS_USERS_FILE of the launcher's environment, passed on. */
  usersFile?: string
  jobs: boolean
  instance?: number
}): Supervised<CloudReady> {
  const name = o.instance === undefined ? 'cloud' : `cloud-${o.instance}`
  return new Supervised<CloudReady>(name, () => ({
    name,
    command: process.execPath,
    args: [o.bin],
    env: {
      ...o.env,
      ...defined({
        QMS_NATS_URL: o.natsUrl,
        QMS_REDIS_URL: o.redisUrl,
        QMS_REDIS_PREFIX: o.redisPrefix,
        QMS_NATS_ROOT: o.names.root,
        QMS_STREAM_PREFIX: o.names.streamPrefix,
        QMS_DISTRICT: o.districtFile,
        QMS_HTTP_HOST: o.host,
        QMS_HTTP_PORT: String(o.port),
        QMS_USERS_FILE: o.usersFile,
        QMS_JOBS: o.jobs ? '1' : '0',
        QMS_LOG_LEVEL: o.logLevel,
      }),
    },
    logFile: join(o.logDir, `${name}.log`),
    ready: cloudReady,
    readyTimeoutMs: 90_000,
    // The cloud drains within 15 s on its own.
    stopTimeoutMs: 20_000,
  }))
}

export function cloudReady(line: string): CloudReady | undefined {
  if (!line.includes('"msg":"listening"')) return undefined
  const l = JSON.parse(line) as { port: number; instance: string }
  return { port: l.port, instance: l.instance }
}
