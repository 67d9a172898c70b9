import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import {
  type DistrictConfig,
  type HallConfig,
  HallConfig as HallConfigSchema,
  schemaIssues,
} from '@qms/protocol'
import type { HallPorts } from './ports.js'

/*
 * The district's own configuration, written under <data>/config/ at every start: each hall's
 * sample file with this machine's ports, its journal folder, its printers' real addresses and
 * the public address of ticket links; and a district file naming just the halls that run, for
 * the cloud. The sample files themselves are never changed.
 */

export interface SampleDistrict {
  dir: string
  district: DistrictConfig
  catalogueFile: string
  /** Hall files by id. */
  hallFiles: Map<string, string>
}

export function readSample(dir: string): SampleDistrict {
  const districtFile = join(dir, 'district.json')
  const district = JSON.parse(readFileSync(districtFile, 'utf8')) as DistrictConfig
  const hallFiles = new Map<string, string>()
  for (const rel of district.halls) {
    const file = resolve(dir, rel)
    const id = (JSON.parse(readFileSync(file, 'utf8')) as { id: string }).id
    hallFiles.set(id, file)
  }
  return { dir, district, catalogueFile: resolve(dir, district.catalogue), hallFiles }
}

export function readHall(sample: SampleDistrict, site: string): HallConfig {
  const file = sample.hallFiles.get(site)
  if (file === undefined)
    throw new Error(
      `no hall "${site}" in the sample district (ids: ${[...sample.hallFiles.keys()].slice(0, 6).join(', ')}, …)`,
    )
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown
  const issues = schemaIssues(HallConfigSchema, raw)
  if (issues.length > 0)
    throw new Error(`${file}: ${issues.map((i) => `${i.path} ${i.reason}`).join('; ')}`)
  return raw as HallConfig
}

export interface HallLayout {
  site: string
  config: HallConfig
  /** The generated hall file the edge is started with. */
  file: string
  /** The hall's journal folder. */
  dataDir: string
  ports: HallPorts
}

/**
 * Writes the hall's file for this run: listening ports and host, journal folder, printers at
 * `printerUrls` (printer id → tcp://…), ticket links under `publicUrl` (the cloud's ticket page)
 * when there is one.
 */
export function writeHallFile(options: {
  sample: SampleDistrict
  hall: HallConfig
  dataDir: string
  ports: HallPorts
  host: string
  printerUrls: ReadonlyMap<string, string>
  publicUrl?: string
}): HallLayout {
  const { hall, dataDir } = options
  const configDir = join(dataDir, 'config')
  const hallData = join(dataDir, 'halls', hall.id)
  mkdirSync(configDir, { recursive: true })
  mkdirSync(hallData, { recursive: true })
  // Paths relative to the file: readers resolve them from the file's folder.
  const config: HallConfig = {
    ...hall,
    catalogue: relative(configDir, options.sample.catalogueFile),
    broker: { host: options.host, tcpPort: options.ports.mqtt, wsPort: options.ports.ws },
    http: {
      host: options.host,
      port: options.ports.http,
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    },
    dataDir: hallData,
    ...(hall.printers === undefined
      ? {}
      : {
          printers: hall.printers.map((p) => ({
            ...p,
            interface: options.printerUrls.get(p.id) ?? p.interface,
          })),
        }),
  }
  const file = join(configDir, `${hall.id}.json`)
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`)
  return { site: hall.id, config, file, dataDir: hallData, ports: options.ports }
}

/** The district file for the cloud: the sample district's, with only the halls that run. */
export function writeDistrictFile(options: {
  sample: SampleDistrict
  dataDir: string
  halls: readonly HallLayout[]
}): string {
  const dir = join(options.dataDir, 'config')
  const district: DistrictConfig = {
    ...options.sample.district,
    catalogue: relative(dir, options.sample.catalogueFile),
    halls: options.halls.map((h) => relative(dir, h.file)),
  }
  const file = join(dir, 'district.json')
  mkdirSync(dir, { recursive: true })
  writeFileSync(file, `${JSON.stringify(district, null, 2)}\n`)
  return file
}
