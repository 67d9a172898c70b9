import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BasePorts, PortMode } from './layout/ports.js'

/*
 * What a district run is made of, with its defaults. `createDistrict` takes these as they are;
 * only main.ts reads the environment and the command line to fill them.
 */

/** The halls `npm start` runs: the hub, three station halls and a township point. */
export const DEFAULT_HALLS = ['hub', 'st-01', 'st-02', 'st-03', 'pt-01'] as const

/** Simulated time per real time of the arrivals (a 9-hour hall day in 18 minutes). */
export const DEFAULT_SPEED = 30

/** This package's folder (from src/ when run from sources, dist/src/ when compiled). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

/** The scenario `npm start` plays (launcher/scenarios/district-day.json). */
export const DEFAULT_SCENARIO = join(packageRoot(), 'scenarios', 'district-day.json')

export interface DistrictOptions {
  /** Journals, logs, generated configuration, private service data (default `./.data`). */
  dataDir?: string
  /** Halls of the sample district to run (default DEFAULT_HALLS). */
  halls?: readonly string[]
  /** The sample district's folder (default @qms/protocol's `sample/`). */
  sampleDir?: string
  /** Address every server listens on (default 127.0.0.1: this machine only). */
  host?: string
  /** Host name in the printed URLs and ticket links (default: host, or 127.0.0.1 for 0.0.0.0). */
  publicHost?: string
  /** `fixed` (default): the documented ports when free; `free`: any free ports. */
  ports?: PortMode
  basePorts?: Partial<BasePorts>
  nats?: {
    /** Default nats://127.0.0.1:4222. */
    url?: string
    /** nats-server to start when the URL does not answer (default: searched on `path`). */
    program?: string
  }
  redis?: { url?: string; prefix?: string; program?: string }
  /** NATS subject root and stream prefix (QMS_NATS_ROOT, QMS_STREAM_PREFIX), shared by all. */
  names?: { root?: string; streamPrefix?: string }
  /** A hall's own NATS URL instead of the district's (a proxy, another server). */
  hallNats?: Readonly<Record<string, string>>
  /** Devices not to simulate, `<hall>/<device>` (a real keypad, a test's own device). */
  externalDevices?: readonly string[]
  /** Arrivals: speed (simulated per real time), scenario file, seed; false: no arrivals. */
  traffic?: false | { speed?: number; scenario?: string; seed?: number }
  /** Run BullMQ jobs in the cloud (default true). */
  jobs?: boolean
  /** The console's accounts file (QMS_USERS_FILE); default the cloud's demo accounts. */
  usersFile?: string
  /** pino level of the children (default info). */
  logLevel?: string
  /** Environment the children start from (QMS_ variables are dropped); default process.env. */
  env?: NodeJS.ProcessEnv
}

export interface ResolvedOptions {
  dataDir: string
  logDir: string
  halls: readonly string[]
  host: string
  publicHost: string
  ports: PortMode
  basePorts?: Partial<BasePorts>
  natsUrl: string
  natsProgram?: string
  redisUrl: string
  redisPrefix?: string
  redisProgram?: string
  names: { root?: string; streamPrefix?: string }
  hallNats: Readonly<Record<string, string>>
  external: ReadonlySet<string>
  traffic: false | { speed: number; scenario: string; seed?: number }
  jobs: boolean
  usersFile?: string
  logLevel: string
  env: NodeJS.ProcessEnv
}

export function resolveOptions(o: DistrictOptions): ResolvedOptions {
  const dataDir = resolve(o.dataDir ?? '.data')
  const host = o.host ?? '127.0.0.1'
  const halls = o.halls ?? DEFAULT_HALLS
  if (halls.length === 0) throw new Error('no halls to run')
  if (new Set(halls).size !== halls.length)
    throw new Error(`a hall is named twice: ${halls.join(',')}`)
  for (const site of Object.keys(o.hallNats ?? {}))
    if (!halls.includes(site)) throw new Error(`hallNats names ${site}, which does not run`)
  const speed = o.traffic === false ? 0 : (o.traffic?.speed ?? DEFAULT_SPEED)
  if (o.traffic !== false && !(speed > 0 && speed <= 3600))
    throw new Error(`the arrivals' speed must be above 0 and at most 3600, not ${speed}`)
  return {
    dataDir,
    logDir: join(dataDir, 'logs'),
    halls,
    host,
    publicHost: o.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host),
    ports: o.ports ?? 'fixed',
    basePorts: o.basePorts,
    natsUrl: o.nats?.url ?? 'nats://127.0.0.1:4222',
    natsProgram: o.nats?.program,
    redisUrl: o.redis?.url ?? 'redis://127.0.0.1:6379',
    redisPrefix: o.redis?.prefix,
    redisProgram: o.redis?.program,
    names: o.names ?? {},
    hallNats: o.hallNats ?? {},
    external: new Set(o.externalDevices ?? []),
    traffic:
      o.traffic === false
        ? false
        : { speed, scenario: o.traffic?.scenario ?? DEFAULT_SCENARIO, seed: o.traffic?.seed },
    jobs: o.jobs ?? true,
    usersFile: o.usersFile,
    logLevel: o.logLevel ?? 'info',
    env: o.env ?? process.env,
  }
}
