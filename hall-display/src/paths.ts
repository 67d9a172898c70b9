import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * Where the built pages are. This module runs from `src/` (tests, with the source condition)
 * and from `dist/src/` (compiled); both find the package folder by its package.json.
 */

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error('@qms/hall-display: package.json not found above this module')
    dir = up
  }
}

/** The built pages (`npm run build -w @qms/hall-display`): `display/` and `kiosk/`. */
export const pagesDir: string = join(packageRoot(), 'dist', 'pages')

/** The folder served at `/display/` (hall screen, window screen) and at `/kiosk/`. */
export const pageFolders = {
  display: join(pagesDir, 'display'),
  kiosk: join(pagesDir, 'kiosk'),
} as const

/** The window screen's page, served for every `/display/window/<n>`. */
export const windowPage: string = join(pagesDir, 'display', 'window.html')
