import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * The programs the district runs are its dependencies' declared bins (`qms-edge` of
 * @qms/edge-agent, `qms-cloud` of @qms/cloud), found the way Node finds a package: the nearest
 * node_modules folder, upwards from here, that holds it. They run compiled code (dist/), which
 * `npm ci` builds.
 */

function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) return undefined
  }
}

/** The absolute path of `bin` declared by package `name`. */
export function packageBin(name: string, bin: string): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const dir = packageDir(name, here)
  if (dir === undefined) throw new Error(`${name} is not installed: run npm ci`)
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>
  }
  const file = manifest.bin?.[bin]
  if (file === undefined) throw new Error(`${name} declares no bin ${bin}`)
  return resolve(dir, file)
}

/** Whether the bin's compiled entry exists (it imports ../dist/src/main.js). */
export function isBuilt(binFile: string): boolean {
  return existsSync(join(dirname(binFile), '..', 'dist', 'src', 'main.js'))
}

/** The sample district shipped with @qms/protocol (district.json, halls/, catalogue.json). */
export function sampleDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const dir = packageDir('@qms/protocol', here)
  if (dir === undefined) throw new Error('@qms/protocol is not installed: run npm ci')
  return join(dir, 'sample')
}
