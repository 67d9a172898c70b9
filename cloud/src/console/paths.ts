import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * Where the console's files are. This module runs from `src/` (tests, with the source condition)
 * and from `dist/src/` (compiled); both find the package folder by its package.json.
 */

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error('@qms/cloud: package.json not found above this module')
    dir = up
  }
}

const root = packageRoot()

/** The built pages (`npm run build -w @qms/cloud`): `console/` and `m/` (the phone page). */
export const cloudPagesDir: string = join(root, 'dist', 'pages')

/** The demo accounts of the sample district (passwords in cloud/README.md; demos only). */
export const demoUsersPath: string = join(root, 'demo-users.json')
