/*
 * Builds the hall pages into dist/pages/ (run by `npm run build`, and by the root `prepare`
 * after `tsc -b`, so `npm ci` leaves servable pages):
 *
 *   dist/pages/display/  index.html hall.js hall.css   the hall screen, served at /display/
 *                        window.html window.js window.css  the window screen, /display/window/<n>
 *   dist/pages/kiosk/    index.html kiosk.js kiosk.css  the kiosk, served at /kiosk/
 *
 * esbuild bundles each page's TypeScript (with @qms/protocol and qrcode) into one ES module for
 * the browsers halls run — Chromium-based kiosks and PCs a few years old — and the CSS with its
 * imports. Type-checking is tsc's job (pages/tsconfig.json); esbuild only strips the types.
 */
import { copyFile, mkdir, rm, stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'pages')
const pages = join(root, 'pages')
const TARGET = ['es2020', 'chrome90', 'firefox90', 'safari15']

await rm(out, { recursive: true, force: true })
const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: TARGET,
  outdir: out,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'eof',
} as const

const scripts = await build({
  ...common,
  entryPoints: {
    'display/hall': join(pages, 'display/main.ts'),
    'display/window': join(pages, 'window/main.ts'),
    'kiosk/kiosk': join(pages, 'kiosk/main.ts'),
  },
  format: 'esm',
  platform: 'browser',
  // The workspace packages' sources, as the tests see them: no build order between packages.
  conditions: ['@qms/source'],
})
const styles = await build({
  ...common,
  entryPoints: {
    'display/hall': join(pages, 'display/hall.css'),
    'display/window': join(pages, 'window/window.css'),
    'kiosk/kiosk': join(pages, 'kiosk/kiosk.css'),
  },
})
const html: Array<[string, string]> = [
  ['display/index.html', 'display/index.html'],
  ['window/index.html', 'display/window.html'],
  ['kiosk/index.html', 'kiosk/index.html'],
]
for (const [from, to] of html) {
  await mkdir(dirname(join(out, to)), { recursive: true })
  await copyFile(join(pages, from), join(out, to))
}

const outputs = [
  ...Object.keys(scripts.metafile.outputs),
  ...Object.keys(styles.metafile.outputs),
].filter((f) => !f.endsWith('.map'))
for (const f of outputs.sort()) {
  const { size } = await stat(f)
  process.stdout.write(
    `${relative(root, f).padEnd(36)} ${(size / 1024).toFixed(1).padStart(7)} KiB\n`,
  )
}
