import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  Catalogue,
  checkCatalogue,
  checkHall,
  HallConfig,
  type Issue,
  UplinkConfig,
  validate,
} from '@qms/protocol'
import { isValidTimeZone } from '../queue/index.js'
import { readSeedFile } from '../uplink/seed.js'
import { type ConfigProblem, consistencyFix, schemaFix } from './fixes.js'

/** The environment variables that override the hall file (only `main.ts` reads the environment). */
export const ENV_OVERRIDES = {
  QMS_BROKER_PORT: 'MQTT over TCP port (default 1883)',
  QMS_BROKER_WS_PORT: 'MQTT over WebSocket port (default 8883)',
  QMS_HTTP_PORT: 'HTTP port of the hall screen, kiosk and API (default 8080)',
  QMS_HTTP_HOST: 'HTTP listen address (default 0.0.0.0)',
  QMS_DATA_DIR: 'folder of the hall’s journal (default ./data/<hall id>)',
  QMS_NATS_URL: 'NATS server(s) of the cloud uplink, comma-separated',
  QMS_NATS_USER: 'uplink: NATS user (with QMS_NATS_PASSWORD)',
  QMS_NATS_PASSWORD: 'uplink: NATS password',
  QMS_NATS_TOKEN: 'uplink: NATS token',
  QMS_NATS_NKEY_SEED: 'uplink: the hall’s NATS nkey seed (SU…)',
  QMS_NATS_SEED_FILE: 'uplink: file with the seed, or the seeds JSON of qms-cloud nats-auth',
  QMS_NATS_ROOT: 'uplink: first token of the NATS subjects (default qms)',
  QMS_STREAM_PREFIX: 'uplink: prefix of the stream names (default QMS)',
  QMS_LOG_LEVEL: 'trace, debug, info (default), warn, error',
} as const

export type EdgeEnv = Partial<Record<keyof typeof ENV_OVERRIDES, string>>

/** Everything the agent needs, resolved: the hall, its catalogue, and where to listen and write. */
export interface EdgeSettings {
  hall: HallConfig
  catalogue: Catalogue
  hallFile: string
  catalogueFile: string
  dataDir: string
  logLevel: string
  broker: NonNullable<HallConfig['broker']>
  http: NonNullable<HallConfig['http']>
  uplink?: UplinkConfig
}

export type LoadResult =
  | { ok: true; settings: EdgeSettings }
  | { ok: false; problems: ConfigProblem[] }

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** The catalogue shipped with the protocol package (the sample district's). */
export function defaultCatalogueFile(): string {
  return fileURLToPath(import.meta.resolve('@qms/protocol/sample/catalogue.json'))
}

function readJson(file: string, what: string): { value?: unknown; problem?: ConfigProblem } {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    return {
      problem: {
        path: what,
        reason: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        fix: `check the path (relative paths are from ${what === '--config' ? 'the current folder' : 'the hall file'})`,
      },
    }
  }
  try {
    return { value: JSON.parse(text) }
  } catch (err) {
    return {
      problem: {
        path: what,
        reason: `${file} is not valid JSON: ${(err as Error).message}`,
        fix: 'fix the JSON syntax',
      },
    }
  }
}

function port(env: EdgeEnv, name: keyof EdgeEnv, problems: ConfigProblem[]): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push({
      path: `env ${name}`,
      reason: `"${raw}" is not a port`,
      fix: 'use a whole number from 0 to 65535',
    })
    return undefined
  }
  return n
}

/**
 * Reads and checks a hall file and its catalogue, applies the environment's overrides, and
 * returns the settings or every problem found, each with its field and a fix.
 */
export function loadEdgeSettings(file: string, env: EdgeEnv = {}, cwd = process.cwd()): LoadResult {
  const hallFile = resolve(cwd, file)
  const problems: ConfigProblem[] = []
  const raw = readJson(hallFile, '--config')
  if (raw.problem !== undefined) return { ok: false, problems: [raw.problem] }
  const checked = validate(HallConfig, raw.value)
  if (!checked.ok) {
    // One problem per field: a missing field is also "not an array", which says nothing more.
    const seen = new Set<string>()
    const issues: Issue[] = checked.error.issues.filter(
      (i) => !seen.has(i.path) && seen.add(i.path),
    )
    return {
      ok: false,
      problems: issues.map((i) => ({
        path: i.path || '/',
        reason: i.reason,
        fix: schemaFix(HallConfig, i),
      })),
    }
  }
  const hall = checked.value
  const catalogueFile =
    hall.catalogue === undefined
      ? defaultCatalogueFile()
      : isAbsolute(hall.catalogue)
        ? hall.catalogue
        : resolve(dirname(hallFile), hall.catalogue)
  const rawCatalogue = readJson(catalogueFile, '/catalogue')
  if (rawCatalogue.problem !== undefined) return { ok: false, problems: [rawCatalogue.problem] }
  const cat = validate(Catalogue, rawCatalogue.value)
  if (!cat.ok) {
    return {
      ok: false,
      problems: cat.error.issues.map((i) => ({
        path: `${catalogueFile}#${i.path}`,
        reason: i.reason,
        fix: schemaFix(Catalogue, i),
      })),
    }
  }
  const catalogue = cat.value
  const known = {
    windows: hall.windows.map((w) => w.no),
    categories: catalogue.categories.map((c) => c.code),
    printers: (hall.printers ?? []).map((p) => p.id),
  }
  for (const i of checkCatalogue(catalogue))
    problems.push({
      path: `${catalogueFile}#${i.path}`,
      reason: i.reason,
      fix: consistencyFix(i, known),
    })
  for (const i of checkHall(hall, catalogue))
    problems.push({ path: i.path, reason: i.reason, fix: consistencyFix(i, known) })
  if (hall.timezone !== undefined && !isValidTimeZone(hall.timezone))
    problems.push({
      path: '/timezone',
      reason: `unknown time zone ${hall.timezone}`,
      fix: 'use an IANA zone name such as "Asia/Shanghai"',
    })

  const tcpPort = port(env, 'QMS_BROKER_PORT', problems)
  const wsPort = port(env, 'QMS_BROKER_WS_PORT', problems)
  const httpPort = port(env, 'QMS_HTTP_PORT', problems)
  const logLevel = env.QMS_LOG_LEVEL ?? 'info'
  if (!LOG_LEVELS.includes(logLevel))
    problems.push({
      path: 'env QMS_LOG_LEVEL',
      reason: `"${logLevel}" is not a level`,
      fix: `use one of: ${LOG_LEVELS.join(', ')}`,
    })
  let uplink = hall.uplink
  if (env.QMS_NATS_URL !== undefined && env.QMS_NATS_URL !== '') {
    const servers = env.QMS_NATS_URL.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
    const bad = servers.filter((s) => !/^(nats|tls):\/\/[^\s]+$/.test(s))
    if (bad.length > 0 || servers.length === 0)
      problems.push({
        path: 'env QMS_NATS_URL',
        reason: `not a NATS URL: ${bad.join(', ')}`,
        fix: 'use nats://host:4222 (comma-separated for several)',
      })
    else uplink = { ...hall.uplink, servers }
  }
  if (uplink !== undefined) uplink = uplinkFromEnv(uplink, env, hallFile, cwd, hall.id, problems)
  if (problems.length > 0) return { ok: false, problems }

  const broker = { ...hall.broker }
  if (tcpPort !== undefined) broker.tcpPort = tcpPort
  if (wsPort !== undefined) broker.wsPort = wsPort
  const http = { ...hall.http }
  if (httpPort !== undefined) http.port = httpPort
  if (env.QMS_HTTP_HOST !== undefined && env.QMS_HTTP_HOST !== '') http.host = env.QMS_HTTP_HOST
  const dataDir = resolve(cwd, env.QMS_DATA_DIR || hall.dataDir || `./data/${hall.id}`)
  return {
    ok: true,
    settings: {
      hall,
      catalogue,
      hallFile,
      catalogueFile,
      dataDir,
      logLevel,
      broker,
      http,
      ...(uplink === undefined ? {} : { uplink }),
    },
  }
}

const UPLINK_ENV = {
  QMS_NATS_USER: 'user',
  QMS_NATS_PASSWORD: 'password',
  QMS_NATS_TOKEN: 'token',
  QMS_NATS_NKEY_SEED: 'nkeySeed',
  QMS_NATS_SEED_FILE: 'seedFile',
  QMS_NATS_ROOT: 'root',
  QMS_STREAM_PREFIX: 'streamPrefix',
} as const

const UPLINK_ENV_FIX: Record<(typeof UPLINK_ENV)[keyof typeof UPLINK_ENV], string> = {
  user: 'use at most 64 characters',
  password: 'use at most 256 characters',
  token: 'use at most 256 characters',
  nkeySeed: 'use the hall’s seed from qms-cloud nats-auth --seeds (SU…)',
  seedFile: 'use a shorter path',
  root: 'use 1 to 64 letters, digits, _ or -, as the cloud’s QMS_NATS_ROOT',
  streamPrefix: 'use 1 to 64 letters, digits, _ or -, as the cloud’s QMS_STREAM_PREFIX',
}

/**
 * The uplink's credentials and NATS names from the environment over the hall file's; a seed file
 * (relative to the hall file, or to the current folder when named in the environment) is read
 * into `nkeySeed`.
 */
function uplinkFromEnv(
  base: UplinkConfig,
  env: EdgeEnv,
  hallFile: string,
  cwd: string,
  site: string,
  problems: ConfigProblem[],
): UplinkConfig {
  const uplink: UplinkConfig = { ...base }
  if (uplink.seedFile !== undefined) uplink.seedFile = resolve(dirname(hallFile), uplink.seedFile)
  for (const [name, field] of Object.entries(UPLINK_ENV) as Array<
    [keyof typeof UPLINK_ENV, (typeof UPLINK_ENV)[keyof typeof UPLINK_ENV]]
  >) {
    const value = env[name]
    if (value === undefined || value === '') continue
    uplink[field] = field === 'seedFile' ? resolve(cwd, value) : value
    const checked = validate(UplinkConfig, uplink)
    if (!checked.ok && checked.error.issues.some((i) => i.path === `/${field}`)) {
      problems.push({
        path: `env ${name}`,
        reason: field === 'nkeySeed' ? 'not a user nkey seed' : 'not valid here',
        fix: UPLINK_ENV_FIX[field],
      })
      delete uplink[field]
    }
  }
  if (uplink.nkeySeed === undefined && uplink.seedFile !== undefined) {
    const read = readSeedFile(uplink.seedFile, site)
    if (read.ok) uplink.nkeySeed = read.seed
    else
      problems.push({
        path: env.QMS_NATS_SEED_FILE ? 'env QMS_NATS_SEED_FILE' : '/uplink/seedFile',
        reason: read.reason,
        fix: 'point it at the seed (SU…) or at the seeds file of qms-cloud nats-auth --seeds',
      })
  }
  return uplink
}

/** Problems as lines for a person: the field, what is wrong, and the fix. */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  const lines = [
    `qms-edge: ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
  ]
  for (const p of problems) lines.push(`  ${p.path}: ${p.reason}`, `    fix: ${p.fix}`)
  return `${lines.join('\n')}\n`
}
